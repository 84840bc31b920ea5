// WAL checkpoints off the request thread. SQLite copies the write-ahead log back into the database file (and syncs
// it) every 1,000 pages by default, inside whichever commit crosses the mark: under a stream of autosaves that is a
// request stalled for milliseconds several times a second. A worker thread with its own connection runs a PASSIVE
// checkpoint (it never blocks readers or writers) every interval instead; the app's connection keeps a much higher
// automatic mark only as a safety net, should the worker fall behind or stop.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { AppDatabase } from "./client";

/** The app's own connection checkpoints only past this many WAL pages (about 40 MB) while the worker runs. */
const SAFETY_NET_PAGES = 10_000;
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

export interface CheckpointReport {
  checkpointed?: number;
  log?: number;
  error?: string;
}

export interface BackgroundCheckpoints {
  /** Stops the worker (and restores SQLite's default automatic checkpoints); call before closing the database. */
  stop(): Promise<void>;
}

export function startBackgroundCheckpoints(
  database: AppDatabase,
  databasePath: string,
  options: { intervalMs?: number; onReport?: (report: CheckpointReport) => void } = {},
): BackgroundCheckpoints | null {
  if (databasePath === ":memory:") return null;
  const worker = new Worker(path.join(path.dirname(new URL(import.meta.url).pathname), "checkpoint-worker.mjs"), {
    workerData: { databasePath, intervalMs: options.intervalMs ?? 1000 },
  });
  worker.unref();
  worker.on("message", (report: CheckpointReport) => options.onReport?.(report));
  // A worker that dies leaves the safety net: restore the default so the WAL cannot grow past its usual size.
  const restoreDefault = () => {
    if (database.sqlite.open) database.sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on("error", (error) => {
    options.onReport?.({ error: error.message });
    restoreDefault();
  });
  database.sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  return {
    async stop() {
      restoreDefault();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      await exited;
    },
  };
}

/**
 * For a connection in a process other than the one whose worker thread checkpoints (the workers of WEB_CONCURRENCY):
 * its own commits checkpoint only past the safety net, as the checkpointing process's connection does.
 */
export function leaveCheckpointsToAnotherProcess(database: AppDatabase): void {
  database.sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
}
