// Domain errors thrown by services, mapped to HTTP in one place (web/error-handler.ts).
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message = "The page or object you asked for does not exist.") {
    super(message, 404, "not_found");
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this.") {
    super(message, 403, "forbidden");
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Please sign in first.") {
    super(message, 401, "unauthenticated");
  }
}

export class InvalidInputError extends AppError {
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message, 400, "invalid_input");
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409, "conflict");
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 429, "too_many_requests");
  }
}
