import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";

describe("database migrations", () => {
  it("create every table on a fresh file, in WAL mode with foreign keys on", () => {
    const file = path.join(makeTempDir(), "fresh.sqlite");
    const database = openDatabase(file);
    const tables = database.sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        "answer_revisions",
        "answers",
        "api_tokens",
        "assessment_members",
        "assessments",
        "audit_log",
        "countries",
        "instrument_versions",
        "invitations",
        "organisations",
        "password_resets",
        "report_snapshots",
        "responses",
        "sessions",
        "user_countries",
        "users",
      ]),
    );
    expect(database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    database.close();
  });

  it("are idempotent: opening the same file again applies nothing twice", () => {
    const file = path.join(makeTempDir(), "again.sqlite");
    openDatabase(file).close();
    const database = openDatabase(file);
    const applied = database.sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get();
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    expect(applied).toBe(journal.entries.length);
    database.close();
  });

  it("enforce foreign keys", () => {
    const database = openDatabase(":memory:");
    expect(() => database.sqlite.prepare("insert into organisations (assessment_id, name, type) values (999, 'X', 'ministry')").run()).toThrow(/FOREIGN KEY/);
    database.close();
  });
});
