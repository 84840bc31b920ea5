// Inputs of the validation pages, parsed with zod: a unit in the path, a decision, a contest, a comment.
import { z } from "zod";
import { evidenceRatings, validationConfidences } from "../db/schema";

/** Levels an expert may give: 0–5 in steps of 0.5. */
export const HALF_STEPS = Array.from({ length: 11 }, (_, i) => i / 2);

const halfStep = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim().replace(",", ".")) : v),
  z.number({ message: "must be a level from 0 to 5 in steps of 0.5" }).refine((n) => HALF_STEPS.includes(n), "must be a level from 0 to 5 in steps of 0.5"),
);
const optionalHalfStep = z.preprocess((v) => (v === "" || v === null || v === undefined ? null : v), halfStep.nullable());

const note = (max: number) =>
  z
    .string({ message: "must be text" })
    .trim()
    .max(max, `must be at most ${max} characters`)
    // Control characters would break the PDF and CSV: tabs and new lines are fine.
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), "must not contain control characters");
const optionalNote = z.preprocess((v) => (v === undefined || v === null ? "" : v), note(4000)).transform((s) => (s === "" ? null : s));

export const decisionSchema = z.object({
  current: halfStep,
  target: optionalHalfStep,
  confidence: z.enum(validationConfidences, { message: "must be high, medium or low" }),
  evidenceRating: z.enum(evidenceRatings, { message: "must be sufficient, partial or none" }),
  rationale: optionalNote,
  /** Recorded by the expert in a meeting: the organisation contests the decision with this level. */
  organisationView: optionalHalfStep,
  organisationNote: optionalNote,
  /** Where to go next (the meeting's next dimension); only a path of this application. */
  next: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^\/assessments\/[0-9]+\/validation[A-Za-z0-9/_.?=&%-]*$/, "must be a page of this application")
      .optional(),
  ),
});
export type DecisionInput = z.infer<typeof decisionSchema>;

export const contestSchema = z.object({
  level: optionalHalfStep,
  note: note(4000).min(1, "say why the organisation contests the level"),
});
export type ContestInput = z.infer<typeof contestSchema>;

export const commentSchema = z.object({ note: note(4000).min(1, "write a comment") });
export type CommentInput = z.infer<typeof commentSchema>;
