// The bounds every uploaded file is held to: its size on the wire, its shape as an archive (read from the ZIP central
// directory before anything is inflated) and the time and memory its spreadsheet may take to parse in a worker.
export interface UploadLimits {
  /** Bytes of the uploaded file itself (multer stops reading past it). */
  maxFileBytes: number;
  /** Entries of a ZIP archive (an XLSX workbook has a few dozen). */
  maxEntries: number;
  /** Sum of the entries' declared uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one entry, checked for entries above `ratioFloorBytes` unpacked. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Wall-clock time a worker may spend parsing one spreadsheet before it is terminated. */
  parseTimeoutMs: number;
  /** Old-generation heap of the parsing worker; past it the worker dies, the app does not. */
  parseHeapMb: number;
  /** Workers parsing at once; further uploads wait their turn. */
  parseConcurrency: number;
}

export const MB = 1024 * 1024;

export const defaultUploadLimits: UploadLimits = {
  maxFileBytes: 10 * MB,
  maxEntries: 500,
  maxUncompressedBytes: 100 * MB,
  maxRatio: 100,
  ratioFloorBytes: 1 * MB,
  parseTimeoutMs: 30_000,
  parseHeapMb: 512,
  parseConcurrency: 2,
};
