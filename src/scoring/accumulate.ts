// The two passes behind every figure. The row pass walks the answer rows once, adding each
// valid answer to its item's totals and to its respondent × dimension weighted sums. The
// respondent pass then turns those sums into respondent scores and adds them to the totals of
// every group the respondent belongs to (the nation, and their organisation), so that
// organisations cost no extra pass. All accumulators are typed arrays indexed by integers.
// Rows that come in batches of whole respondents (a loader streaming responses) are summed one
// batch at a time: the respondent × dimension sums then exist for one batch, not for everyone.
// Before a respondent's rows are summed, the items their answers hide (relevance.ts) are marked: those rows count as
// not applicable.

import type { ModelIndex } from "./model-index";
import { decideHidden, hiddenWithoutAnswers, relevancePlan, type RelevancePlan } from "./relevance";
import { ABSENT, ANSWERED, DONT_KNOW, NOT_APPLICABLE } from "./types";
import type { AnswerRows, ScoringRespondent } from "./types";

/** Scale values: current and target are 0..5. */
export const SCALE_VALUES = 6;

/** currentMatrix marks: no row for this respondent and item / a row without a valid answer. */
const NO_ROW = -128;
const NOT_VALID = -1;

/** Group 0 is the nation; group g ≥ 1 is the organisation organisationIds[g − 1]. */
export const NATIONAL = 0;

export interface RespondentIndex {
  readonly count: number;
  readonly groupCount: number;
  readonly organisationIds: readonly number[];
  readonly group: Int32Array;
  /** levelMask[r × L + l] = 1 when respondent r was assigned level l. */
  readonly levelMask: Uint8Array;
  /** Respondents assigned each level: those who were shown its items. */
  readonly assignedPerLevel: Int32Array;
}

export function indexRespondents(respondents: readonly ScoringRespondent[], model: ModelIndex): RespondentIndex {
  const count = respondents.length;
  const L = model.levelCount;
  const ids = new Set<number>();
  const organisationSet = new Set<number>();
  for (const respondent of respondents) {
    if (ids.has(respondent.id)) throw new RangeError(`respondent ${respondent.id} is listed twice`);
    ids.add(respondent.id);
    organisationSet.add(respondent.organisationId);
  }
  // Sorted, so that the order of respondents never changes the order of results.
  const organisationIds = [...organisationSet].sort((a, b) => a - b);
  const groupOfOrganisation = new Map(organisationIds.map((id, i) => [id, i + 1]));
  const group = new Int32Array(count);
  const levelMask = new Uint8Array(count * L);
  const assignedPerLevel = new Int32Array(L);
  respondents.forEach((respondent, r) => {
    group[r] = groupOfOrganisation.get(respondent.organisationId) as number;
    for (const levelId of respondent.levels) {
      const l = model.levelIndexById.get(levelId);
      // Levels the model does not have (out of this instrument's scope) are simply not scored.
      if (l === undefined || levelMask[r * L + l] === 1) continue;
      levelMask[r * L + l] = 1;
      assignedPerLevel[l]++;
    }
  });
  return { count, groupCount: organisationIds.length + 1, organisationIds, group, levelMask, assignedPerLevel };
}

/**
 * Layout of the per respondent × dimension accumulator: CELL_FIELDS numbers for cell r × D + d,
 * side by side so that one answer touches one cache line. Sums are weighted by item weight.
 */
export const CELL_VALID = 0;
export const CELL_WEIGHT = 1;
export const CELL_CURRENT = 2;
export const CELL_TARGET = 3;
export const CELL_GAP = 4;
export const CELL_PRIORITY = 5;
export const CELL_IMPORTANCE = 6;
export const CELL_FIELDS = 7;

/**
 * Layout of the per item accumulator: ITEM_FIELDS numbers for item j. Sums of current are not
 * kept: they follow from the counts of each scale value.
 */
