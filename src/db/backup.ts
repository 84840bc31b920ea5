// Online backups with SQLite's backup API (consistent while the app serves), and restore, refused while the app runs.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const pidFileName = "cna.pid";

/** Written by the server at start and removed at shutdown, so that restore can tell the app is running. */
export function writePidFile(dataDir: string): () => void {
  const file = path.join(dataDir, pidFileName);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // Already gone: nothing to clean.
    }
  };
}

/** The pid of a live server using this data folder, or null (a stale file left by a crash does not count). */
export function runningServerPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, pidFileName), "utf8").trim());
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

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
export function restoreDatabase(backupFile: string, databasePath: string, dataDir: string, now = new Date()): string | null {
  const pid = runningServerPid(dataDir);
  if (pid !== null) throw new Error(`The app is running (pid ${pid}) on ${dataDir}: stop it before restoring.`);
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
