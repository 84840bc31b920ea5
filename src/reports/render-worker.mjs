// The worker thread of render-pool.ts: renders report files (PDF, Word) off the thread that answers requests. Plain
// JavaScript, so that it starts the same under tsx, vitest and node; it loads the TypeScript renderers through tsx
// when the thread cannot load them by itself (a thread started by vitest, or by node without tsx's hooks).
import { parentPort, workerData } from "node:worker_threads";

async function loadJob() {
  if (workerData?.job) return await import(workerData.job);
  try {
    return await import("./render-job.ts");
  } catch (error) {
    if (error?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    const { register } = await import("tsx/esm/api");
    register();
    return await import("./render-job.ts");
  }
}

const job = await loadJob();

parentPort.on("message", async (message) => {
  if (message.kind === "warm") {
    await job.warm().catch(() => undefined);
    parentPort.postMessage({ id: message.id, kind: "warm" });
    return;
  }
  try {
    const body = await job.render(message.model, message.format, message.includeComments);
    // The bytes go back as a transferred ArrayBuffer of their own (a Buffer may be a slice of a shared pool).
    const bytes = new Uint8Array(body.length);
    bytes.set(body);
    parentPort.postMessage({ id: message.id, kind: "done", body: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: message.id, kind: "failed", message: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ kind: "ready" });