export const ITEM_VALID = 0;
export const ITEM_NOT_APPLICABLE = 1;
export const ITEM_DONT_KNOW = 2;
export const ITEM_INCOMPLETE = 3;
export const ITEM_TARGET = 4;
export const ITEM_GAP = 5;
export const ITEM_IMPORTANCE = 6;
export const ITEM_PRIORITY = 7;
export const ITEM_FIELDS = 8;

export interface RowTotals {
  /** Rows whose item lies in a level the respondent was not assigned. */
  ignoredRows: number;
  /** Per item, laid out as ITEM_FIELDS. */
  readonly items: Float64Array;
  /** itemCounts[j × 6 + v]: valid answers to item j with current v. */
  readonly itemCounts: Int32Array;
  /** groupItemAnswered[g × I + j] = 1 when some respondent of organisation group g answered item j validly. */
  readonly groupItemAnswered: Uint8Array;
  /** hiddenFrom[j]: respondents assigned item j's level whose answers hide it (its condition is false). */
  readonly hiddenFrom: Int32Array;
}

/**
 * The respondents whose rows are being summed: respondents first … first + count − 1 (all of them, or one batch).
 * cells[(r − first) × D + d] holds CELL_FIELDS sums; currentMatrix[(r − first) × I + j] the valid current
 * answer, or a negative mark.
 */
interface RespondentWindow {
  first: number;
  count: number;
  cells: Float64Array;
  currentMatrix: Int8Array;
  /** hidden[(r − first) × C + c] = 1 when conditional item c is hidden from respondent r; null without conditions. */
  hidden: Uint8Array | null;
}

/** Respondent r's current score in dimension d, at r × D + d, when scored[r × D + d] is 1. */
interface RespondentScores {
  current: Float64Array;
  scored: Uint8Array;
}

/** Empty sums for `count` respondents from `first`, in the arrays of `reuse` when they are large enough. */
function windowOf(model: ModelIndex, first: number, count: number, reuse: RespondentWindow | null): RespondentWindow {
  const cellCount = count * model.dimensionCount * CELL_FIELDS;
  const matrixCount = count * model.itemCount;
  if (reuse && reuse.cells.length >= cellCount && reuse.currentMatrix.length >= matrixCount) {
    reuse.cells.fill(0, 0, cellCount);
    reuse.currentMatrix.fill(NO_ROW, 0, matrixCount);
    reuse.first = first;
    reuse.count = count;
    reuse.hidden = null;
    return reuse;
  }
  return { first, count, cells: new Float64Array(cellCount), currentMatrix: new Int8Array(matrixCount).fill(NO_ROW), hidden: null };
}

/** The rows of several batches as one (copied: a loader may refill its arrays for every batch). */
function concatenate(batches: Iterable<AnswerRows>): AnswerRows {
  const given = [...batches];
  // One batch (an answer set given at once) is used as it is: nothing refills it before it is summed.
  if (given.length === 1) return given[0];
  const all = given.map((batch) => {
    checkColumns(batch);
    return {
      ...batch,
      respondent: batch.respondent.slice(0, batch.length),
      item: batch.item.slice(0, batch.length),
      kind: batch.kind.slice(0, batch.length),
      current: batch.current.slice(0, batch.length),
      target: batch.target.slice(0, batch.length),
      importance: batch.importance.slice(0, batch.length),
    };
  });
  if (all.length === 1) return all[0];
  const length = all.reduce((n, batch) => n + batch.length, 0);
  const rows = {
    length,
    respondent: new Int32Array(length),
    item: new Int32Array(length),
    kind: new Uint8Array(length),
    current: new Int8Array(length),
    target: new Int8Array(length),
    importance: new Int8Array(length),
  };
  let at = 0;
  for (const batch of all) {
    for (const column of ["respondent", "item", "kind", "current", "target", "importance"] as const)
      (rows[column] as Int8Array).set(batch[column] as Int8Array, at);
    at += batch.length;
  }
  return rows;
}

/**
 * Marks, for the respondents of the window, the conditional items their answers hide, and counts them per item
 * (among respondents assigned the item's level) for the number who saw it.
 */
