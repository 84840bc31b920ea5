// Inputs of the staff pages and the API for assessments, organisations and invitations, parsed with zod.
import { z } from "zod";
import { decimalInteger } from "../numbers";
import { organisationTypes } from "../db/schema";
import { isTimeZone } from "./deadline";

/** Form posts send one value as a string and several as an array. */
export const stringList = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")),
  z.array(z.string().trim().min(1)),
);

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  // Date.parse rolls 2026-02-30 over to March 2, so the date must survive a round trip unchanged.
  .refine((s) => {
    const time = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === s;
  }, "must be a real date");

const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), isoDate.optional());

/** A time of day, HH:MM (24 hours), in the assessment's time zone. */
const optionalTime = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM (24 hours)")
    .optional(),
);

/** An IANA time zone such as Africa/Nairobi; UTC when not given. */
const timeZoneField = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? "UTC" : v),
  z.string().trim().refine(isTimeZone, "must be a time zone such as Africa/Nairobi or UTC"),
);

export const createAssessmentSchema = z
  .object({
    countryIso3: z
      .string({ message: "choose a country" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "choose a country"),
    instrumentId: z.string({ message: "choose an instrument" }).trim().min(1, "choose an instrument"),
    roundLabel: z
      .string({ message: "give the round a label, such as 2026" })
      .trim()
      .min(1, "give the round a label, such as 2026")
      .max(40, "must be at most 40 characters"),
    levels: stringList.pipe(z.array(z.string()).min(1, "choose at least one level")),
    languages: stringList.pipe(z.array(z.string().regex(/^[a-z]{2,3}$/, "unknown language")).min(1, "offer at least one language")),
    // A checkbox sends "on" when ticked and nothing when not; the API sends a boolean.
    acceptsFallback: z.preprocess(
      (v) => (v === undefined || v === "" ? false : v === "on" || v === "true" ? true : v === "false" ? false : v),
      z.boolean({ message: "must be true or false" }),
    ),
    opensOn: optionalDate,
    closesOn: optionalDate,
    closesTime: optionalTime,
    timeZone: timeZoneField,
    minGroupSize: z.preprocess(
      (v) => (v === "" || v === undefined ? 3 : v),
      decimalInteger("must be a whole number", { min: 3, max: 50, minMessage: "can never be below 3", maxMessage: "must be at most 50" }),
    ),
  })
  .refine((a) => !a.opensOn || !a.closesOn || a.closesOn >= a.opensOn, { path: ["closesOn"], message: "must not be before the opening date" });
/** What the service takes: the parsed form or body; code that creates assessments (demo, tests) may leave out the fallback consent. */
export type CreateAssessmentInput = Omit<z.infer<typeof createAssessmentSchema>, "acceptsFallback" | "timeZone"> & {
  acceptsFallback?: boolean;
  timeZone?: string;
};

/** The next round of an assessment: its label and its dates; the rest carries over from the round it starts from. */
export const nextRoundSchema = z
  .object({
    roundLabel: z
      .string({ message: "give the round a label, such as 2026" })
      .trim()
      .min(1, "give the round a label, such as 2026")
      .max(40, "must be at most 40 characters"),
    opensOn: optionalDate,
    closesOn: optionalDate,
    closesTime: optionalTime,
  })
  .refine((a) => !a.opensOn || !a.closesOn || a.closesOn >= a.opensOn, { path: ["closesOn"], message: "must not be before the opening date" });

export const updateDatesSchema = z
  .object({ opensOn: optionalDate, closesOn: optionalDate, closesTime: optionalTime, timeZone: timeZoneField })
  .refine((a) => !a.opensOn || !a.closesOn || a.closesOn >= a.opensOn, { path: ["closesOn"], message: "must not be before the opening date" });

export const organisationSchema = z.object({
  name: z
    .string({ message: "give the organisation's name" })
    .trim()
    .min(2, "must be at least 2 characters")
    .max(200, "must be at most 200 characters")
    .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), "must not contain control characters"),
  type: z.enum(organisationTypes, { message: `must be one of: ${organisationTypes.join(", ")}` }),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .max(max, `must be at most ${max} characters`)
      .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), "must not contain control characters")
      .optional(),
  );

export const invitationSchema = z.object({
  organisationId: decimalInteger("choose an organisation", { min: 1 }),
  name: optionalText(200),
  email: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.email({ message: "must be an e-mail address" }).max(254, "must be an e-mail address").optional(),
  ),
  levels: stringList.pipe(z.array(z.string()).min(1, "choose at least one level")),
  language: z
    .string({ message: "choose a language" })
    .trim()
    .regex(/^[a-z]{2,3}$/, "choose a language"),
});
export type InvitationInput = z.infer<typeof invitationSchema>;

/** What an invitation's own page changes: who it is for and their language (its organisation and levels stay). */
export const invitationEditSchema = invitationSchema.pick({ name: true, email: true, language: true });
export type InvitationEditInput = z.infer<typeof invitationEditSchema>;

/** One row of a bulk invitation file (CSV or XLSX): the organisation is named, and created when new. */
export const invitationRowSchema = z.object({
  organisation: z.string({ message: "is required" }).trim().min(2, "is required (at least 2 characters)").max(200, "must be at most 200 characters"),
  organisation_type: z.preprocess(
    (v) =>
      v === undefined || v === ""
        ? "ministry"
        : String(v)
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, "_"),
    z.enum(organisationTypes, { message: `must be one of: ${organisationTypes.join(", ")}` }),
  ),
  name: optionalText(200),
  email: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.email({ message: "must be an e-mail address" }).max(254, "must be an e-mail address").optional(),
  ),
  levels: z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(/[,;|]/)
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean)
        : [],
    z.array(z.string()).min(1, "name at least one level"),
  ),
  language: z.preprocess(
    (v) => (v === undefined || v === "" ? undefined : String(v).trim().toLowerCase()),
    z
      .string()
      .regex(/^[a-z]{2,3}$/, "must be a language code such as en or fr")
      .optional(),
  ),
});
export type InvitationRow = z.infer<typeof invitationRowSchema>;
