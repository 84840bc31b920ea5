// The respondent's questionnaire as pages: which dimensions they answer, which items are relevant, how far they are,
// and the plain view models the pages render. Pure: instrument and answers in, view models out.
import type { Dimension as InstrumentDimension, Instrument, Item as InstrumentItem } from "../questionnaires/schema";
import { isItemRelevant } from "../questionnaires/expression";
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

function lookupFrom(answers: ReadonlyMap<string, AnswerState>) {
  return (itemId: string) => {
    const answer = answers.get(itemId);
    if (!answer) return { kind: "none" as const };
    if (answer.kind === "na") return { kind: "na" as const };
    if (answer.kind === "dontknow") return { kind: "dontknow" as const };
    if (answer.current === null) return { kind: "none" as const };
    return { kind: "answered" as const, current: answer.current, target: answer.target ?? undefined, importance: answer.importance ?? undefined };
  };
}

/** An item is hidden only when its condition is false on answers already given; otherwise the respondent sees it. */
export function isShown(item: InstrumentItem, answers: ReadonlyMap<string, AnswerState>): boolean {
  if (!item.relevance) return true;
  return isItemRelevant(item, lookupFrom(answers));
}

export interface Progress {
  answered: number;
  total: number;
  percent: number;
}

export function progressOf(pages: QuestionnairePage[], answers: ReadonlyMap<string, AnswerState>): Progress {
  let answered = 0;
  let total = 0;
  for (const page of pages) {
    for (const item of page.items) {
      if (!isShown(item, answers)) continue;
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
  comment: string;
  isComplete: boolean;
  errors: { field: string; message: string }[];
}

export interface PageView {
  dimensionId: string;
  title: string;
  description: string;
  levelTitle: string;
  items: ItemView[];
}

/** The boolean attribute of a checked radio button, as the page template writes it after the input's value. */
export function checkedAttr(isChecked: boolean): string {
  return isChecked ? " checked" : "";
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
  const items = page.items
    .filter((item) => isShown(item, answers as Map<string, StoredAnswer>))
    .map((item, index): ItemView => {
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
        current: scale.map((s) => option("current", s.value, s.label, text(`item.${item.id}.anchor.${s.value}`), answer?.kind === "answered" ? answer.current : null)),
        target: scale.map((s) => option("target", s.value, s.label, undefined, answer?.kind === "answered" ? answer.target : null)),
        importance: importance.map((s) => option("importance", s.value, s.label, undefined, answer?.kind === "answered" ? answer.importance : null)),
        isDontKnow: answer?.kind === "dontknow",
        isNotApplicable: answer?.kind === "na",
        dontKnowAttr: checkedAttr(answer?.kind === "dontknow"),
        notApplicableAttr: checkedAttr(answer?.kind === "na"),
        comment: answer?.comment ?? "",
        isComplete: answer ? isComplete(answer) : false,
        errors: ["current", "target", "importance", "comment"].filter((f) => errors[`${f}.${item.id}`]).map((f) => ({ field: f, message: errors[`${f}.${item.id}`] })),
      };
    });
  return {
    dimensionId: page.dimension.id,
    title: text(`dimension.${page.dimension.id}.title`),
    description: text(`dimension.${page.dimension.id}.description`),
    levelTitle: level ? text(`level.${level.id}.title`) : "",
    items,
  };
}
