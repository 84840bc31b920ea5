// Opens the SQLite database (WAL, foreign keys) and applies the committed drizzle-kit migrations.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

export interface AppDatabase {
  /** The drizzle handle every repository uses. */
  db: Db;
  /** The raw connection, for the few set-based queries and pragmas drizzle does not express. */
  sqlite: Database.Database;
  close(): void;
}

export const migrationsFolder = path.resolve(path.dirname(new URL(import.meta.url).pathname), "migrations");

export function openDatabase(databasePath: string, options: { migrate?: boolean } = {}): AppDatabase {
  if (databasePath !== ":memory:") fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  const sqlite = new Database(databasePath);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a committed transaction survives a crash of the process (not of the OS); see docs/decisions.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  if (options.migrate ?? true) migrate(db, { migrationsFolder });
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** True when the database answers a trivial query: what /healthz checks. */
export function isDatabaseHealthy(database: AppDatabase): boolean {
  try {
    return database.sqlite.prepare("select 1 as ok").get() !== undefined;
  } catch {
    return false;
  }
}
