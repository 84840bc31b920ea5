// The one body of an error sent as JSON (problem+json, RFC 9457), for the API and for the pages' own scripts alike:
// `problemOf` builds it from any error, in a language (the API's is English). Its shape is documented once, in
// docs/api.md ("Errors"), and is the OpenAPI document's `Problem` schema (api/schemas.ts takes it from here).
import http from "node:http";
import multer from "multer";
import { z } from "zod";
import { AppError, ApiInputError, InvalidInputError, type FieldProblem } from "../errors";
import type { CatalogueMessage, Translator } from "../i18n/translate";

export const PROBLEM_TYPE = "application/problem+json";

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Always "about:blank": the status and `code` say what happened.' }),
    title: z.string().meta({ description: "The HTTP status phrase (Not Found, Conflict, …), in English." }),
    status: z.number().int(),
    detail: z.string().meta({ description: "What happened and what to do, in the reader's language (the API's is English)." }),
    code: z
      .string()
      .meta({ description: "not_found, forbidden, unauthenticated, invalid_input, conflict, too_many_requests, payload_too_large, bad_request, …" }),
    messageKey: z.string().optional().meta({ description: "The interface catalogue key of `detail`, stable across languages, when it has one." }),
    errors: z
      .array(
        z.object({
          in: z.enum(["path", "query", "body"]),
          path: z.string().meta({ description: "The field, with dots for nesting (levels.0)." }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: "For invalid input: one entry per field that was refused." }),
  })
  .meta({ description: "An error (RFC 9457 problem details). The same shape answers the API and the pages' own scripts." });

export type Problem = z.infer<typeof problemSchema>;

/**
 * The status of an error: a domain error's own; body-parser and friends signal client errors with a status (413 too
 * large, 400 bad JSON, 415 charset); multer's upload errors (too large, unexpected field, too many files) are the
 * client's and carry none; anything else is ours (500).
 */
export function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  if (err instanceof multer.MulterError) return err.code === "LIMIT_FILE_SIZE" ? 413 : 400;
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

const codeOf = (err: unknown, status: number) => (err instanceof AppError ? err.code : status >= 500 ? "internal_error" : "bad_request");

const isBadJson = (err: unknown) => (err as { type?: unknown } | undefined)?.type === "entity.parse.failed";

/** What the error says to people, as a catalogue message: the error's own, or one for its kind. */
export function messageOf(err: unknown, status: number): CatalogueMessage | undefined {
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

/** Each refused field, located; a service's input error concerns the body. Messages in `locale` (English kept as written). */
export function fieldProblemsOf(err: unknown, translator: Translator, locale: string): FieldProblem[] | undefined {
  const say = (message: string, params?: Record<string, string>) =>
    translator.has(message) ? translator.t(locale, message, params) : locale === "en" ? message : translator.field(locale, message, params);
  if (err instanceof ApiInputError) return err.problems.map((p) => ({ ...p, message: say(p.message) }));
  if (err instanceof InvalidInputError)
    return Object.entries(err.fields).map(([path, message]) => ({ in: "body" as const, path, message: say(message, err.fieldParams[path]) }));
  if (isBadJson(err)) return [{ in: "body", path: "", message: say("is not valid JSON") }];
  return undefined;
}

/**
 * The problem of `err` in `locale`. In English, a domain error's `detail` is its own English text (which names the
 * fields of an input error); in other languages, its catalogue message translated.
 */
export function problemOf(err: unknown, translator: Translator, locale: string, status = statusOf(err)): Problem {
  const shown = messageOf(err, status);
  const english = locale === "en" && err instanceof AppError && status < 500;
  const detail = english ? err.message : shown ? translator.render(locale, shown) : (err as Error).message;
  const errors = fieldProblemsOf(err, translator, locale);
  return {
    type: "about:blank",
    title: http.STATUS_CODES[status] ?? "Error",
    status,
    detail,
    code: codeOf(err, status),
    ...(shown ? { messageKey: shown.key } : {}),
    ...(errors ? { errors } : {}),
  };
}
