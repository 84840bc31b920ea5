// The worker thread of checkpointer.ts (plain JavaScript, so that it starts the same under tsx, vitest and node):
// its own connection to the database file, a PASSIVE checkpoint on a timer, the result reported to the app.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.databasePath, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
db.pragma("synchronous = NORMAL");

function checkpoint() {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    if (result.log > 0) parentPort.postMessage({ checkpointed: result.checkpointed, log: result.log });
  } catch (error) {
    parentPort.postMessage({ error: String(error?.message ?? error) });
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
