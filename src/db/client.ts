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
  // 32 MiB of page cache (SQLite's default is 2 MiB): the upper levels of the answers' indexes of a national round
  // (millions of rows) stay in memory, so a save does not read them again from the file.
  sqlite.pragma("cache_size = -32768");
  retryStaleSnapshots(sqlite);
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

/**
 * A transaction begins DEFERRED: a read transaction until its first write. With other processes writing to the file
 * (the workers of WEB_CONCURRENCY, the command line), one that reads and then writes fails with SQLITE_BUSY_SNAPSHOT
 * when another connection committed in between: its snapshot is stale, and busy_timeout does not apply. The outermost
 * transaction is then run once more as IMMEDIATE (the write lock taken first, waiting up to busy_timeout); nothing of
 * the first attempt was written. (Nested transactions are savepoints of the outermost, which retries as a whole;
 * `.deferred()`, `.immediate()` and `.exclusive()` run as asked.)
 */
function retryStaleSnapshots(sqlite: Database.Database): void {
  type Run = (...args: unknown[]) => unknown;
  const make = sqlite.transaction.bind(sqlite) as unknown as (fn: Run) => Run & { deferred: Run; immediate: Run; exclusive: Run };
  const transaction = (fn: Run) => {
    const made = make(fn);
    const run: Run = (...args) => {
      if (sqlite.inTransaction) return made(...args);
      try {
        return made(...args);
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY_SNAPSHOT" || sqlite.inTransaction) throw error;
        return made.immediate(...args);
      }
    };
    return Object.assign(run, { default: run, deferred: made.deferred, immediate: made.immediate, exclusive: made.exclusive });
  };
  sqlite.transaction = transaction as unknown as Database.Database["transaction"];
}

/** True when the database answers a trivial query: what /healthz checks. */
export function isDatabaseHealthy(database: AppDatabase): boolean {
  try {
    return database.sqlite.prepare("select 1 as ok").get() !== undefined;
  } catch {
    return false;
  }
}
