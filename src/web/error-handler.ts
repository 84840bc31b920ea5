// The one error funnel: every error of a request (domain errors of src/errors.ts, body-parser and multer errors,
// bugs) gets its status, its log line and its headers here, once, and then one of two outputs: problem+json
// (RFC 9457) for the API and for the JSON our own scripts exchange, or an HTML error page for people.
import http from "node:http";
import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import multer from "multer";
import type { Logger } from "pino";
import { AppError, ApiInputError, InvalidInputError, NotFoundError, TooManyRequestsError, type FieldProblem } from "../errors";
import type { CatalogueMessage, Translator } from "../i18n/translate";

export const PROBLEM_TYPE = "application/problem+json";

export interface ErrorFunnelOptions {
  logger: Logger;
  exposeStack: boolean;
  translator: Translator;
  /** The JSON API's funnel (mounted on its prefix by api/router.ts): its problems speak English and locate each field. */
  forApi?: boolean;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

function wantsJson(req: Request): boolean {
  return req.path.startsWith("/api/") || (req.accepts(["html", "json"]) === "json" && !req.accepts("html"));
}

/**
 * The status of an error: a domain error's own; body-parser and friends signal client errors with a status (413 too
 * large, 400 bad JSON, 415 charset); multer's upload errors (too large, unexpected field, too many files) are the
 * client's and carry none; anything else is ours (500).
 */
function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  if (err instanceof multer.MulterError) return err.code === "LIMIT_FILE_SIZE" ? 413 : 400;
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

const codeOf = (err: unknown, status: number) => (err instanceof AppError ? err.code : status >= 500 ? "internal_error" : "bad_request");

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

/** The API's problem: English, HTTP's title, each refused field located (services' input errors concern the body). */
function apiProblem(err: unknown, status: number) {
  const isBadJson = (err as { type?: unknown } | undefined)?.type === "entity.parse.failed";
  const errors: FieldProblem[] | undefined =
    err instanceof ApiInputError
      ? err.problems
      : err instanceof InvalidInputError
        ? Object.entries(err.fields).map(([path, message]) => ({ in: "body" as const, path, message }))
        : isBadJson
          ? [{ in: "body", path: "", message: "is not valid JSON" }]
          : undefined;
  const detail =
    status >= 500
      ? "Something went wrong on our side. The error has been logged; please try again."
      : err instanceof AppError
        ? err.message
        : isBadJson
          ? "The body is not valid JSON."
          : status === 413
            ? "The request is too large."
            : "The request could not be read.";
  return { type: "about:blank", title: http.STATUS_CODES[status] ?? "Error", status, detail, code: codeOf(err, status), ...(errors ? { errors } : {}) };
}

/**
 * The funnel. app.ts mounts it last; api/router.ts mounts it on the API's prefix as well, so that errors raised there
 * before the router (an unknown token, a body that is not JSON, a missing CSRF token) never reach the sign-in redirect.
 */
export function errorHandler(options: ErrorFunnelOptions): ErrorRequestHandler {
  const { translator } = options;
  return (err, req, res, _next) => {
    const status = statusOf(err);
    const isApi = options.forApi === true;
    if (status >= 500) options.logger.error({ err, url: req.originalUrl }, isApi ? "API request failed" : "request failed");
    if (err instanceof TooManyRequestsError) res.setHeader("Retry-After", String(err.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(status);
    if (isApi) {
      if (status === 401 && !res.getHeader("WWW-Authenticate")) res.setHeader("WWW-Authenticate", 'Bearer realm="cna"');
      res.type(PROBLEM_TYPE).send(JSON.stringify(apiProblem(err, status)));
      return;
    }
    const shown = messageOf(err, status);
    const fieldList = err instanceof InvalidInputError ? Object.entries(err.fields) : [];
    // People read the page's language (res.locals.locale, set for staff and respondents alike), the JSON our own
    // scripts show included (respond.js shows `detail`). Codes and keys stay stable.
    const locale = req.path.startsWith("/api/") ? "en" : String(res.locals.locale ?? "en");
    const message = shown ? translator.render(locale, shown) : (err as Error).message;
    const fields = fieldList.map(([field, msg]) => ({ field, message: translator.field(locale, msg, (err as InvalidInputError).fieldParams[field]) }));
    if (wantsJson(req)) {
      const code = codeOf(err, status);
      res.type(PROBLEM_TYPE).send(
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
      titleKey:
        status === 404
          ? "errors.notFound.title"
          : status === 403
            ? "errors.forbidden.title"
            : status >= 500
              ? "errors.server.title"
              : "errors.badRequest.title",
      status,
      message,
      fields,
      stack: options.exposeStack && status >= 500 ? String(err?.stack ?? err) : undefined,
    });
  };
}
