// The respondent's questionnaire as pages: which dimensions they answer, which items are relevant, how far they are,
// and the plain view models the pages render. Pure: instrument and answers in, view models out.
import type { Dimension as InstrumentDimension, Instrument, Item as InstrumentItem } from "../questionnaires/schema";
import { parseExpression, resolveRelevance, type AnswerLookup, type Expression } from "../questionnaires/expression";
import { instrumentText } from "../questionnaires/i18n";
import type { AnswerState, StoredAnswer } from "./repository";
import { isComplete } from "./schemas";

export interface QuestionnairePage {
  dimension: InstrumentDimension;
  levelId: string;
  items: InstrumentItem[];
}

// Instruments are immutable once parsed, so their page lists are computed once per set of levels (every request of
// every respondent asks for them).
const pagesByInstrument = new WeakMap<Instrument, Map<string, QuestionnairePage[]>>();
const itemIdsByPages = new WeakMap<QuestionnairePage[], ReadonlySet<string>>();

/** One page per dimension of the levels the respondent was assigned, in the instrument's order. */
export function pagesFor(instrument: Instrument, levels: readonly string[]): QuestionnairePage[] {
  let byLevels = pagesByInstrument.get(instrument);
  if (!byLevels) pagesByInstrument.set(instrument, (byLevels = new Map()));
  const key = levels.join("\n");
  let pages = byLevels.get(key);
  if (!pages) {
    pages = instrument.levels
      .filter((level) => levels.includes(level.id))
      .flatMap((level) => level.dimensions.map((dimension) => ({ dimension, levelId: level.id, items: dimension.items })));
    byLevels.set(key, pages);
  }
  return pages;
}

/** Seconds a respondent typically spends per item (reading the anchors, choosing three values). */
const SECONDS_PER_ITEM = 45;

/** The time a questionnaire of `itemCount` items takes, in minutes rounded to five (at least five). */
export function estimatedMinutes(itemCount: number): number {
  return Math.max(5, Math.round((itemCount * SECONDS_PER_ITEM) / 60 / 5) * 5);
}

export function itemIdsOf(pages: QuestionnairePage[]): ReadonlySet<string> {
  let ids = itemIdsByPages.get(pages);
  if (!ids) itemIdsByPages.set(pages, (ids = new Set(pages.flatMap((p) => p.items.map((i) => i.id)))));
  return ids;
}

function lookupFrom(answers: ReadonlyMap<string, AnswerState>): AnswerLookup {
  return (itemId: string) => {
    const answer = answers.get(itemId);
    if (!answer) return { kind: "none" as const };
    if (answer.kind === "na") return { kind: "na" as const };
    if (answer.kind === "dontknow") return { kind: "dontknow" as const };
    if (answer.current === null) return { kind: "none" as const };
    return { kind: "answered" as const, current: answer.current, target: answer.target ?? undefined, importance: answer.importance ?? undefined };
  };
}

// The items of an instrument that have a relevance condition, in document order (few: computed once per version).
const conditionalByInstrument = new WeakMap<Instrument, InstrumentItem[]>();

function conditionalItems(instrument: Instrument): InstrumentItem[] {
  let items = conditionalByInstrument.get(instrument);
  if (!items) {
    items = instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.filter((i) => i.relevance !== undefined)));
    conditionalByInstrument.set(instrument, items);
  }
  return items;
}

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

/**
 * The items the respondent is not shown: those whose condition is false on the answers given (an item hidden this way
 * reads as not applicable in the conditions of others). The same rule as the scoring engine's (scoring/relevance.ts):
 * a hidden item counts as not applicable, and its stored answer returns when the condition becomes true again.
 */
export function hiddenItemIds(instrument: Instrument, answers: ReadonlyMap<string, AnswerState>): ReadonlySet<string> {
  const items = conditionalItems(instrument);
  if (items.length === 0) return NOTHING_HIDDEN;
  const hidden = new Set<string>();
  for (const [id, isRelevant] of resolveRelevance(items, lookupFrom(answers))) if (!isRelevant) hidden.add(id);
  return hidden;
}

export interface Progress {
  answered: number;
  total: number;
  percent: number;
}

export function progressOf(instrument: Instrument, pages: QuestionnairePage[], answers: ReadonlyMap<string, AnswerState>): Progress {
  const hidden = hiddenItemIds(instrument, answers);
  let answered = 0;
  let total = 0;
  for (const page of pages) {
    for (const item of page.items) {
      if (hidden.has(item.id)) continue;
      total++;
      const answer = answers.get(item.id);
      if (answer && isComplete(answer)) answered++;
    }
  }
  return { answered, total, percent: total === 0 ? 0 : Math.round((answered / total) * 100) };
}

