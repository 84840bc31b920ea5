// Reads a form that carries evidence files beside its other fields (the questionnaire page without JavaScript, or
// the page's script attaching files). Files are kept in memory up to the per-file limit; a larger one is drained and
// marked, not an error, so the rest of the form (the page's answers) is still read and saved and the refusal names
// the file and the limit. Mounted after the link is resolved: nobody's body is read before we know who sends it.
import type { RequestHandler } from "express";
import multer from "multer";
import type { Readable } from "node:stream";
import { PayloadTooLargeError } from "../errors";
import type { EvidenceLimits } from "./limits";
import type { EvidenceSubmission } from "./service";

/** A file as the evidence form received it. */
export interface ReceivedFile {
  fieldname: string;
  originalname: string;
  buffer?: Buffer;
  size: number;
  /** Past the per-file limit: its bytes were not kept. */
  oversize?: boolean;
}

/** A multer storage that keeps at most `maxBytes` of each file and drains the rest. */
function boundedMemoryStorage(maxBytes: number): multer.StorageEngine {
  return {
    _handleFile(_req, file, callback) {
      const stream = (file as unknown as { stream: Readable }).stream;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
        else chunks.length = 0;
      });
      stream.on("error", (error) => callback(error));
      stream.on("end", () =>
        callback(null, size > maxBytes ? ({ size, oversize: true } as Partial<Express.Multer.File>) : { size, buffer: Buffer.concat(chunks) }),
      );
    },
    _removeFile(_req, _file, callback) {
      callback(null);
    },
  };
}

export function evidenceUpload(limits: EvidenceLimits): RequestHandler {
  const parse = multer({
    storage: boundedMemoryStorage(limits.maxFileBytes),
    defParamCharset: "utf8",
    // The name as sent, folders and all: a name with a path is refused (detect.ts), not quietly cut to its last part.
    preservePath: true,
    // The page's answers are ordinary fields (a few per item); more files than a response may hold is refused whole.
    limits: { files: limits.maxFilesPerResponse, fields: 4000, fieldSize: 64 * 1024, parts: 4000 + limits.maxFilesPerResponse },
  } as multer.Options).any();
  return (req, res, next) => {
    if (!req.is("multipart/form-data")) return next();
    parse(req, res, (error?: unknown) => {
      // The CSRF token of a form upload travels in the body (src/auth/csrf.ts): checked now that it is read.
      const check = req.csrfCheckAfterUpload;
      req.csrfCheckAfterUpload = undefined;
      const refused = check?.();
      if (refused) return next(refused);
      if (error instanceof multer.MulterError && error.code === "LIMIT_FILE_COUNT")
        return next(new PayloadTooLargeError({ key: "errors.evidence.tooMany", params: { count: limits.maxFilesPerResponse } }));
      next(error);
    });
  };
}

/** The evidence sent for each of `itemIds`: files `evidenceFile.<item>`, `evidenceLink.<item>`, `evidenceNote.<item>`. */
export function evidenceSubmissionsOf(
  body: Record<string, unknown>,
  files: readonly ReceivedFile[],
  itemIds: readonly string[],
): (EvidenceSubmission & { oversize: string[] })[] {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return itemIds.map((itemId) => {
    const mine = files.filter((f) => f.fieldname === `evidenceFile.${itemId}` && (f.size > 0 || f.originalname !== ""));
    return {
      itemId,
      link: text(body[`evidenceLink.${itemId}`]),
      note: text(body[`evidenceNote.${itemId}`]),
      files: mine.filter((f) => !f.oversize).map((f) => ({ originalName: f.originalname, content: f.buffer ?? Buffer.alloc(0) })),
      oversize: mine.filter((f) => f.oversize).map((f) => f.originalname),
    };
  });
}
