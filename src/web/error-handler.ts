// The one error funnel: every error of a request (domain errors of src/errors.ts, body-parser and multer errors,
// bugs) gets its status, its log line and its headers here, once, and then one of two outputs: problem+json
// (RFC 9457, one shape built by web/problem.ts, docs/api.md) for the API and for the JSON our own scripts exchange,
// or an HTML error page for people.
import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import type { Logger } from "pino";
import { InvalidInputError, NotFoundError, TooManyRequestsError } from "../errors";
import type { Translator } from "../i18n/translate";
import { messageOf, PROBLEM_TYPE, problemOf, statusOf } from "./problem";

export interface ErrorFunnelOptions {
  logger: Logger;
  exposeStack: boolean;
  translator: Translator;
  /** The JSON API's funnel (mounted on its prefix by api/router.ts): always problem+json, always English. */
  forApi?: boolean;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

function wantsJson(req: Request): boolean {
  return req.path.startsWith("/api/") || (req.accepts(["html", "json"]) === "json" && !req.accepts("html"));
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
    // People read the page's language (res.locals.locale, set for staff and respondents alike), the JSON our own
    // scripts show included (respond.js shows `detail`); the API speaks English. Codes and keys stay stable.
    const locale = isApi || req.path.startsWith("/api/") ? "en" : String(res.locals.locale ?? "en");
    const problem = problemOf(err, translator, locale, status);
    if (isApi || wantsJson(req)) {
      if (isApi && status === 401 && !res.getHeader("WWW-Authenticate")) res.setHeader("WWW-Authenticate", 'Bearer realm="cna"');
      res.type(PROBLEM_TYPE).send(JSON.stringify(problem));
      return;
    }
    const shown = messageOf(err, status);
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
      message: shown ? translator.render(locale, shown) : (err as Error).message,
      fields: err instanceof InvalidInputError ? (problem.errors ?? []).map((e) => ({ field: e.path, message: e.message })) : [],
      stack: options.exposeStack && status >= 500 ? String(err?.stack ?? err) : undefined,
    });
  };
}
