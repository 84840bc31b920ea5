// Keeps the countries table equal to data/countries.json (upsert at every start), so assessments can reference them.
import { sql } from "drizzle-orm";
import type { AppDatabase } from "../db/client";
import { countries } from "../db/schema";
import type { CountryDirectory } from "./repository";

export function syncCountries(database: AppDatabase, directory: CountryDirectory): number {
  const rows = directory.all().map((c) => ({ iso3: c.iso3, m49: c.m49, name: c.name, region: c.region, subregion: c.subregion, groups: [...c.groups] }));
  database.sqlite.transaction(() => {
    for (const row of rows) {
      database.db
        .insert(countries)
        .values(row)
        .onConflictDoUpdate({
          target: countries.iso3,
          set: {
            m49: sql`excluded.m49`,
            name: sql`excluded.name`,
            region: sql`excluded.region`,
            subregion: sql`excluded.subregion`,
            groups: sql`excluded.groups`,
          },
        })
        .run();
    }
  })();
  return rows.length;
}
