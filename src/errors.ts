// Domain errors thrown by services, and the one way to parse input (`parseInput`), outside web/: services throw
// these and never import express or web/. One HTTP funnel (web/error-handler.ts) maps them to status codes, with
// two outputs: an HTML page for people and problem+json (for the API and the pages' own scripts).
// A message is a catalogue key with its values, so each page shows it in its reader's language; the error's
// English text (logs, the CLI, the API's `detail`) comes from the English catalogue. A plain string stays as is.
import type { z } from "zod";
import { englishText, type CatalogueMessage } from "./i18n/translate";

export type FieldErrors = Record<string, string>;
export type ErrorMessage = string | CatalogueMessage;

export class AppError extends Error {
  /** The message to show people, translated by whoever shows it; undefined for a plain English message. */
  readonly shown: CatalogueMessage | undefined;

  constructor(
    message: ErrorMessage,
    readonly status: number,
    readonly code: string,
  ) {
    super(typeof message === "string" ? message : englishText(message));
    this.name = new.target.name;
    this.shown = typeof message === "string" ? undefined : message;
  }
}

export class NotFoundError extends AppError {
  constructor(message: ErrorMessage = { key: "errors.notFound.message" }) {
    super(message, 404, "not_found");
  }
}

export class ForbiddenError extends AppError {
  constructor(message: ErrorMessage = { key: "errors.forbidden.message" }) {
    super(message, 403, "forbidden");
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message: ErrorMessage = { key: "errors.unauthenticated.message" }) {
    super(message, 401, "unauthenticated");
  }
}

/**
 * Input refused, field by field. Field messages are English sentences with a `message.*` catalogue entry (or, from
 * the account forms, catalogue keys), translated where they are shown (`Translator.field`).
 */
export class InvalidInputError extends AppError {
  constructor(
    message: ErrorMessage,
    readonly fields: FieldErrors = {},
    /** Placeholder values of field messages that are catalogue keys, by field. */
    readonly fieldParams: Record<string, Record<string, string>> = {},
  ) {
    super(message, 400, "invalid_input");
  }
}

export type InputLocation = "path" | "query" | "body";

export interface FieldProblem {
  in: InputLocation;
  path: string;
  message: string;
}

/** Input refused by the API's zod schemas, with each field located (path, query or body). */
export class ApiInputError extends InvalidInputError {
  constructor(readonly problems: FieldProblem[]) {
    super(
      `Invalid input — ${problems.map((p) => `${p.in} ${p.path || "(whole)"}: ${p.message}`).join("; ")}`,
      Object.fromEntries(problems.map((p) => [p.path, p.message])),
    );
  }
}

export function problemsOf(error: z.ZodError, location: InputLocation): FieldProblem[] {
  return error.issues.map((issue) => ({ in: location, path: issue.path.map(String).join("."), message: issue.message }));
}

export class ConflictError extends AppError {
  constructor(message: ErrorMessage) {
    super(message, 409, "conflict");
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: ErrorMessage,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 429, "too_many_requests");
  }
}

/** An upload past one of its limits (size, archive shape, parsing time or memory): the message names the limit. */
export class PayloadTooLargeError extends AppError {
  constructor(message: ErrorMessage) {
    super(message, 413, "payload_too_large");
  }
}

// ---- input: zod failures become InvalidInputError naming each field, so every form and API body reports the same way
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function describeFieldErrors(fields: FieldErrors): string {
  return Object.entries(fields)
    .map(([field, message]) => (field === "_" ? message : `${field}: ${message}`))
    .join("; ");
}

/** Parses `input` with `schema` or throws InvalidInputError whose message names every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = fieldErrorsOf(result.error);
  throw new InvalidInputError(`Invalid input — ${describeFieldErrors(fields)}`, fields);
}