export interface ScaleOptionView {
  value: number;
  label: string;
  anchor?: string;
  /** `" checked"` or `""`: a value rather than a condition in the view, so the cached page can leave a hole for it. */
  checkedAttr: string;
  inputId: string;
}

export interface ItemView {
  id: string;
  number: number;
  question: string;
  guidance: string;
  current: ScaleOptionView[];
  target: ScaleOptionView[];
  importance: ScaleOptionView[];
  isDontKnow: boolean;
  isNotApplicable: boolean;
  dontKnowAttr: string;
  notApplicableAttr: string;
  /** `""` when the target is below the current level (the page notes it gently), else `" hidden"`: a hole in the cached page. */
  targetBelowAttr: string;
  comment: string;
  /** The item's evidence list (escaped HTML, `evidence/page-html.ts`); set by the page route, a hole in the cached page. */
  evidenceList?: string | { toHTML(): string };
  isComplete: boolean;
  /** Hidden by its condition: on the page (so that respond.js can show it as soon as it applies) but not shown. */
  isHidden: boolean;
  /** The condition in the compact form respond.js evaluates (`clientCondition`), or "" for an item always shown. */
  condition: string;
  errors: { field: string; message: string }[];
}

export interface PageView {
  dimensionId: string;
  title: string;
  description: string;
  levelTitle: string;
  items: ItemView[];
  /** The page's conditional items shown, space-separated: the form sends it back, so a save that changes them returns here. */
  shownConditional: string;
}

/** The boolean attribute of a checked radio button, as the page template writes it after the input's value. */
export function checkedAttr(isChecked: boolean): string {
  return isChecked ? " checked" : "";
}

/**
 * The attribute of an item's "target below the current level" note: shown (`""`) when both are set and the target is
 * lower, a legitimate answer that may also be a slip; otherwise `" hidden"`.
 */
export function targetBelowAttr(answer: Pick<ShownAnswer, "kind" | "current" | "target"> | undefined): string {
  const isBelow = answer?.kind === "answered" && answer.current !== null && answer.target !== null && answer.target < answer.current;
  return isBelow ? "" : " hidden";
}

/** Values a page shows: stored answers, overridden by what the respondent just sent when it had errors. */
export type ShownAnswer = Pick<StoredAnswer, "kind" | "current" | "target" | "importance" | "comment">;

export function pageView(
  instrument: Instrument,
  page: QuestionnairePage,
  language: string,
  answers: Map<string, ShownAnswer & Partial<StoredAnswer>>,
  errors: Record<string, string> = {},
  firstNumber = 1,
): PageView {
  const text = (key: string) => instrumentText(instrument, key, language);
  const scale = instrument.scale.map((s) => ({ value: s.value, label: text(`scale.${s.value}.label`) }));
  const importance = instrument.importance.map((s) => ({ value: s.value, label: text(`importance.${s.value}.label`) }));
  const level = instrument.levels.find((l) => l.id === page.levelId);
  const hidden = hiddenItemIds(instrument, answers as Map<string, StoredAnswer>);
  const conditions = clientConditions(instrument, page, answers as Map<string, StoredAnswer>, hidden);
  const items = page.items.map((item, index): ItemView => {
    const answer = answers.get(item.id);
    const option = (field: string, value: number, label: string, anchor?: string, selected?: number | null): ScaleOptionView => ({
      value,
      label,
      anchor,
      checkedAttr: checkedAttr(selected === value),
      inputId: `${field}-${item.id}-${value}`,
    });
    return {
      id: item.id,
      number: firstNumber + index,
      question: text(`item.${item.id}.question`),
      guidance: item.guidance ? text(`item.${item.id}.guidance`) : "",
      current: scale.map((s) =>
        option("current", s.value, s.label, text(`item.${item.id}.anchor.${s.value}`), answer?.kind === "answered" ? answer.current : null),
      ),
      target: scale.map((s) => option("target", s.value, s.label, undefined, answer?.kind === "answered" ? answer.target : null)),
      importance: importance.map((s) => option("importance", s.value, s.label, undefined, answer?.kind === "answered" ? answer.importance : null)),
      isDontKnow: answer?.kind === "dontknow",
      isNotApplicable: answer?.kind === "na",
      dontKnowAttr: checkedAttr(answer?.kind === "dontknow"),
      notApplicableAttr: checkedAttr(answer?.kind === "na"),
      targetBelowAttr: targetBelowAttr(answer),
      comment: answer?.comment ?? "",
      isComplete: answer ? isComplete(answer) : false,
      isHidden: hidden.has(item.id),
      condition: conditions.get(item.id) ?? "",
      errors: ["current", "target", "importance", "comment", "evidence"]
        .filter((f) => errors[`${f}.${item.id}`])
        .map((f) => ({ field: f, message: errors[`${f}.${item.id}`] })),
    };
  });
  return {
    dimensionId: page.dimension.id,
    title: text(`dimension.${page.dimension.id}.title`),
    description: text(`dimension.${page.dimension.id}.description`),
    levelTitle: level ? text(`level.${level.id}.title`) : "",
    items,
    shownConditional: items
      .filter((i) => i.condition && !i.isHidden)
      .map((i) => i.id)
      .join(" "),
  };
}

