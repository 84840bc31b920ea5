// Relevance in scoring: an item whose condition is false, given the respondent's other answers, counts as not
// applicable (method.md), whatever answer is stored for it. Decided here, once per respondent before their rows are
// summed, so that every figure computed from answers (pages, exports, API, PDF) agrees. The conditions are the
// instrument's own (the pure evaluator of src/questionnaires/expression.ts); only the few items that conditions
// read are looked at.

import { parseExpression, referencedItems, resolveRelevance, type AnswerLookup, type AnswerState, type Expression } from "../questionnaires/expression";
import type { ModelIndex } from "./model-index";
import { ABSENT, ANSWERED, DONT_KNOW, NOT_APPLICABLE } from "./types";
import type { AnswerRows } from "./types";

export interface RelevancePlan {
  /** Items with a condition, in document order. */
  readonly conditional: readonly { readonly id: string; readonly relevance: string }[];
  /** conditionalSlot[j]: the item's position in `conditional`, or -1 for an item always shown. */
  readonly conditionalSlot: Int32Array;
  /** Items read by some condition: referenceSlot[j] is the item's position among them, or -1. */
  readonly referenceSlot: Int32Array;
  readonly referenceSlotById: ReadonlyMap<string, number>;
  readonly referenceCount: number;
  /** referenceReads[f]: whether some condition reads the referenced item's target (1) or importance (2). */
  readonly referenceReads: Uint8Array;
  /** Decisions already made, by the referenced answers' states as conditions read them (see decideHidden). */
  readonly decisions: Map<number | string, Uint8Array>;
}

/** Codes of one referenced item's answer in a whole-number key: 0 (no row) … 1,372. */
const KEY_BASE = 1373;
const READS_TARGET = 1;
const READS_IMPORTANCE = 2;

/** Which parts of each item's answer `ast` reads besides its kind and current level: item id → READS_* bits. */
function readsOf(ast: Expression, into: Map<string, number>): void {
  switch (ast.type) {
    case "call":
      into.set(ast.item, (into.get(ast.item) ?? 0) | (ast.fn === "target" ? READS_TARGET : ast.fn === "importance" ? READS_IMPORTANCE : 0));
      return;
    case "compare":
      readsOf(ast.left, into);
      readsOf(ast.right, into);
      return;
    case "and":
    case "or":
      for (const operand of ast.operands) readsOf(operand, into);
      return;
    case "not":
      readsOf(ast.operand, into);
      return;
    case "number":
      return;
  }
}

/** What the conditions need to know of the model; null when no item has a condition (nothing to decide). */
export function relevancePlan(model: ModelIndex): RelevancePlan | null {
  const conditional: { id: string; relevance: string }[] = [];
  const conditionalSlot = new Int32Array(model.itemCount).fill(-1);
  model.items.forEach((item, j) => {
    if (item.relevance === undefined) return;
    conditionalSlot[j] = conditional.length;
    conditional.push({ id: item.id, relevance: item.relevance });
  });
  if (conditional.length === 0) return null;
  const referenceSlot = new Int32Array(model.itemCount).fill(-1);
  const referenceSlotById = new Map<string, number>();
  // Items a condition reads; one outside the model (a level not in scope) stays unanswered.
  for (const { relevance } of conditional) {
    for (const { item } of referencedItems(parseExpression(relevance))) {
      const j = model.itemIndexById.get(item);
      if (j === undefined || referenceSlot[j] >= 0) continue;
      referenceSlot[j] = referenceSlotById.size;
      referenceSlotById.set(item, referenceSlotById.size);
    }
  }
  const reads = new Map<string, number>();
  for (const { relevance } of conditional) readsOf(parseExpression(relevance), reads);
  const referenceReads = new Uint8Array(referenceSlotById.size);
  for (const [item, f] of referenceSlotById) referenceReads[f] = reads.get(item) ?? 0;
  return { conditional, conditionalSlot, referenceSlot, referenceSlotById, referenceCount: referenceSlotById.size, referenceReads, decisions: new Map() };
}

const NONE: AnswerState = { kind: "none" };

