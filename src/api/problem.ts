// API errors as RFC 9457 problem details (application/problem+json), each refused field named with where it was sent.
import http from "node:http";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import { AppError, InvalidInputError, TooManyRequestsError } from "../errors";

export type InputLocation = "path" | "query" | "body";

export interface FieldProblem {
  in: InputLocation;
  path: string;
  message: string;
}

/** Input refused by the API's zod schemas, with each field located. */
export class ApiInputError extends InvalidInputError {
  constructor(readonly problems: FieldProblem[]) {
    super(`Invalid input — ${problems.map((p) => `${p.in} ${p.path || "(whole)"}: ${p.message}`).join("; ")}`, Object.fromEntries(problems.map((p) => [p.path, p.message])));
  }
}

export function problemsOf(error: z.ZodError, location: InputLocation): FieldProblem[] {
  return error.issues.map((issue) => ({ in: location, path: issue.path.map(String).join("."), message: issue.message }));
}

export const PROBLEM_TYPE = "application/problem+json";

export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status: number = err instanceof AppError ? err.status : typeof err?.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) logger.error({ err, url: req.originalUrl }, "API request failed");
    if (res.headersSent) return;
    if (err instanceof TooManyRequestsError) res.setHeader("Retry-After", String(err.retryAfterSeconds));
    if (status === 401 && !res.getHeader("WWW-Authenticate")) res.setHeader("WWW-Authenticate", 'Bearer realm="cna"');
    // Errors of the services (InvalidInputError without locations) concern what was sent in the body.
    const isBadJson = err?.type === "entity.parse.failed";
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
    res
      .status(status)
      .type(PROBLEM_TYPE)
      .send(JSON.stringify({ type: "about:blank", title: http.STATUS_CODES[status] ?? "Error", status, detail, code: err instanceof AppError ? err.code : status >= 500 ? "internal_error" : "bad_request", ...(errors ? { errors } : {}) }));
  };
}