/**
 * A condition as respond.js evaluates it, in JSON: a number; [fn, itemId] for a function of an item on the page;
 * [op, left, right] for a comparison; ["and" | "or", …], ["not", x]. A function of an item on another page cannot
 * change on this one, so it is replaced by its value now: a number or null, true or false (an item hidden there
 * reads as not applicable, as on the server).
 */
export function clientCondition(ast: Expression, onPage: ReadonlySet<string>, lookup: AnswerLookup): unknown {
  switch (ast.type) {
    case "number":
      return ast.value;
    case "and":
    case "or":
      return [ast.type, ...ast.operands.map((o) => clientCondition(o, onPage, lookup))];
    case "not":
      return ["not", clientCondition(ast.operand, onPage, lookup)];
    case "compare":
      return [ast.op, clientCondition(ast.left, onPage, lookup), clientCondition(ast.right, onPage, lookup)];
    case "call": {
      if (onPage.has(ast.item)) return [ast.fn, ast.item];
      const state = lookup(ast.item);
      if (ast.fn === "answered") return state.kind === "answered" && typeof state.current === "number";
      if (ast.fn === "na") return state.kind === "na";
      if (ast.fn === "dontknow") return state.kind === "dontknow";
      // Rating items' conditions use only rating functions (chosen and value are for background questions: consistency.ts).
      const fn = ast.fn as "current" | "target" | "importance";
      return state.kind === "answered" && typeof state[fn] === "number" ? state[fn] : null;
    }
  }
}

// The client conditions of a page that reads only its own items never change: computed once per page.
const constantConditions = new WeakMap<QuestionnairePage, Map<string, string> | null>();

function clientConditions(
  instrument: Instrument,
  page: QuestionnairePage,
  answers: ReadonlyMap<string, AnswerState>,
  hidden: ReadonlySet<string>,
): Map<string, string> {
  const known = constantConditions.get(page);
  if (known) return known;
  const onPage = new Set(page.items.map((i) => i.id));
  const base = lookupFrom(answers);
  const lookup: AnswerLookup = (itemId) => (hidden.has(itemId) ? { kind: "na" } : base(itemId));
  let readsOtherPages = false;
  const conditions = new Map<string, string>();
  for (const item of page.items) {
    if (item.relevance === undefined) continue;
    const ast = parseExpression(item.relevance);
    if (!referencesOnly(ast, onPage)) readsOtherPages = true;
    conditions.set(item.id, JSON.stringify(clientCondition(ast, onPage, lookup)));
  }
  if (known === undefined) constantConditions.set(page, readsOtherPages ? null : conditions);
  return conditions;
}

function referencesOnly(ast: Expression, ids: ReadonlySet<string>): boolean {
  switch (ast.type) {
    case "number":
      return true;
    case "call":
      return ids.has(ast.item);
    case "compare":
      return referencesOnly(ast.left, ids) && referencesOnly(ast.right, ids);
    case "and":
    case "or":
      return ast.operands.every((o) => referencesOnly(o, ids));
    case "not":
      return referencesOnly(ast.operand, ids);
  }
}

/** The conditions of a page as the cached page's key needs them: "" when they read only the page's own items. */
export function pageConditionsKey(
  instrument: Instrument,
  page: QuestionnairePage,
  answers: ReadonlyMap<string, AnswerState>,
  hidden: ReadonlySet<string>,
): string {
  const conditions = clientConditions(instrument, page, answers, hidden);
  return constantConditions.get(page) ? "" : [...conditions.values()].join("\n");
}
