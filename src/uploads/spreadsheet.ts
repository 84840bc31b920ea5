// Reads an uploaded XLSX workbook without holding up the event loop: the archive is checked first (archive-check.ts),
// then exceljs parses it in a child process (sheet-worker.mjs) with a heap limit and a time limit, so respondents'
// pages and autosaves keep being served while a large or hostile file is read. The parsers get plain rows of values.
// A child process, not a worker thread: a worker's resourceLimits are best-effort, and some allocation shapes abort
// the whole process instead of the worker (nodejs/node#47224); a child that runs out of heap dies alone.
import { fork } from "node:child_process";
import path from "node:path";
import type ExcelJS from "exceljs";
import { PayloadTooLargeError } from "../errors";
import { checkArchive } from "./archive-check";
import { defaultUploadLimits, type UploadLimits } from "./limits";

export type CellValue = ExcelJS.CellValue;

export interface SheetData {
  name: string;
  /** Rows that hold at least one value, in order: [1-based row number, values from column 1]. */
  rows: [number, CellValue[]][];
}

export type WorkbookReadResult = { ok: true; sheets: SheetData[] } | { ok: false; message: string };

const workerPath = path.join(path.dirname(new URL(import.meta.url).pathname), "sheet-worker.mjs");

// Parsing workers are a resource of the process, like its thread pool: one queue for all uploads, whoever sends them.
let running = 0;
const waiting: (() => void)[] = [];

async function withParseSlot<T>(concurrency: number, work: () => Promise<T>): Promise<T> {
  if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** What the child printed last on stderr: V8 says there why it stopped ("heap out of memory"). */
const STDERR_TAIL_BYTES = 4096;

function parseInChild(content: Buffer, limits: UploadLimits): Promise<WorkbookReadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [], {
      // Only the heap limit: the parent's own flags (a TypeScript loader, an inspector) have no business there.
      execArgv: [`--max-old-space-size=${limits.parseHeapMb}`, `--max-semi-space-size=${Math.min(16, Math.max(1, Math.floor(limits.parseHeapMb / 16)))}`],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderrTail = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => finish(() => reject(new PayloadTooLargeError({ key: "errors.upload.parseTimeout", params: { count: Math.round(limits.parseTimeoutMs / 1000) } }))),
      limits.parseTimeoutMs,
    );
    child.on("message", (message: WorkbookReadResult) => finish(() => resolve(message)));
    child.on("error", (error: Error) => finish(() => resolve({ ok: false, message: error.message })));
    // "close", not "exit": it comes after the IPC channel has delivered the child's last message.
    child.on("close", (code, signal) =>
      finish(() =>
        /out of memory|Allocation failed|heap limit/i.test(stderrTail)
          ? reject(new PayloadTooLargeError({ key: "errors.upload.parseMemory", params: { limit: String(limits.parseHeapMb) } }))
          : resolve({ ok: false, message: `the reader stopped (${signal ?? `exit code ${code}`})` }),
      ),
    );
    child.send({ content });
  });
}

/**
 * The sheets of an XLSX workbook as plain rows. Throws PayloadTooLargeError (413, naming the limit) when the archive
 * or its parsing exceeds the limits; resolves { ok: false } when the bytes are not a readable workbook.
 */
export async function readWorkbook(content: Buffer, limits: UploadLimits = defaultUploadLimits): Promise<WorkbookReadResult> {
  const archive = await checkArchive(content, limits);
  if (!archive) return { ok: false, message: "the file is not a ZIP archive" };
  return withParseSlot(limits.parseConcurrency, () => parseInChild(content, limits));
}

/** The worksheet of that name, if any. */
export function sheetNamed(sheets: readonly SheetData[], name: string): SheetData | undefined {
  return sheets.find((s) => s.name === name);
}

/** The values of row `rowNumber` (1-based), empty when the row holds nothing. */
export function rowValues(sheet: SheetData, rowNumber: number): CellValue[] {
  return sheet.rows.find(([n]) => n === rowNumber)?.[1] ?? [];
}
