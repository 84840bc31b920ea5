// What a respondent may send (form fields → AnswerInput; the codec of every other form is store.ts): per item a
// current level (0-5, or "dk"/"na"), a target (0-5), an importance (1-3)
// and a comment. Form fields are named `current.<itemId>`, `target.<itemId>`, `importance.<itemId>`, `comment.<itemId>`.
import { z } from "zod";
import { InvalidInputError, type FieldErrors } from "../errors";
import { answerMarks, kindOfMark, type AnswerKind } from "./store";
import { decimalInteger } from "../numbers";

export const COMMENT_MAX_LENGTH = 2000;
export const answerFields = ["current", "target", "importance", "comment"] as const;

/** One item's answer as the respondent left it; blanks are allowed while the response is in progress. */
export interface AnswerInput {
  itemId: string;
  kind: AnswerKind | "blank";
  current: number | null;
  target: number | null;
  importance: number | null;
  comment: string | null;
}

const blankToNull = (v: unknown) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? null : v);

const level = z.preprocess(blankToNull, decimalInteger("must be a level from 0 to 5", { min: 0, max: 5 }).nullable());
const currentMessage = "must be a level from 0 to 5, don't know or not applicable";
const currentField = z.preprocess(
  blankToNull,
  z.union([z.enum(answerMarks), decimalInteger(currentMessage, { min: 0, max: 5 })], { message: currentMessage }).nullable(),
);
const importanceField = z.preprocess(blankToNull, decimalInteger("must be 1 (low), 2 (medium) or 3 (high)", { min: 1, max: 3 }).nullable());

/**
 * A lone surrogate (half of an emoji, cut by a client or a spreadsheet) cannot be stored as UTF-8: it is replaced with
 * U+FFFD before anything else, in forms, autosave JSON and imports alike (String.prototype.toWellFormed, Node 20+).
 */
export function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

const commentField = z.preprocess(
  (v) => {
    const value = blankToNull(v);
    return typeof value === "string" ? wellFormed(value) : value;
  },
  z
    .string({ message: "must be text" })
    .max(COMMENT_MAX_LENGTH, `must be at most ${COMMENT_MAX_LENGTH} characters`)
    // NUL and other control characters (but tab and newlines) have no place in a comment and break exports.
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), "must not contain control characters")
    .nullable(),
);

const itemAnswerSchema = z.object({ current: currentField, target: level, importance: importanceField, comment: commentField });

/**
 * Parses the answers found in a form or JSON body for the items the respondent may answer.
 * A field for an item outside `allowedItemIds` is refused (it would write into another questionnaire).
 * Invalid fields are collected for all items; the valid ones are returned alongside so a page can keep them.
 */
export function parseAnswerFields(
  body: Record<string, unknown>,
  allowedItemIds: ReadonlySet<string>,
): { answers: AnswerInput[]; errors: FieldErrors; rejected: AnswerInput[] } {
  const byItem = new Map<string, Record<string, unknown>>();
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    const dot = key.indexOf(".");
    if (dot < 0) continue;
    const field = key.slice(0, dot);
    const itemId = key.slice(dot + 1);
    if (!(answerFields as readonly string[]).includes(field)) continue;
    if (!allowedItemIds.has(itemId))
      throw new InvalidInputError(`${key}: this question is not part of your questionnaire.`, { [key]: "not part of your questionnaire" });
    if (Array.isArray(value)) {
      errors[key] = "was sent more than once";
      continue;
    }
    const fields = byItem.get(itemId) ?? {};
    fields[field] = value;
    byItem.set(itemId, fields);
  }
  const answers: AnswerInput[] = [];
  const rejected: AnswerInput[] = [];
  for (const [itemId, fields] of byItem) {
    const parsed = itemAnswerSchema.safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[`${String(issue.path[0])}.${itemId}`] ??= issue.message;
      rejected.push(leniently(itemId, fields));
      continue;
    }
    const { current, target, importance, comment } = parsed.data;
    if (current === "dk" || current === "na") {
      answers.push({ itemId, kind: kindOfMark(current), current: null, target: null, importance: null, comment });
    } else if (current === null && target === null && importance === null) {
      answers.push({ itemId, kind: "blank", current: null, target: null, importance: null, comment });
    } else {
      answers.push({ itemId, kind: "answered", current, target, importance, comment });
    }
  }
  return { answers, errors, rejected };
}

/** What the respondent sent for an item that failed validation, field by field, so the page can show it again. */
function leniently(itemId: string, fields: Record<string, unknown>): AnswerInput {
  const value = <T>(schema: z.ZodType<T>, input: unknown): T | null => {
    const result = schema.safeParse(input);
    return result.success ? result.data : null;
  };
  const current = value(currentField, fields.current);
  const comment = typeof fields.comment === "string" ? fields.comment.slice(0, COMMENT_MAX_LENGTH) : null;
  if (current === "dk" || current === "na") return { itemId, kind: kindOfMark(current), current: null, target: null, importance: null, comment };
  return {
    itemId,
    kind: "answered",
    current: current ?? null,
    target: value(level, fields.target) ?? null,
    importance: value(importanceField, fields.importance) ?? null,
    comment,
  };
}

/** An answer counts (in progress and in scores) when it is complete, or marked don't know / not applicable. */
export function isComplete(answer: Pick<AnswerInput, "kind" | "current" | "target" | "importance">): boolean {
  if (answer.kind === "na" || answer.kind === "dontknow") return true;
  return answer.kind === "answered" && answer.current !== null && answer.target !== null && answer.importance !== null;
}
