// WAL checkpoints in a worker thread: the log is copied into the database file while the app keeps writing, and the
// app's connection falls back to SQLite's default checkpoints once the worker stops.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startBackgroundCheckpoints, type CheckpointReport } from "../../src/db/checkpointer";
import { openDatabase, type AppDatabase } from "../../src/db/client";
import { makeTempDir } from "../support/app";

function waitFor(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

describe("background WAL checkpoints", () => {
  let database: AppDatabase | undefined;
  afterEach(() => database?.close());

  it("copies committed writes into the database file from its own thread, and hands back to SQLite when stopped", async () => {
    const file = path.join(makeTempDir(), "cna.sqlite");
    database = openDatabase(file, { migrate: false });
    database.sqlite.exec("create table notes (id integer primary key, body text not null)");
    const reports: CheckpointReport[] = [];
    const checkpoints = startBackgroundCheckpoints(database, file, { intervalMs: 25, onReport: (r) => reports.push(r) })!;
    expect(checkpoints).not.toBeNull();
    // While the worker runs, the app's connection only checkpoints far past SQLite's default of 1,000 pages.
    expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);

    const insert = database.sqlite.prepare("insert into notes (body) values (?)");
    for (let i = 0; i < 200; i++) insert.run(`note ${i} `.repeat(50));
    // The inserts ran before any await, so every report from now on describes the log with all 200 rows in it.
    reports.length = 0;
    await waitFor(() => reports.some((r) => (r.log ?? 0) > 0 && r.checkpointed === r.log), "a complete checkpoint by the worker");
    expect(reports.filter((r) => r.error)).toEqual([]);

    // The database file itself (not only the log) now holds the rows: a copy of the file alone, without its -wal,
    // opened read-only, finds them. The app's connection never checkpointed (its mark is 10,000 pages).
    const copy = path.join(makeTempDir(), "copy.sqlite");
    fs.copyFileSync(file, copy);
    const reader = new Database(copy, { readonly: true });
    expect(reader.prepare("select count(*) from notes").pluck().get()).toBe(200);
    reader.close();

    await checkpoints.stop();
    expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1_000);
  });

  it("does nothing for an in-memory database", () => {
    database = openDatabase(":memory:", { migrate: false });
    expect(startBackgroundCheckpoints(database, ":memory:")).toBeNull();
  });
});