function markHidden(
  plan: RelevancePlan,
  rows: AnswerRows,
  model: ModelIndex,
  respondents: RespondentIndex,
  window: RespondentWindow,
  totals: RowTotals,
  covered: Uint8Array,
): void {
  const L = model.levelCount;
  const isAssigned = (r: number, j: number) => respondents.levelMask[r * L + model.itemLevel[j]] === 1;
  const hidden = decideHidden(plan, rows, window.first, window.count, isAssigned);
  const C = plan.conditional.length;
  for (let w = 0; w < window.count; w++) {
    covered[window.first + w] = 1;
    for (let c = 0; c < C; c++) {
      if (hidden[w * C + c] === 0) continue;
      const j = model.itemIndexById.get(plan.conditional[c].id) as number;
      if (isAssigned(window.first + w, j)) totals.hiddenFrom[j]++;
    }
  }
  window.hidden = hidden;
}

/** Respondents no window covered (no row at all) see what an empty questionnaire shows. */
function countHiddenFromUncovered(plan: RelevancePlan, model: ModelIndex, respondents: RespondentIndex, totals: RowTotals, covered: Uint8Array): void {
  const empty = hiddenWithoutAnswers(plan);
  const L = model.levelCount;
  for (let r = 0; r < respondents.count; r++) {
    if (covered[r] === 1) continue;
    plan.conditional.forEach((item, c) => {
      const j = model.itemIndexById.get(item.id) as number;
      if (empty[c] === 1 && respondents.levelMask[r * L + model.itemLevel[j]] === 1) totals.hiddenFrom[j]++;
    });
  }
}

function rowError(k: number, message: string): RangeError {
  return new RangeError(`answer row ${k}: ${message}`);
}

function checkColumns(rows: AnswerRows): void {
  for (const column of [rows.respondent, rows.item, rows.kind, rows.current, rows.target, rows.importance]) {
    if (column.length < rows.length) throw new RangeError(`answer rows: a column holds ${column.length} values for ${rows.length} rows`);
  }
}

/**
 * Both passes over the answers. `wholeRespondents`: each batch holds every row of its respondents, and batches
 * come in increasing respondent order (checked), so each batch is summed and scored before the next one.
 */
export function accumulateAnswers(
  batches: Iterable<AnswerRows>,
  model: ModelIndex,
  respondents: RespondentIndex,
  options: { wholeRespondents?: boolean } = {},
): { rows: RowTotals; groups: GroupTotals } {
  const R = respondents.count;
  const D = model.dimensionCount;
  const I = model.itemCount;
  const rows: RowTotals = {
    ignoredRows: 0,
    items: new Float64Array(I * ITEM_FIELDS),
    itemCounts: new Int32Array(I * SCALE_VALUES),
    groupItemAnswered: new Uint8Array(respondents.groupCount * I),
    hiddenFrom: new Int32Array(I),
  };
  const plan = relevancePlan(model);
  const covered = new Uint8Array(R);
  const groups = emptyGroupTotals(model, respondents);
  // Each respondent's current score per dimension, where they have one, for the deviations pass.
  const respondentCurrent: RespondentScores = { current: new Float64Array(R * D), scored: new Uint8Array(R * D) };

  let firstRow = 0;
  if (!options.wholeRespondents) {
    const everyone = windowOf(model, 0, R, null);
    // Conditions read a respondent's other rows, which may lie in any batch: then all rows are decided together.
    const whole = plan ? concatenate(batches) : null;
    if (plan && whole) markHidden(plan, whole, model, respondents, everyone, rows, covered);
    const all = whole ? [whole] : batches;
    for (const batch of all) {
      checkColumns(batch);
      addRows(batch, model, respondents, rows, everyone, firstRow, plan);
      firstRow += batch.length;
    }
    scoreRespondents(model, respondents, everyone, groups, respondentCurrent);
  } else {
    let window: RespondentWindow | null = null;
    let next = 0;
    for (const batch of batches) {
      checkColumns(batch);
      let first = R;
      let last = -1;
      for (let k = 0; k < batch.length; k++) {
        const r = batch.respondent[k];
        if (r < 0 || r >= R) throw rowError(firstRow + k, `respondent index ${r} is outside 0..${R - 1}`);
        if (r < next) throw rowError(firstRow + k, `respondent index ${r} comes after their batch`);
        if (r < first) first = r;
        if (r > last) last = r;
      }
      if (last >= first) {
        window = windowOf(model, first, last - first + 1, window);
        if (plan) markHidden(plan, batch, model, respondents, window, rows, covered);
        addRows(batch, model, respondents, rows, window, firstRow, plan);
        scoreRespondents(model, respondents, window, groups, respondentCurrent);
        next = last + 1;
      }
      firstRow += batch.length;
    }
  }
  if (plan) countHiddenFromUncovered(plan, model, respondents, rows, covered);
  addDeviations(model, respondents, groups, respondentCurrent);
  return { rows, groups };
}

