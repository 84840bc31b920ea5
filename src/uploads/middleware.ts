// The one way routes take a file: multer in memory, bounded by the configured size, its "too large" turned into a
// message that names the limit. Mount it AFTER the route's guard, so nobody's body is read before we know who sends it.
import type { RequestHandler } from "express";
import multer from "multer";
import { PayloadTooLargeError } from "../errors";
import { MB, type UploadLimits } from "./limits";

export function singleFileUpload(limits: UploadLimits, field = "file"): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: limits.maxFileBytes, files: 1 } }).single(field);
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      // The CSRF token of a form upload travels in the body (src/auth/csrf.ts): checked now that it is read.
      const check = req.csrfCheckAfterUpload;
      req.csrfCheckAfterUpload = undefined;
      const refused = check?.();
      if (refused) return next(refused);
      if (error instanceof multer.MulterError && error.code === "LIMIT_FILE_SIZE")
        return next(
          new PayloadTooLargeError({ key: "errors.upload.tooLargeLimit", params: { limit: String(Math.round((limits.maxFileBytes / MB) * 10) / 10) } }),
        );
      next(error);
    });
}
