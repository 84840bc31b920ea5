// Background questions in an XLSForm, as the export writes them: the group, the question types, choice lists and
// constraints, and conditions in XPath. These names are a contract with the submissions import (Kobo/ODK data made on
// our form): group `background`, question name = question id, choice name = option id, "prefer-not-to-say".
import { backgroundTextMax, preferNotToSay, yesNoOptions, type BackgroundQuestion } from "../questionnaires/background";
import { parseExpression, type Expression } from "../questionnaires/expression";
import { xformName } from "./xlsform-common";

/** The group of background questions, first in the survey. */
export const BACKGROUND_GROUP = "background";
/** Yes/no lists, labelled from the interface catalogues: with and without "prefer not to say". */
export const YES_NO_LIST = "bg_yes_no";
export const YES_NO_DECLINE_LIST = "bg_yes_no_pnts";

/** The interface catalogue keys of the words XLSForm needs for background questions. */
export const backgroundLabelKeys = {
  group: "respond.background.title",
  yes: "respond.background.yes",
  no: "respond.background.no",
  [preferNotToSay]: "respond.background.preferNotToSay",
} as const;

/** The choice list of a single, multiple or yes/no question; undefined for integer and text. */
export function backgroundListOf(question: BackgroundQuestion): string | undefined {
  if (question.type === "yesno") return question.preferNotToSay ? YES_NO_DECLINE_LIST : YES_NO_LIST;
  if (question.type === "single" || question.type === "multiple") return `bg_${xformName(question.id)}`;
  return undefined;
}

export function backgroundTypeOf(question: BackgroundQuestion): string {
  const list = backgroundListOf(question);
  if (question.type === "multiple") return `select_multiple ${list}`;
  if (list) return `select_one ${list}`;
  return question.type === "integer" ? "integer" : "text";
}

/** The choice names of a question's list, in order (option ids, then "prefer-not-to-say" when offered). */
export function backgroundChoiceNames(question: BackgroundQuestion): string[] {
  const options = question.type === "yesno" ? [...yesNoOptions] : (question.options ?? []).map((o) => o.id);
  return question.preferNotToSay ? [...options, preferNotToSay] : options;
}

/** An integer's range or a text's length, as an XLSForm constraint ("" when none). */
export function backgroundConstraintOf(question: BackgroundQuestion): string {
  if (question.type === "text") return `string-length(.) <= ${backgroundTextMax}`;
  if (question.type !== "integer") return "";
  const bounds = [question.min !== undefined ? `. >= ${question.min}` : "", question.max !== undefined ? `. <= ${question.max}` : ""];
  return bounds.filter(Boolean).join(" and ");
}

/**
 * A background question's condition in XPath. `chosen` is `selected()` (true for a select_one too); "prefer not to say"
 * is a choice of select lists only; a number compares only when given (ours: a missing number compares false, even !=).
 */
export function backgroundRelevanceToXpath(source: string, questions: ReadonlyMap<string, BackgroundQuestion>): string {
  const ref = (id: string) => `\${${xformName(id)}}`;
  const hasDeclineChoice = (id: string) => {
    const q = questions.get(id);
    return q !== undefined && q.preferNotToSay && q.type !== "integer" && q.type !== "text";
  };
  const numeric = (e: Expression): { text: string; guards: string[] } => {
    if (e.type === "number") return { text: String(e.value), guards: [] };
    if (e.type === "call" && e.fn === "value") return { text: ref(e.item), guards: [`${ref(e.item)} != ''`] };
    return { text: `(${walk(e)})`, guards: [] };
  };
  const walk = (e: Expression): string => {
    switch (e.type) {
      case "and":
      case "or":
        return e.operands.map((o) => `(${walk(o)})`).join(` ${e.type} `);
      case "not":
        return `not(${walk(e.operand)})`;
      case "compare": {
        const left = numeric(e.left);
        const right = numeric(e.right);
        return [...left.guards, ...right.guards, `${left.text} ${e.op} ${right.text}`].join(" and ");
      }
      case "call":
        if (e.fn === "chosen") return `selected(${ref(e.item)}, '${e.option}')`;
        if (e.fn === "na") return hasDeclineChoice(e.item) ? `selected(${ref(e.item)}, '${preferNotToSay}')` : "false()";
        if (e.fn === "answered")
          return hasDeclineChoice(e.item) ? `${ref(e.item)} != '' and not(selected(${ref(e.item)}, '${preferNotToSay}'))` : `${ref(e.item)} != ''`;
        // current/target/importance/dontknow read rating items: the instrument rules refuse them in background conditions.
        return "false()";
      case "number":
        return String(e.value);
    }
  };
  return walk(parseExpression(source));
}
