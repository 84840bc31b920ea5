// Keeps the countries table equal to data/countries.json (upsert at every start), so assessments can reference them.
// One prepared statement for every row (building a query per country was a tenth of a later start), and a row is
// written only where it differs.
import type { AppDatabase } from "../db/client";
import type { CountryDirectory } from "./repository";

export function syncCountries(database: AppDatabase, directory: CountryDirectory): number {
  const rows = directory.all().map((c) => [c.iso3, c.m49, c.name, c.region, c.subregion, JSON.stringify([...c.groups])] as const);
  const upsert = database.sqlite.prepare(
    `insert into countries (iso3, m49, name, region, subregion, groups) values (?, ?, ?, ?, ?, ?)
     on conflict (iso3) do update set m49 = excluded.m49, name = excluded.name, region = excluded.region, subregion = excluded.subregion, groups = excluded.groups
     where (countries.m49, countries.name, countries.region, countries.subregion, countries.groups) is not
           (excluded.m49, excluded.name, excluded.region, excluded.subregion, excluded.groups)`,
  );
  database.sqlite.transaction(() => {
    for (const row of rows) upsert.run(...row);
  })();
  return rows.length;
}
