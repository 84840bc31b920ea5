// Looks at a ZIP archive (an XLSX workbook) through its central directory only, with yauzl, before anything is
// inflated: too many entries, too much declared uncompressed data or an entry that unpacks to too many times its
// packed size refuses the file. Then each entry is inflated and thrown away (zlib works off the event loop), yauzl
// stopping any entry that yields more than its declared size: a directory that lies is refused before exceljs,
// whose buffers would otherwise grow outside the worker's heap limit.
import yauzl from "yauzl";
import { InvalidInputError, PayloadTooLargeError } from "../errors";
import { MB, type UploadLimits } from "./limits";

export interface ArchiveSummary {
  entries: number;
  uncompressedBytes: number;
}

/** True when the bytes start like a ZIP archive ("PK\x03\x04"). */
export function looksLikeZip(content: Buffer): boolean {
  return content.length > 4 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04;
}

/**
 * Checks the archive against the limits; throws PayloadTooLargeError naming the limit, or resolves with the summary.
 * A file that is not a readable ZIP resolves with null: the parser reports it as unreadable in its own words.
 */
export function checkArchive(content: Buffer, limits: UploadLimits): Promise<ArchiveSummary | null> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (openError, zip) => {
      if (openError || !zip) return resolve(null);
      if (zip.entryCount > limits.maxEntries) {
        zip.close();
        return reject(new PayloadTooLargeError({ key: "errors.upload.tooManyEntries", params: { count: limits.maxEntries } }));
      }
      let uncompressedBytes = 0;
      let settled = false;
      const refuse = (error: Error) => {
        settled = true;
        zip.close();
        reject(error);
      };
      zip.on("entry", (entry: yauzl.Entry) => {
        uncompressedBytes += entry.uncompressedSize;
        if (uncompressedBytes > limits.maxUncompressedBytes)
          return refuse(
            new PayloadTooLargeError({ key: "errors.upload.tooBigUnpacked", params: { limit: String(Math.round(limits.maxUncompressedBytes / MB)) } }),
          );
        if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1))
          return refuse(new PayloadTooLargeError({ key: "errors.upload.ratio", params: { count: limits.maxRatio } }));
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (settled) return;
          if (streamError || !stream) return refuse(new InvalidInputError({ key: "errors.upload.sizesMismatch" }));
          stream.on("error", () => {
            if (!settled) refuse(new InvalidInputError({ key: "errors.upload.sizesMismatch" }));
          });
          stream.on("end", () => {
            if (!settled) zip.readEntry();
          });
          stream.resume();
        });
      });
      zip.on("end", () => {
        if (!settled) resolve({ entries: zip.entryCount, uncompressedBytes });
      });
      zip.on("error", () => {
        if (!settled) resolve(null);
        settled = true;
      });
      zip.readEntry();
    });
  });
}