/** The hot loop, kept apart so that the engine compiles it on its own: typed arrays only, no allocation. */
function addRows(
  rows: AnswerRows,
  model: ModelIndex,
  respondents: RespondentIndex,
  totals: RowTotals,
  window: RespondentWindow,
  firstRow: number,
  plan: RelevancePlan | null,
): void {
  const R = respondents.count;
  const { first, count } = window;
  const I = model.itemCount;
  const D = model.dimensionCount;
  const L = model.levelCount;
  const length = rows.length;
  const { respondent: respondentColumn, item: itemColumn, kind: kindColumn } = rows;
  const { current: currentColumn, target: targetColumn, importance: importanceColumn } = rows;
  const { itemLevel, itemDimension, itemWeight } = model;
  const { levelMask, group } = respondents;
  const { items, itemCounts, groupItemAnswered } = totals;
  const { cells, currentMatrix, hidden } = window;
  const conditionalSlot = plan?.conditionalSlot ?? null;
  const C = plan?.conditional.length ?? 0;
  let ignoredRows = 0;

  for (let k = 0; k < length; k++) {
    const r = respondentColumn[k];
    const j = itemColumn[k];
    if (r < 0 || r >= R) throw rowError(firstRow + k, `respondent index ${r} is outside 0..${R - 1}`);
    if (j < 0 || j >= I) throw rowError(firstRow + k, `item index ${j} is outside 0..${I - 1}`);
    const w = r - first;
    if (w < 0 || w >= count) throw rowError(firstRow + k, `respondent index ${r} is outside their batch`);
    if (levelMask[r * L + itemLevel[j]] === 0) {
      ignoredRows++;
      continue;
    }
    const matrixCell = w * I + j;
    if (currentMatrix[matrixCell] !== NO_ROW) throw rowError(firstRow + k, `a second row for respondent index ${r} and item index ${j}`);
    const item = j * ITEM_FIELDS;
    let kind = kindColumn[k];
    // An item hidden by its condition counts as not applicable, whatever is stored for it.
    if (conditionalSlot !== null && hidden !== null && conditionalSlot[j] >= 0 && hidden[w * C + conditionalSlot[j]] === 1) kind = NOT_APPLICABLE;
    if (kind === ANSWERED) {
      const c = currentColumn[k];
      const t = targetColumn[k];
      const importance = importanceColumn[k];
      if (c === ABSENT || t === ABSENT || importance === ABSENT) {
        items[item + ITEM_INCOMPLETE]++;
        currentMatrix[matrixCell] = NOT_VALID;
        continue;
      }
      if (c < 0 || c > 5 || t < 0 || t > 5 || importance < 1 || importance > 3) {
        throw rowError(firstRow + k, `values out of range (current ${c}, target ${t}, importance ${importance})`);
      }
      // A target below the current level is no gap, not a negative one.
      const gap = Math.max(0, t - c);
      const priority = gap * importance;
      currentMatrix[matrixCell] = c;
      items[item + ITEM_VALID]++;
      items[item + ITEM_TARGET] += t;
      items[item + ITEM_GAP] += gap;
      items[item + ITEM_IMPORTANCE] += importance;
      items[item + ITEM_PRIORITY] += priority;
      itemCounts[j * SCALE_VALUES + c]++;
      const cell = (w * D + itemDimension[j]) * CELL_FIELDS;
      const weight = itemWeight[j];
      cells[cell + CELL_VALID]++;
      cells[cell + CELL_WEIGHT] += weight;
      cells[cell + CELL_CURRENT] += weight * c;
      cells[cell + CELL_TARGET] += weight * t;
      cells[cell + CELL_GAP] += weight * gap;
      cells[cell + CELL_PRIORITY] += weight * priority;
      cells[cell + CELL_IMPORTANCE] += weight * importance;
      groupItemAnswered[group[r] * I + j] = 1;
    } else if (kind === NOT_APPLICABLE) {
      items[item + ITEM_NOT_APPLICABLE]++;
      currentMatrix[matrixCell] = NOT_VALID;
    } else if (kind === DONT_KNOW) {
      items[item + ITEM_DONT_KNOW]++;
      currentMatrix[matrixCell] = NOT_VALID;
    } else {
      throw rowError(firstRow + k, `unknown kind ${kind}`);
    }
  }
  totals.ignoredRows += ignoredRows;
}

