// Migration 0003 on a database with accounts: the old default 'en' becomes "follow the browser" (null), other
// languages stay chosen, and nothing that points at users (sessions, countries, tokens) is lost on the way.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";

/** A copy of the migrations folder that stops before `tag`, to build a database as an older release left it. */
function migrationsBefore(tag: string): string {
  const folder = path.join(makeTempDir("cna-migrations-"), "migrations");
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe("migration 0003 (staff locale follows the browser)", () => {
  it("turns the old default 'en' into null, keeps other choices, and keeps what refers to the users", async () => {
    const file = path.join(makeTempDir(), "before.sqlite");
    const { migrate } = await import("drizzle-orm/better-sqlite3/migrator");
    const old = openDatabase(file, { migrate: false });
    migrate(old.db, { migrationsFolder: migrationsBefore("0003_staff_locale_follows_browser") });
    const insertUser = old.sqlite.prepare("insert into users (email, role, password_hash, locale) values (?, 'expert', 'x', ?) returning id");
    const english = (insertUser.get("en@example.org", "en") as { id: number }).id;
    const french = (insertUser.get("fr@example.org", "fr") as { id: number }).id;
    old.sqlite
      .prepare("insert into countries (iso3, m49, name, region, subregion, groups) values ('LAO', '418', 'Laos', 'Asia', 'South-eastern Asia', '[]')")
      .run();
    old.sqlite.prepare("insert into user_countries (user_id, country_iso3) values (?, 'LAO')").run(french);
    old.sqlite
      .prepare("insert into sessions (id, user_id, data, created_at, last_seen_at, expires_at) values ('s1', ?, '{}', 0, 0, 4102444800000)")
      .run(english);
    old.close();

    const database = openDatabase(file);
    const rows = database.sqlite.prepare("select email, locale from users order by id").all();
    expect(rows).toEqual([
      { email: "en@example.org", locale: null },
      { email: "fr@example.org", locale: "fr" },
    ]);
    expect(database.sqlite.prepare("select count(*) from user_countries").pluck().get()).toBe(1);
    expect(database.sqlite.prepare("select count(*) from sessions").pluck().get()).toBe(1);
    const column = database.sqlite.prepare("select * from pragma_table_info('users') where name = 'locale'").get() as { notnull: number; dflt_value: unknown };
    expect(column).toMatchObject({ notnull: 0, dflt_value: null });
    expect(database.sqlite.pragma("foreign_key_check")).toEqual([]);
    database.close();
  });
});
