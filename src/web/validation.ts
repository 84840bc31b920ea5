// Turns zod failures into InvalidInputError naming each field, so every form and API body reports the same way.
import type { z } from "zod";
import { InvalidInputError, type FieldErrors } from "./errors";

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