/** Per group (g × D + d, g × L + l, g × I + j): totals of respondent scores. */
export interface GroupTotals {
  readonly groupCount: number;
  /** Respondents with at least one valid answer anywhere. */
  readonly respondents: Int32Array;
  /** Respondents with at least one valid answer in the level. */
  readonly levelRespondents: Int32Array;
  /** Respondents with at least one valid answer in the dimension. */
  readonly dimensionRespondents: Int32Array;
  readonly sumCurrent: Float64Array;
  readonly sumTarget: Float64Array;
  readonly sumGap: Float64Array;
  readonly sumPriority: Float64Array;
  /** Σ of respondents' mean importance: a unit's mean importance, which weighs a validated gap (method.md). */
  readonly sumImportance: Float64Array;
  /** Σ (respondent current score − group mean)², for the standard deviation. */
  readonly squaredDeviations: Float64Array;
  /** For Cronbach's alpha, over respondents who answered every item of the dimension validly. */
  readonly completeRespondents: Int32Array;
  readonly completeItemSum: Float64Array;
  readonly completeItemSumSquared: Float64Array;
  readonly completeTotalSum: Float64Array;
  readonly completeTotalSumSquared: Float64Array;
}

/** Smallest number of items for which Cronbach's alpha is computed. */
export const ALPHA_MIN_ITEMS = 3;

function emptyGroupTotals(model: ModelIndex, respondents: RespondentIndex): GroupTotals {
  const G = respondents.groupCount;
  const D = model.dimensionCount;
  const L = model.levelCount;
  const I = model.itemCount;
  return {
    groupCount: G,
    respondents: new Int32Array(G),
    levelRespondents: new Int32Array(G * L),
    dimensionRespondents: new Int32Array(G * D),
    sumCurrent: new Float64Array(G * D),
    sumTarget: new Float64Array(G * D),
    sumGap: new Float64Array(G * D),
    sumPriority: new Float64Array(G * D),
    sumImportance: new Float64Array(G * D),
    squaredDeviations: new Float64Array(G * D),
    completeRespondents: new Int32Array(G * D),
    completeItemSum: new Float64Array(G * I),
    completeItemSumSquared: new Float64Array(G * I),
    completeTotalSum: new Float64Array(G * D),
    completeTotalSumSquared: new Float64Array(G * D),
  };
}

