// XLSForm import: the questions outside the level groups as background questions (background.yaml). A name becomes an
// id (lower case, "_" → "-": `years_in_service` → years-in-service); select_one → single (yes/no when its choices are
// exactly yes and no), select_multiple → multiple, integer → integer (its range from the constraint), decimal → integer
// with a warning (refused when the constraint is not in whole numbers), text → text. A choice named
// "prefer-not-to-say" offers "Prefer not to say". Conditions in XPath are translated (xlsform-xpath.ts); cna_details
// rows background.<id>.relevance|levels|preferNotToSay say what XLSForm cannot, and the relevance row wins.
import { backgroundKey, backgroundOptionKey } from "../questionnaires/i18n";
import { idPattern } from "../questionnaires/schema";
import { preferNotToSay, type BackgroundType } from "../questionnaires/background";
import { CHOICES, SURVEY } from "./xlsform-common";
import type { Details } from "./xlsform-details";
import type { BackgroundDraft, ChoiceLists } from "./xlsform-drafts";
import type { Report, Texts } from "./xlsform-sheets";
import { readLengthLimit, readRange, readYesNo, translateRelevant, XpathError, type ReadableQuestion } from "./xlsform-xpath";

/** An XLSForm name as an id of ours: a leading "_" dropped, lower case, "_" → "-". */
export function idOfName(name: string): string {
  return name.replace(/^_+/, "").toLowerCase().replace(/_+/g, "-");
}

export interface ImportedBackground {
  /** background.yaml's questions, in survey order (empty when there are none). */
  questions: Record<string, unknown>[];
  texts: Map<string, Texts>;
}

export function readBackground(
  drafts: BackgroundDraft[],
  lists: ChoiceLists,
  details: Details,
  takenIds: ReadonlySet<string>,
  source: string,
  { problem, unmappable, warn }: Report,
): ImportedBackground {
  const questions: Record<string, unknown>[] = [];
  const texts = new Map<string, Texts>();
  const readable = new Map<string, ReadableQuestion>();
  const allNames = new Set(drafts.map((d) => d.name));
  const idRows = new Map<string, number>();

  for (const draft of drafts) {
    const id = idOfName(draft.name);
    if (!idPattern.test(id)) {
      problem(SURVEY, draft.row, "name", `"${draft.name}" does not make a usable id ("${id}"): letters and digits joined by single "_", "-" or "."`);
      continue;
    }
    if (idRows.has(id) || takenIds.has(id)) {
      problem(
        SURVEY,
        draft.row,
        "name",
        `"${draft.name}" gives the id "${id}", already taken${idRows.has(id) ? ` by row ${idRows.get(id)}` : " by a rating item"}`,
      );
      continue;
    }
    idRows.set(id, draft.row);

    let type: BackgroundType;
    const choices = new Map<string, string>();
    const options: { id: string; label: string; texts: Texts }[] = [];
    let declines = false;
    if (draft.type === "select_one" || draft.type === "select_multiple") {
      const entries = draft.list ? lists.get(draft.list) : undefined;
      if (!entries) continue; // reported with the survey
      for (const [name, entry] of entries) {
        const optionId = idOfName(name);
        if (optionId === preferNotToSay) {
          declines = true;
          choices.set(name, preferNotToSay);
          continue;
        }
        if (!idPattern.test(optionId)) {
          problem(
            CHOICES,
            entry.row,
            "name",
            `"${name}" does not make a usable option id ("${optionId}"): letters and digits joined by single "_", "-" or "."`,
          );
          continue;
        }
        choices.set(name, optionId);
        options.push({ id: optionId, label: entry.texts.get(source) ?? "", texts: entry.texts });
      }
      const isYesNo =
        draft.type === "select_one" && options.length === 2 && options.every((o) => o.id === "yes" || o.id === "no") && options[0].id !== options[1].id;
      type = isYesNo ? "yesno" : draft.type === "select_one" ? "single" : "multiple";
      if (!isYesNo && options.length < 2)
        problem(CHOICES, [...entries.values()][0]?.row ?? 0, "list_name", `the list "${draft.list}" of ${draft.name} needs at least two choices`);
    } else if (draft.type === "decimal") {
      type = "integer";
      warn(SURVEY, draft.row, "type", `${draft.name} is a decimal: imported as a whole-number question (background questions have no decimals)`);
    } else type = draft.type;

    const question: Record<string, unknown> = { id, type, question: draft.label.get(source) };
    if (draft.hint) question.hint = draft.hint.get(source);
    const required = readYesNo(draft.cells.get("required"));
    if (required === undefined) unmappable(SURVEY, draft.row, "required", `"${draft.cells.get("required")}": only yes or no is translated, not a condition`);
    else if (required) question.required = true;

    const constraint = draft.cells.get("constraint");
    if (constraint !== undefined) {
      try {
        if (type === "integer") Object.assign(question, readRange(constraint));
        else if (type === "text") {
          const limit = readLengthLimit(constraint);
          if (limit < 200) warn(SURVEY, draft.row, "constraint", `answers may have up to 200 characters here, not ${limit}`);
        } else throw new XpathError("a choice question takes no constraint here");
      } catch (caught) {
        if (!(caught instanceof XpathError)) throw caught;
        unmappable(SURVEY, draft.row, "constraint", `"${constraint}" is not translated: ${caught.message}`);
      }
    }

    const detailsDecline = details.value(`background.${id}.preferNotToSay`);
    if (declines || readYesNo(detailsDecline?.value)) question.preferNotToSay = true;
    const levels = details.value(`background.${id}.levels`)?.value;
    if (levels) question.levels = levels.split(/[\s,]+/).filter(Boolean);

    const ownRelevance = details.value(`background.${id}.relevance`)?.value;
    const xpaths = [...draft.groupConditions, ...(draft.cells.has("relevant") ? [{ row: draft.row, xpath: draft.cells.get("relevant")! }] : [])];
    if (ownRelevance) question.relevance = ownRelevance;
    else if (xpaths.length) {
      const resolve = (name: string): ReadableQuestion => {
        const found = readable.get(name);
        if (found) return found;
        if (allNames.has(name)) throw new XpathError(`${name} comes later or is not imported; a condition reads only earlier background questions`);
        throw new XpathError(`there is no question "${name}" before it`);
      };
      const conditions: string[] = [];
      for (const { row, xpath } of xpaths) {
        try {
          conditions.push(translateRelevant(xpath, resolve));
        } catch (caught) {
          if (!(caught instanceof XpathError)) throw caught;
          unmappable(SURVEY, row, "relevant", `"${xpath}" is not translated: ${caught.message}`);
        }
      }
      if (conditions.length) question.relevance = conditions.length === 1 ? conditions[0] : conditions.map((c) => `(${c})`).join(" and ");
    }
    if (options.length && type !== "yesno") question.options = options.map((o) => ({ id: o.id, label: o.label }));

    questions.push(question);
    readable.set(draft.name, { id, type, choices });
    texts.set(backgroundKey(id, "question"), draft.label);
    if (draft.hint) texts.set(backgroundKey(id, "hint"), draft.hint);
    if (type !== "yesno") for (const o of options) texts.set(backgroundOptionKey(id, o.id), o.texts);
  }
  return { questions, texts };
}
