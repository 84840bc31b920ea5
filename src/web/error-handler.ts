// The one error funnel: domain errors become status codes; HTML pages for people, problem+json for the API.
import type { ErrorRequestHandler, RequestHandler } from "express";
import multer from "multer";
import type { Logger } from "pino";
import { AppError, InvalidInputError, NotFoundError, TooManyRequestsError } from "./errors";

function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  return req.path.startsWith("/api/") || (req.accepts(["html", "json"]) === "json" && !req.accepts("html"));
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export function errorHandler(options: { logger: Logger; exposeStack: boolean }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // body-parser and friends signal client errors with a status (413 too large, 400 bad JSON, 415 charset).
    // multer's upload errors (too large, unexpected field, too many files) are the client's, and carry no status.
    const isUploadError = err instanceof multer.MulterError;
    const status: number = err instanceof AppError
      ? err.status
      : isUploadError
        ? (err.code === "LIMIT_FILE_SIZE" ? 413 : 400)
        : typeof err?.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) options.logger.error({ err, url: req.originalUrl }, "request failed");
    const message =
      status >= 500
        ? "Something went wrong on our side. The error has been logged; please try again."
        : err instanceof AppError
          ? err.message
          : isUploadError
            ? (err.code === "LIMIT_FILE_SIZE" ? "The file is too large." : `The upload could not be read: ${err.message}${err.field ? ` (field "${err.field}")` : ""}.`)
          : status === 413
            ? "The request is too large."
            : "The request could not be read.";
    if (err instanceof TooManyRequestsError) res.setHeader("Retry-After", String(err.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(status);
    if (wantsJson(req)) {
      res.type("application/problem+json").send(
        JSON.stringify({
          type: "about:blank",
          title: err instanceof AppError ? err.code : status >= 500 ? "internal_error" : "bad_request",
          status,
          detail: message,
          ...(err instanceof InvalidInputError ? { errors: Object.entries(err.fields).map(([field, msg]) => ({ field, message: msg })) } : {}),
        }),
      );
      return;
    }
    res.render("errors/error", {
      titleKey: status === 404 ? "errors.notFound.title" : status === 403 ? "errors.forbidden.title" : status >= 500 ? "errors.server.title" : "errors.badRequest.title",
      status,
      message,
      fields: err instanceof InvalidInputError ? Object.entries(err.fields).map(([field, msg]) => ({ field, message: msg })) : [],
      stack: options.exposeStack && status >= 500 ? String(err?.stack ?? err) : undefined,
    });
  };
}
