// The answer codec: how one answer is written in each place it lives, in one vocabulary. The kind of an answer is
// `answered`, `na` or `dontknow` (the `answers.kind` column); every other spelling is derived here:
//   form field and exports   current.<item> = 0-5, "dk" or "na"          (markOf / kindOfMark / currentCode)
//   AnswerInput              { kind: answered | na | dontknow | blank }  (responses/schemas.ts parses the form)
//   row                      answers.kind, current, target, importance   (db/schema.ts; revisions the same)
//   vector                   responses.answer_vector, 4 characters per item: a/n/d/- then the three digits or "-",
//                            written by the SQL triggers of migration 0002 (encodeVectorCell says what they write)
//   scoring                  ANSWERED / NOT_APPLICABLE / DONT_KNOW of scoring/types.ts (engineKindOfRow/-Vector)
// test/responses/store.test.ts proves the triggers and this decoder agree on every kind. To change how an answer is
// stored, change it here, in a new migration for the triggers, and in that test.
import { answerKinds, type AnswerKind } from "../db/schema";
import { ABSENT, ANSWERED, DONT_KNOW, NOT_APPLICABLE } from "../scoring/types";

export { answerKinds, type AnswerKind };

/** Each kind in each place: its vector character, its scoring code, and the mark a form or export writes for it. */
export const answerKindCodes = {
  answered: { vector: "a", engine: ANSWERED, mark: null },
  na: { vector: "n", engine: NOT_APPLICABLE, mark: "na" },
  dontknow: { vector: "d", engine: DONT_KNOW, mark: "dk" },
} as const satisfies Record<AnswerKind, { vector: string; engine: number; mark: string | null }>;

/** The vector's character for "no answer" (a kind) and for an empty digit. */
export const VECTOR_EMPTY = "-";
export const VECTOR_CELL_LENGTH = 4;

/** What a form field or a spreadsheet cell writes in place of a current level: don't know, not applicable. */
export const answerMarks = ["dk", "na"] as const;
export type AnswerMark = (typeof answerMarks)[number];

const kindByMark: Record<AnswerMark, Exclude<AnswerKind, "answered">> = { dk: "dontknow", na: "na" };

export function kindOfMark(mark: AnswerMark): Exclude<AnswerKind, "answered"> {
  return kindByMark[mark];
}

/** How a current level is written in a form, an export or a template: 0-5, "dk" (don't know) or "na" (not applicable). */
export function currentCode(answer: { kind: AnswerKind | "blank"; current: number | null }): number | AnswerMark | null {
  if (answer.kind === "dontknow" || answer.kind === "na") return answerKindCodes[answer.kind].mark;
  return answer.current;
}

/** Scoring's code for a row's kind (text of `answers.kind`); an unknown text counts as not applicable. */
export const engineKindOfRow: Readonly<Record<string, number>> = Object.fromEntries(answerKinds.map((k) => [k, answerKindCodes[k].engine]));
/** Scoring's code for a vector's kind character; `-` (no answer) and anything else are not in it. */
export const engineKindOfVector: Readonly<Record<string, number>> = Object.fromEntries(
  answerKinds.map((k) => [answerKindCodes[k].vector, answerKindCodes[k].engine]),
);
export { ABSENT };

/** An answer as stored in a row of `answers` (or `answer_revisions`). */
export interface AnswerRow {
  kind: AnswerKind;
  current: number | null;
  target: number | null;
  importance: number | null;
}

/** The 4 characters the triggers write for a row (`null`: the item has no answer). */
export function encodeVectorCell(row: AnswerRow | null): string {
  if (!row) return VECTOR_EMPTY.repeat(VECTOR_CELL_LENGTH);
  const digit = (value: number | null) => (value === null ? VECTOR_EMPTY : String(value));
  return answerKindCodes[row.kind].vector + digit(row.current) + digit(row.target) + digit(row.importance);
}

const kindByVector: Readonly<Record<string, AnswerKind>> = Object.fromEntries(answerKinds.map((k) => [answerKindCodes[k].vector, k]));

/** The row an item's 4 characters stand for (`null`: no answer). */
export function decodeVectorCell(vector: string, position: number): AnswerRow | null {
  const at = position * VECTOR_CELL_LENGTH;
  const kind = kindByVector[vector[at]];
  if (kind === undefined) return null;
  const digit = (c: string) => (c === VECTOR_EMPTY ? null : Number(c));
  return { kind, current: digit(vector[at + 1]), target: digit(vector[at + 2]), importance: digit(vector[at + 3]) };
}
