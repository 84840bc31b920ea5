// Domain errors thrown by services, mapped to HTTP in one place (web/error-handler.ts).
// A message is a catalogue key with its values, so each page shows it in its reader's language; the error's
// English text (logs, the CLI, the API's `detail`) comes from the English catalogue. A plain string stays as is.
import { englishText, type CatalogueMessage } from "../i18n/translate";

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
