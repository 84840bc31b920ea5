// Background questions (who answered: gender, age band, grade, function, location…): their shape in background.yaml,
// the rules that span the instrument (ids, options, conditions), and which of them a respondent is asked. Pure.
import { z } from "zod";
import type { FieldPath, Problem } from "./consistency";
import { conditionCalls, ExpressionError, parseExpression } from "./expression";

export const backgroundTypes = ["single", "multiple", "yesno", "integer", "text"] as const;
export type BackgroundType = (typeof backgroundTypes)[number];

/** The options of a yes/no question, whose labels come from the interface catalogues. */
export const yesNoOptions = ["yes", "no"] as const;
/** The stored value of "prefer not to say", a category like the others in results (method.md). */
export const preferNotToSay = "prefer-not-to-say";
/** The longest short-text answer kept. */
export const backgroundTextMax = 200;

const id = z
  .string()
  .max(100, "must be at most 100 characters")
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, "must be lowercase letters and digits, joined by single '-' or '.' (for example age-band)");
const text = z.string().trim().min(1, "must not be empty");

const optionSchema = z.strictObject({ id, label: text });

export const backgroundQuestionSchema = z.strictObject({
  id,
  type: z.enum(backgroundTypes),
  question: text,
  hint: text.optional(),
  required: z.boolean().default(false),
  preferNotToSay: z.boolean().default(false),
  /** Asked only of respondents of these levels (all when absent). */
  levels: z.array(id).min(1, "list at least one level, or leave levels out to ask everyone").optional(),
  options: z.array(optionSchema).min(2, "a choice needs at least two options").optional(),
  min: z.number().int("must be a whole number").optional(),
  max: z.number().int("must be a whole number").optional(),
  relevance: text.optional(),
});

/** background.yaml */
export const backgroundFileSchema = z.strictObject({
  questions: z.array(backgroundQuestionSchema).min(1, "list at least one question, or remove background.yaml"),
});

export type BackgroundQuestion = z.output<typeof backgroundQuestionSchema>;
export type BackgroundFile = z.output<typeof backgroundFileSchema>;

/** The option ids a question offers (yes/no included), without "prefer not to say". */
export function optionIdsOf(question: BackgroundQuestion): string[] {
  if (question.type === "yesno") return [...yesNoOptions];
  return (question.options ?? []).map((o) => o.id);
}

/** Questions whose answers fall into categories, so that results can be broken down by them. */
export function isCategorical(question: BackgroundQuestion): boolean {
  return question.type === "single" || question.type === "yesno" || question.type === "multiple";
}

/** The background questions asked of a respondent who answers these levels, in instrument order. */
export function backgroundQuestionsFor(instrument: { background?: BackgroundQuestion[] }, levels: readonly string[]): BackgroundQuestion[] {
  return (instrument.background ?? []).filter((q) => q.levels === undefined || q.levels.some((l) => levels.includes(l)));
}

/** Document-wide rules of the background questions; `itemIds` and `levelIds` are the instrument's. */
export function checkBackground(background: readonly BackgroundQuestion[] | undefined, itemIds: ReadonlySet<string>, levelIds: ReadonlySet<string>): Problem[] {
  if (background === undefined) return [];
  const problems: Problem[] = [];
  const error = (path: FieldPath, message: string, extra: Partial<Problem> = {}): void => {
    problems.push({ severity: "error", path, message, ...extra });
  };
  const seen = new Map<string, number>();
  background.forEach((q, index) => {
    const at = (...rest: (string | number)[]): FieldPath => ["background", index, ...rest];
    if (seen.has(q.id)) error(at("id"), `duplicate background question id "${q.id}"`, { related: ["background", seen.get(q.id)!, "id"] });
    else if (itemIds.has(q.id)) error(at("id"), `"${q.id}" is already the id of an item; conditions name both, so ids must differ`);
    else seen.set(q.id, index);

    const hasOptions = q.type === "single" || q.type === "multiple";
    if (hasOptions && q.options === undefined) error(at("type"), `a ${q.type} choice question needs options`);
    if (!hasOptions && q.options !== undefined)
      error(at("options"), `a ${q.type} question has no options${q.type === "yesno" ? " (yes and no are given)" : ""}`);
    const optionSeen = new Set<string>();
    q.options?.forEach((o, o_) => {
      if (optionSeen.has(o.id)) error(at("options", o_, "id"), `option "${o.id}" is listed twice`);
      if (o.id === preferNotToSay) error(at("options", o_, "id"), `"${preferNotToSay}" is reserved: write preferNotToSay: true instead`);
      optionSeen.add(o.id);
    });
    if (q.type !== "integer") {
      if (q.min !== undefined) error(at("min"), "only integer questions have a range");
      if (q.max !== undefined) error(at("max"), "only integer questions have a range");
    } else if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
      error(at("max"), `must not be below min (${q.min})`);
    }
    q.levels?.forEach((level, l) => {
      if (!levelIds.has(level)) error(at("levels", l), `"${level}" is not a level of this instrument`);
    });

    if (q.relevance === undefined) return;
    let calls;
    try {
      calls = conditionCalls(parseExpression(q.relevance));
    } catch (caught) {
      if (!(caught instanceof ExpressionError)) throw caught;
      error(at("relevance"), caught.reason, { column: caught.column });
      return;
    }
    for (const call of calls) {
      const targetIndex = seen.get(call.item);
      const target = targetIndex !== undefined && targetIndex < index ? background[targetIndex] : undefined;
      if (call.item === q.id) error(at("relevance"), `the condition refers to its own question "${q.id}"`, { column: call.itemColumn });
      else if (target === undefined) {
        const why = itemIds.has(call.item)
          ? "is a rating item; background questions are asked first, so they depend only on earlier background questions"
          : background.some((b) => b.id === call.item)
            ? "comes later; a condition reads only earlier background questions"
            : "is not a background question";
        error(at("relevance"), `"${call.item}" ${why}`, { column: call.itemColumn });
      } else if (call.fn === "current" || call.fn === "target" || call.fn === "importance" || call.fn === "dontknow") {
        error(at("relevance"), `${call.fn}() reads a rating item; for a background question use chosen(), value(), answered() or na() (prefer not to say)`, {
          column: call.column,
        });
      } else if (call.fn === "value" && target.type !== "integer") {
        error(at("relevance"), `value() reads an integer question; "${target.id}" is ${target.type}, use chosen()`, { column: call.column });
      } else if (call.fn === "chosen" && !optionIdsOf(target).includes(call.option ?? "")) {
        error(at("relevance"), `"${target.id}" has no option "${call.option}"; its options are ${optionIdsOf(target).join(", ") || "none"}`, {
          column: call.optionColumn ?? call.column,
        });
      }
    }
  });
  return problems;
}

/** A rating item's condition may not read background questions, nor use the background-only functions. */
export function checkItemCallsBackground(relevance: string, background: readonly BackgroundQuestion[] | undefined): { message: string; column: number }[] {
  let calls;
  try {
    calls = conditionCalls(parseExpression(relevance));
  } catch {
    return [];
  }
  const ids = new Set((background ?? []).map((q) => q.id));
  return calls
    .filter((call) => ids.has(call.item) || call.fn === "chosen" || call.fn === "value")
    .map((call) => ({
      message: ids.has(call.item)
        ? `"${call.item}" is a background question; rating items' conditions read only rating items`
        : `${call.fn}() reads background questions; a rating item's condition uses current(), target(), importance(), answered(), na() or dontknow()`,
      column: call.column,
    }));
}
