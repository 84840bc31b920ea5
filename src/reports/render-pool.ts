// Report files (PDF, Word) are rendered in a worker thread, so that the seconds a Word report's charts take (their
// PNG fallbacks) do not hold up every other request. One thread: the server keeps the other core for requests, and
// files asked for at the same time wait their turn there. The thread starts at the first file, or when the app warms it
// after listening (fonts parsed before the first PDF is asked for); it does not keep the process alive while idle.
import path from "node:path";
import { EventEmitter } from "node:events";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ReportModel } from "./model";

/** The thread could not start or load the renderers: the caller renders in its own thread instead. */
export class ThreadUnavailable extends Error {}

type Pending = { resolve: (body: Buffer) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextJob = 1;

/** "started" (job id, format) when a file is handed to the thread, "finished" when its bytes are back: for tests. */
export const renderEvents = new EventEmitter();

function failAll(error: Error): void {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function threadOf(): Worker {
  if (worker) return worker;
  // Under `npm start` the renderers are bundled too (src/start.mjs): the thread loads them as one file.
  const bundleDir = process.env.CNA_BUNDLE_DIR;
  const started = new Worker(path.join(path.dirname(new URL(import.meta.url).pathname), "render-worker.mjs"), {
    workerData: { job: bundleDir ? pathToFileURL(path.join(bundleDir, "render-job.mjs")).href : null },
  });
  let ready = false;
  started.unref();
  started.on("message", (message: { id?: number; kind: string; body?: Uint8Array; message?: string }) => {
    if (message.kind === "ready") ready = true;
    const job = message.id !== undefined ? pending.get(message.id) : undefined;
    if (!job || message.id === undefined) return;
    pending.delete(message.id);
    if (pending.size === 0) started.unref();
    if (message.kind === "failed") job.reject(new Error(message.message));
    else if (message.body) job.resolve(Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength));
    // (the answer to a warm-up: nothing to return)
    else job.resolve(Buffer.alloc(0));
    renderEvents.emit("finished", message.id);
  });
  // A thread that dies fails what it had; the next file starts a new one.
  const dead = (error: Error) => {
    if (worker === started) worker = null;
    failAll(ready ? error : new ThreadUnavailable(error.message));
  };
  started.on("error", dead);
  started.on("exit", (code) => dead(new Error(`the report rendering thread stopped (exit code ${code})`)));
  worker = started;
  return started;
}

function send(message: Record<string, unknown>): Promise<Buffer> {
  let thread: Worker;
  try {
    thread = threadOf();
  } catch (error) {
    return Promise.reject(new ThreadUnavailable(error instanceof Error ? error.message : String(error)));
  }
  const id = nextJob++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Kept alive while it has work: a command-line export waits for its file.
    thread.ref();
    thread.postMessage({ ...message, id });
    renderEvents.emit("started", id, message.format);
  });
}

/** The file of `model`, rendered in the worker thread (the model is copied there: plain data). */
export function renderInThread(model: ReportModel, format: "pdf" | "docx", includeComments: boolean): Promise<Buffer> {
  return send({ kind: "render", model, format, includeComments });
}

/** Starts the thread and has it load the renderers and fonts now, in the background (after the app listens). */
export function warmRenderThread(): Promise<void> {
  return send({ kind: "warm" }).then(
    () => undefined,
    () => undefined,
  );
}

/** Stops the thread (tests, shutdown); a later file starts a new one. */
export async function stopRenderThread(): Promise<void> {
  const current = worker;
  worker = null;
  if (current) await current.terminate();
}
