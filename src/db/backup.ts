// Online backups with SQLite's backup API (consistent while the app serves), and restore, refused while the app runs
// on that database file (database-lock.ts: the lock beside the file, whatever DATA_DIR says).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { acquireDatabaseLock } from "./database-lock";

export async function backupDatabase(databasePath: string, target: string): Promise<{ pages: number; bytes: number }> {
  const resolved = path.resolve(target);
  if (fs.existsSync(resolved)) throw new Error(`${resolved} already exists; choose a new file name.`);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  const source = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const result = await source.backup(resolved);
    return { pages: result.totalPages, bytes: fs.statSync(resolved).size };
  } finally {
    source.close();
  }
}

/** Checks that `file` is an intact database of this application. */
export function inspectBackup(file: string): { migrations: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file}: cannot be opened as a SQLite database (${(error as Error).message}).`);
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`${file}: integrity check failed: ${integrity}`);
    const hasMigrations = db.prepare("select count(*) from sqlite_master where name = '__drizzle_migrations'").pluck().get();
    if (!hasMigrations) throw new Error(`${file}: not a Capacity Needs Assessment database (no migrations table).`);
    return { migrations: db.prepare("select count(*) from __drizzle_migrations").pluck().get() as number };
  } catch (error) {
    if ((error as Error).message.startsWith(file)) throw error;
    throw new Error(`${file}: not a readable database (${(error as Error).message}).`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the database with the backup: copied beside it first, then renamed in one step. The database it replaces
 * is kept as `<name>.before-restore-<time>` (its WAL checkpointed into it first), so a wrong restore can be undone.
 * Returns that file, or null when there was no database.
 */
export function restoreDatabase(backupFile: string, databasePath: string, now = new Date()): string | null {
  // Holding the lock while restoring also keeps an app from starting on a half-restored database.
  const release = acquireDatabaseLock(databasePath);
  try {
    return replaceDatabase(backupFile, databasePath, now);
  } finally {
    release();
  }
}

function replaceDatabase(backupFile: string, databasePath: string, now: Date): string | null {
  inspectBackup(backupFile);
  fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  let previous: string | null = null;
  if (fs.existsSync(databasePath)) {
    const current = new Database(databasePath);
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    previous = `${databasePath}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    fs.copyFileSync(databasePath, previous);
  }
  const staging = `${databasePath}.restoring`;
  fs.copyFileSync(backupFile, staging);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${databasePath}${suffix}`, { force: true });
  fs.renameSync(staging, databasePath);
  return previous;
}
