// The one error funnel: domain errors become status codes; HTML pages for people, problem+json for the API.
import type { ErrorRequestHandler, RequestHandler } from "express";
import multer from "multer";
import type { Logger } from "pino";
import type { CatalogueMessage, Translator } from "../i18n/translate";
import { AppError, InvalidInputError, NotFoundError, TooManyRequestsError } from "./errors";

function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  return req.path.startsWith("/api/") || (req.accepts(["html", "json"]) === "json" && !req.accepts("html"));
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** What the error says to people, as a catalogue message: the error's own, or one for its kind. */
function messageOf(err: unknown, status: number): CatalogueMessage | undefined {
  if (status >= 500) return { key: "errors.server.message" };
  if (err instanceof AppError) {
    if (err.shown) return err.shown;
    // An input error without its own message is its list of fields; its English summary is for logs and the API.
    if (err instanceof InvalidInputError && Object.keys(err.fields).length) return { key: "errors.invalidInput.message" };
    return undefined;
  }
  if (err instanceof multer.MulterError) {
    if (err.code === "LIMIT_FILE_SIZE") return { key: "errors.upload.tooLarge" };
    return err.field ? { key: "errors.upload.unreadableField", params: { field: err.field } } : { key: "errors.upload.unreadable" };
  }
  return { key: status === 413 ? "errors.request.tooLarge" : "errors.request.unreadable" };
}

export function errorHandler(options: { logger: Logger; exposeStack: boolean; translator: Translator }): ErrorRequestHandler {
  const { translator } = options;
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
    if (err instanceof TooManyRequestsError) res.setHeader("Retry-After", String(err.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(status);
    const shown = messageOf(err, status);
    const fieldList = err instanceof InvalidInputError ? Object.entries(err.fields) : [];
    // People read the page's language (res.locals.locale, set for staff and respondents alike), the JSON our own
    // scripts show included (respond.js shows `detail`); the API speaks English. Codes and keys stay stable.
    const locale = req.path.startsWith("/api/") ? "en" : String(res.locals.locale ?? "en");
    const message = shown ? translator.render(locale, shown) : (err as Error).message;
    const fields = fieldList.map(([field, msg]) => ({ field, message: translator.field(locale, msg, (err as InvalidInputError).fieldParams[field]) }));
    if (wantsJson(req)) {
      const code = err instanceof AppError ? err.code : status >= 500 ? "internal_error" : "bad_request";
      res.type("application/problem+json").send(
        JSON.stringify({
          type: "about:blank",
          title: code,
          status,
          detail: locale === "en" && err instanceof AppError && status < 500 ? err.message : message,
          code,
          ...(shown ? { messageKey: shown.key } : {}),
          ...(err instanceof InvalidInputError ? { errors: fields } : {}),
        }),
      );
      return;
    }
    res.render("errors/error", {
      titleKey: status === 404 ? "errors.notFound.title" : status === 403 ? "errors.forbidden.title" : status >= 500 ? "errors.server.title" : "errors.badRequest.title",
      status,
      message,
      fields,
      stack: options.exposeStack && status >= 500 ? String(err?.stack ?? err) : undefined,
    });
  };
}
