// Inputs of the account, sign-in and administration forms and of the users CLI, parsed with zod.
// Messages are catalogue keys: routes translate them into the reader's language, the CLI into English.
import { z } from "zod";
import { roles } from "../db/schema";
import { interfaceLocales } from "../i18n/locales";
import { InvalidInputError, type FieldErrors } from "../errors";
import type { Translator } from "../i18n/translate";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const emailSchema = z
  .string({ message: "auth.validation.email" })
  .trim()
  .toLowerCase()
  .max(254, "auth.validation.email")
  .pipe(z.email({ message: "auth.validation.email" }));

export const roleSchema = z.enum(roles, { message: "auth.validation.role" });

/** Country codes from a form field ("LAO, KHM"), repeated fields, or CLI flags; upper-cased and de-duplicated. */
export const countryCodesSchema = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(/[\s,;]+/))),
  z
    .array(z.string().trim().toUpperCase())
    .transform((codes) => [...new Set(codes.filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[A-Z]{3}$/, "auth.validation.countryCode"))),
);

export const newPasswordSchema = z
  .string({ message: "auth.validation.passwordLength" })
  .min(PASSWORD_MIN_LENGTH, "auth.validation.passwordLength")
  .max(PASSWORD_MAX_LENGTH, "auth.validation.passwordLength");

const userName = z.string().trim().max(120, "auth.validation.nameLength").default("");

/** Focal points are scoped to at least one country; other roles carry no country scope. */
function checkCountryScope(value: { role: string; countries: string[] }, ctx: z.RefinementCtx): void {
  if (value.role === "focal_point" && value.countries.length === 0)
    ctx.addIssue({ code: "custom", path: ["countries"], message: "auth.validation.countriesRequired" });
  if (value.role !== "focal_point" && value.countries.length > 0)
    ctx.addIssue({ code: "custom", path: ["countries"], message: "auth.validation.countriesOnlyFocal" });
}

export const newUserSchema = z.object({ email: emailSchema, name: userName, role: roleSchema, countries: countryCodesSchema }).superRefine(checkCountryScope);
export type NewUserInput = z.infer<typeof newUserSchema>;

export const updateUserSchema = z.object({ name: userName, role: roleSchema, countries: countryCodesSchema }).superRefine(checkCountryScope);
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** Sign-in takes any text: a malformed address is a failed sign-in like any other, with the same message. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).default(""),
  password: z.string().max(PASSWORD_MAX_LENGTH).default(""),
});

export const changePasswordSchema = z
  .object({
    current: z.string({ message: "auth.validation.currentPassword" }).min(1, "auth.validation.currentPassword").max(PASSWORD_MAX_LENGTH),
    password: newPasswordSchema,
    confirm: z.string().default(""),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "auth.validation.confirmMismatch" })
  .refine((v) => v.password !== v.current, { path: ["password"], message: "auth.validation.passwordUnchanged" });

export const resetPasswordSchema = z
  .object({ password: newPasswordSchema, confirm: z.string().default("") })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "auth.validation.confirmMismatch" });

/** The profile's language: one of the interface languages, or "" to follow the browser (stored as null). */
export const localeSchema = z.object({
  locale: z.preprocess((v) => (v === "" ? null : v), z.enum(interfaceLocales, { message: "auth.validation.locale" }).nullable()),
});

export const tokenNameSchema = z.object({
  name: z.string({ message: "account.tokens.validation.name" }).trim().min(1, "account.tokens.validation.name").max(80, "account.tokens.validation.name"),
});

/**
 * An input error whose field messages are catalogue keys (with optional placeholder values), raised by the account
 * services; forms show it translated, the CLI in English.
 */
export class AccountInputError extends InvalidInputError {
  constructor(
    fields: FieldErrors,
    readonly params: Record<string, Record<string, string>> = {},
  ) {
    super(
      `Invalid input — ${Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join("; ")}`,
      fields,
      params,
    );
  }
}

/** Parses `input` or throws AccountInputError naming each bad field by its message key. */
export function parseAccountInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    // zod's own messages (wrong type, too long) are not keys: fall back to the field's general message.
    fields[key] ??= /^[a-z]+(\.[A-Za-z]+)+$/.test(issue.message) ? issue.message : "auth.validation.invalid";
  }
  throw new AccountInputError(fields);
}

/** The field messages of an input error in `locale`; plain messages (not keys) pass through unchanged. */
export function localiseFieldErrors(translator: Translator, locale: string, error: InvalidInputError): FieldErrors {
  const params = error instanceof AccountInputError ? error.params : {};
  return Object.fromEntries(Object.entries(error.fields).map(([field, message]) => [field, translator.t(locale, message, params[field])]));
}
