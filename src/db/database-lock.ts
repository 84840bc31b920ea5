// "Is the app running on this database?" decided from the database file itself: the running app holds
// `<database file>.lock` (created exclusively, holding its pid, removed at exit). Whatever DATA_DIR or DATABASE_PATH
// another process was given, the same file means the same lock; a lock whose process is gone is stale and taken over.
import fs from "node:fs";
import path from "node:path";

/** The lock file of a database, from its real location (symlinks and relative paths resolved). */
export function databaseLockPath(databasePath: string): string {
  const absolute = path.resolve(databasePath);
  let real: string;
  try {
    real = fs.realpathSync(absolute);
  } catch {
    try {
      real = path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
    } catch {
      real = absolute;
    }
  }
  return `${real}.lock`;
}

/** True when `pid` is a live process other than this one that may be the app (a node process, where /proc tells). */
function isLiveApp(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's: still counts as running.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    // After a crash the pid may have been reused by something else: a non-node process is not our app.
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node");
  } catch {
    return true;
  }
}

/** The pid of a live app holding the database, or null (no lock, or a stale one left by a crash). */
export function databaseLockHolder(databasePath: string): number | null {
  if (databasePath === ":memory:") return null;
  let content: string;
  try {
    content = fs.readFileSync(databaseLockPath(databasePath), "utf8");
  } catch {
    return null;
  }
  const pid = Number(content.trim());
  return isLiveApp(pid) ? pid : null;
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly databasePath: string,
    readonly pid: number,
  ) {
    super(`The app is running (pid ${pid}) on ${databasePath}: stop it first. (If no such app runs, remove ${databaseLockPath(databasePath)}.)`);
    this.name = "DatabaseInUseError";
  }
}

/**
 * Takes the database's lock for this process, or throws DatabaseInUseError when a live app holds it. Returns the
 * release function (also run at process exit); releasing removes the file only while it is still ours.
 */
export function acquireDatabaseLock(databasePath: string): () => void {
  if (databasePath === ":memory:") return () => {};
  const file = databaseLockPath(databasePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const holder = databaseLockHolder(databasePath);
      if (holder !== null) throw new DatabaseInUseError(databasePath, holder);
      // Stale: its process is gone. Remove it and try once more (a racing starter then wins or loses cleanly).
      fs.rmSync(file, { force: true });
    }
  }
  const release = () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
    process.off("exit", release);
  };
  process.on("exit", release);
  return release;
}