/** First respondent pass, over the respondents of a window (in order): their scores into the group totals. */
function scoreRespondents(
  model: ModelIndex,
  respondents: RespondentIndex,
  window: RespondentWindow,
  totals: GroupTotals,
  respondentCurrent: RespondentScores,
): void {
  const D = model.dimensionCount;
  const L = model.levelCount;
  const I = model.itemCount;
  const { group } = respondents;
  const { levelFirstDimension, dimensionFirstItem } = model;
  const { cells, currentMatrix, first: firstRespondent, count: windowCount } = window;
  const { respondents: respondentCount, levelRespondents, dimensionRespondents, sumCurrent, sumTarget, sumGap, sumPriority, sumImportance } = totals;
  const { completeRespondents, completeItemSum, completeItemSumSquared, completeTotalSum, completeTotalSumSquared } = totals;

  for (let w = 0; w < windowCount; w++) {
    const r = firstRespondent + w;
    const own = group[r];
    let hasAnswer = false;
    for (let l = 0; l < L; l++) {
      let hasAnswerInLevel = false;
      for (let d = levelFirstDimension[l]; d < levelFirstDimension[l + 1]; d++) {
        const cell = (w * D + d) * CELL_FIELDS;
        const valid = cells[cell + CELL_VALID];
        if (valid === 0) continue;
        hasAnswerInLevel = true;
        const weight = cells[cell + CELL_WEIGHT];
        const current = cells[cell + CELL_CURRENT] / weight;
        const target = cells[cell + CELL_TARGET] / weight;
        const gap = cells[cell + CELL_GAP] / weight;
        const priority = cells[cell + CELL_PRIORITY] / weight;
        const importance = cells[cell + CELL_IMPORTANCE] / weight;
        respondentCurrent.current[r * D + d] = current;
        respondentCurrent.scored[r * D + d] = 1;
        const firstItem = dimensionFirstItem[d];
        const itemCount = dimensionFirstItem[d + 1] - firstItem;
        const isComplete = itemCount >= ALPHA_MIN_ITEMS && valid === itemCount;
        let total = 0;
        if (isComplete) {
          for (let j = firstItem; j < firstItem + itemCount; j++) total += currentMatrix[w * I + j];
        }
        for (let pass = 0; pass < 2; pass++) {
          const g = pass === 0 ? NATIONAL : own;
          const gd = g * D + d;
          dimensionRespondents[gd]++;
          sumCurrent[gd] += current;
          sumTarget[gd] += target;
          sumGap[gd] += gap;
          sumPriority[gd] += priority;
          sumImportance[gd] += importance;
          if (isComplete) {
            completeRespondents[gd]++;
            completeTotalSum[gd] += total;
            completeTotalSumSquared[gd] += total * total;
            for (let j = firstItem; j < firstItem + itemCount; j++) {
              const v = currentMatrix[w * I + j];
              completeItemSum[g * I + j] += v;
              completeItemSumSquared[g * I + j] += v * v;
            }
          }
        }
      }
      if (hasAnswerInLevel) {
        hasAnswer = true;
        levelRespondents[NATIONAL * L + l]++;
        levelRespondents[own * L + l]++;
      }
    }
    if (hasAnswer) {
      respondentCount[NATIONAL]++;
      respondentCount[own]++;
    }
  }
}

/**
 * Second pass over respondent scores, once every respondent is in: deviations from the group means, which is more
 * accurate than subtracting squared sums.
 */
function addDeviations(model: ModelIndex, respondents: RespondentIndex, totals: GroupTotals, respondentCurrent: RespondentScores): void {
  const R = respondents.count;
  const D = model.dimensionCount;
  const { group } = respondents;
  const { sumCurrent, dimensionRespondents, squaredDeviations } = totals;
  const { current: currentScores, scored } = respondentCurrent;
  for (let r = 0; r < R; r++) {
    const own = group[r];
    for (let d = 0; d < D; d++) {
      if (scored[r * D + d] === 0) continue;
      const current = currentScores[r * D + d];
      for (let pass = 0; pass < 2; pass++) {
        const g = pass === 0 ? NATIONAL : own;
        const gd = g * D + d;
        const deviation = current - sumCurrent[gd] / dimensionRespondents[gd];
        squaredDeviations[gd] += deviation * deviation;
      }
    }
  }
}