/** A row's answer as a condition reads it: a level without a current value is no answer yet. */
function stateOfRow(rows: AnswerRows, k: number): AnswerState {
  const kind = rows.kind[k];
  if (kind === NOT_APPLICABLE) return { kind: "na" };
  if (kind === DONT_KNOW) return { kind: "dontknow" };
  if (kind !== ANSWERED || rows.current[k] === ABSENT) return NONE;
  const value = (v: number) => (v === ABSENT ? undefined : v);
  return { kind: "answered", current: rows.current[k], target: value(rows.target[k]), importance: value(rows.importance[k]) };
}

/**
 * Decides, for each respondent `first` … `first + count − 1`, which conditional items are hidden: hidden[w × C + c]
 * is 1 when conditional item c is hidden from respondent first + w. `rows` must hold all of those respondents' rows.
 * Rows of levels a respondent was not assigned are not read (`isAssigned`).
 */
export function decideHidden(
  plan: RelevancePlan,
  rows: AnswerRows,
  first: number,
  count: number,
  isAssigned: (respondent: number, item: number) => boolean,
): Uint8Array {
  const F = plan.referenceCount;
  const C = plan.conditional.length;
  const rowOf = new Int32Array(count * F).fill(-1);
  for (let k = 0; k < rows.length; k++) {
    const f = plan.referenceSlot[rows.item[k]];
    // (undefined for an item index out of range: the row pass refuses that row with its number)
    if (!(f >= 0)) continue;
    const w = rows.respondent[k] - first;
    if (w < 0 || w >= count || !isAssigned(rows.respondent[k], rows.item[k])) continue;
    rowOf[w * F + f] = k;
  }
  const hidden = new Uint8Array(count * C);
  let w = 0;
  const lookup: AnswerLookup = (itemId) => {
    const f = plan.referenceSlotById.get(itemId);
    if (f === undefined) return NONE;
    const k = rowOf[w * F + f];
    return k < 0 ? NONE : stateOfRow(rows, k);
  };
  // The conditions read only the referenced items' answers (their kind and current level, and their target or
  // importance where a condition asks for it), so respondents whose referenced answers read the same get the same
  // decision: each distinct combination is decided once per scoring run (a few hundred for thousands of respondents).
  const decided = plan.decisions;
  const reads = plan.referenceReads;
  // Up to five referenced items with values in their usual ranges make a whole-number key (no string per respondent).
  const numericKeys = F <= 5;
  for (; w < count; w++) {
    let key: number | string = 0;
    for (let f = 0; f < F && typeof key === "number"; f++) {
      const k = rowOf[w * F + f];
      let code = 0;
      if (k >= 0) {
        const kind = rows.kind[k];
        const current = rows.current[k] + 1;
        const target = reads[f] & READS_TARGET ? rows.target[k] + 1 : 0;
        const importance = reads[f] & READS_IMPORTANCE ? rows.importance[k] + 1 : 0;
        if (!numericKeys || kind > 3 || current < 0 || current > 6 || target < 0 || target > 6 || importance < 0 || importance > 6) key = "";
        else code = 1 + kind + 4 * current + 28 * target + 196 * importance;
      }
      if (typeof key === "number") key = key * KEY_BASE + code;
    }
    if (typeof key === "string") {
      for (let f = 0; f < F; f++) {
        const k = rowOf[w * F + f];
        if (k < 0) key += "|";
        else {
          key += `${rows.kind[k]},${rows.current[k]}`;
          if (reads[f] & READS_TARGET) key += `,${rows.target[k]}`;
          if (reads[f] & READS_IMPORTANCE) key += `;${rows.importance[k]}`;
          key += "|";
        }
      }
    }
    let decision = decided.get(key);
    if (decision === undefined) {
      const relevant = resolveRelevance(plan.conditional, lookup);
      decision = Uint8Array.from(plan.conditional, (item) => (relevant.get(item.id) === false ? 1 : 0));
      decided.set(key, decision);
    }
    hidden.set(decision, w * C);
  }
  return hidden;
}

/** Which conditional items a respondent without a single answer would not be shown. */
export function hiddenWithoutAnswers(plan: RelevancePlan): Uint8Array {
  const relevant = resolveRelevance(plan.conditional, () => NONE);
  return Uint8Array.from(plan.conditional, (item) => (relevant.get(item.id) === false ? 1 : 0));
}
