// The two passes behind every figure. The row pass walks the answer rows once, adding each
// valid answer to its item's totals and to its respondent × dimension weighted sums. The
// respondent pass then turns those sums into respondent scores and adds them to the totals of
// every group the respondent belongs to (the nation, and their organisation), so that
// organisations cost no extra pass. All accumulators are typed arrays indexed by integers.

import type { ModelIndex } from "./model-index";
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
export const CELL_FIELDS = 6;

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
  /** Per respondent × dimension, laid out as CELL_FIELDS. */
  readonly cells: Float64Array;
  /** currentMatrix[r × I + j]: the valid current answer, or a negative mark. */
  readonly currentMatrix: Int8Array;
  /** groupItemAnswered[g × I + j] = 1 when some respondent of organisation group g answered item j validly. */
  readonly groupItemAnswered: Uint8Array;
}

function rowError(k: number, message: string): RangeError {
  return new RangeError(`answer row ${k}: ${message}`);
}

export function accumulateRows(rows: AnswerRows, model: ModelIndex, respondents: RespondentIndex): RowTotals {
  for (const column of [rows.respondent, rows.item, rows.kind, rows.current, rows.target, rows.importance]) {
    if (column.length < rows.length) throw new RangeError(`answer rows: a column holds ${column.length} values for ${rows.length} rows`);
  }
  const totals: RowTotals = {
    ignoredRows: 0,
    items: new Float64Array(model.itemCount * ITEM_FIELDS),
    itemCounts: new Int32Array(model.itemCount * SCALE_VALUES),
    cells: new Float64Array(respondents.count * model.dimensionCount * CELL_FIELDS),
    currentMatrix: new Int8Array(respondents.count * model.itemCount).fill(NO_ROW),
    groupItemAnswered: new Uint8Array(respondents.groupCount * model.itemCount),
  };
  addRows(rows, model, respondents, totals);
  return totals;
}

/** The hot loop, kept apart so that the engine compiles it on its own: typed arrays only, no allocation. */
function addRows(rows: AnswerRows, model: ModelIndex, respondents: RespondentIndex, totals: RowTotals): void {
  const R = respondents.count;
  const I = model.itemCount;
  const D = model.dimensionCount;
  const L = model.levelCount;
  const length = rows.length;
  const { respondent: respondentColumn, item: itemColumn, kind: kindColumn } = rows;
  const { current: currentColumn, target: targetColumn, importance: importanceColumn } = rows;
  const { itemLevel, itemDimension, itemWeight } = model;
  const { levelMask, group } = respondents;
  const { items, itemCounts, cells, currentMatrix, groupItemAnswered } = totals;
  let ignoredRows = 0;

  for (let k = 0; k < length; k++) {
    const r = respondentColumn[k];
    const j = itemColumn[k];
    if (r < 0 || r >= R) throw rowError(k, `respondent index ${r} is outside 0..${R - 1}`);
    if (j < 0 || j >= I) throw rowError(k, `item index ${j} is outside 0..${I - 1}`);
    if (levelMask[r * L + itemLevel[j]] === 0) {
      ignoredRows++;
      continue;
    }
    const matrixCell = r * I + j;
    if (currentMatrix[matrixCell] !== NO_ROW) throw rowError(k, `a second row for respondent index ${r} and item index ${j}`);
    const item = j * ITEM_FIELDS;
    const kind = kindColumn[k];
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
        throw rowError(k, `values out of range (current ${c}, target ${t}, importance ${importance})`);
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
      const cell = (r * D + itemDimension[j]) * CELL_FIELDS;
      const w = itemWeight[j];
      cells[cell + CELL_VALID]++;
      cells[cell + CELL_WEIGHT] += w;
      cells[cell + CELL_CURRENT] += w * c;
      cells[cell + CELL_TARGET] += w * t;
      cells[cell + CELL_GAP] += w * gap;
      cells[cell + CELL_PRIORITY] += w * priority;
      groupItemAnswered[group[r] * I + j] = 1;
    } else if (kind === NOT_APPLICABLE) {
      items[item + ITEM_NOT_APPLICABLE]++;
      currentMatrix[matrixCell] = NOT_VALID;
    } else if (kind === DONT_KNOW) {
      items[item + ITEM_DONT_KNOW]++;
      currentMatrix[matrixCell] = NOT_VALID;
    } else {
      throw rowError(k, `unknown kind ${kind}`);
    }
  }
  totals.ignoredRows = ignoredRows;
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

export function accumulateGroups(model: ModelIndex, respondents: RespondentIndex, rows: RowTotals): GroupTotals {
  const R = respondents.count;
  const G = respondents.groupCount;
  const D = model.dimensionCount;
  const L = model.levelCount;
  const I = model.itemCount;
  const { group } = respondents;
  const { levelFirstDimension, dimensionFirstItem } = model;
  const { cells, currentMatrix } = rows;

  const respondentCount = new Int32Array(G);
  const levelRespondents = new Int32Array(G * L);
  const dimensionRespondents = new Int32Array(G * D);
  const sumCurrent = new Float64Array(G * D);
  const sumTarget = new Float64Array(G * D);
  const sumGap = new Float64Array(G * D);
  const sumPriority = new Float64Array(G * D);
  const squaredDeviations = new Float64Array(G * D);
  const completeRespondents = new Int32Array(G * D);
  const completeItemSum = new Float64Array(G * I);
  const completeItemSumSquared = new Float64Array(G * I);
  const completeTotalSum = new Float64Array(G * D);
  const completeTotalSumSquared = new Float64Array(G * D);

  for (let r = 0; r < R; r++) {
    const own = group[r];
    let hasAnswer = false;
    for (let l = 0; l < L; l++) {
      let hasAnswerInLevel = false;
      for (let d = levelFirstDimension[l]; d < levelFirstDimension[l + 1]; d++) {
        const cell = (r * D + d) * CELL_FIELDS;
        const valid = cells[cell + CELL_VALID];
        if (valid === 0) continue;
        hasAnswerInLevel = true;
        const w = cells[cell + CELL_WEIGHT];
        const current = cells[cell + CELL_CURRENT] / w;
        const target = cells[cell + CELL_TARGET] / w;
        const gap = cells[cell + CELL_GAP] / w;
        const priority = cells[cell + CELL_PRIORITY] / w;
        const firstItem = dimensionFirstItem[d];
        const itemCount = dimensionFirstItem[d + 1] - firstItem;
        const isComplete = itemCount >= ALPHA_MIN_ITEMS && valid === itemCount;
        let total = 0;
        if (isComplete) {
          for (let j = firstItem; j < firstItem + itemCount; j++) total += currentMatrix[r * I + j];
        }
        for (let pass = 0; pass < 2; pass++) {
          const g = pass === 0 ? NATIONAL : own;
          const gd = g * D + d;
          dimensionRespondents[gd]++;
          sumCurrent[gd] += current;
          sumTarget[gd] += target;
          sumGap[gd] += gap;
          sumPriority[gd] += priority;
          if (isComplete) {
            completeRespondents[gd]++;
            completeTotalSum[gd] += total;
            completeTotalSumSquared[gd] += total * total;
            for (let j = firstItem; j < firstItem + itemCount; j++) {
              const v = currentMatrix[r * I + j];
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

  // Second pass over respondent scores: deviations from the group means, which is more accurate
  // than subtracting squared sums.
  for (let r = 0; r < R; r++) {
    const own = group[r];
    for (let d = 0; d < D; d++) {
      const cell = (r * D + d) * CELL_FIELDS;
      if (cells[cell + CELL_VALID] === 0) continue;
      const current = cells[cell + CELL_CURRENT] / cells[cell + CELL_WEIGHT];
      for (let pass = 0; pass < 2; pass++) {
        const g = pass === 0 ? NATIONAL : own;
        const gd = g * D + d;
        const deviation = current - sumCurrent[gd] / dimensionRespondents[gd];
        squaredDeviations[gd] += deviation * deviation;
      }
    }
  }

  return {
    groupCount: G,
    respondents: respondentCount,
    levelRespondents,
    dimensionRespondents,
    sumCurrent,
    sumTarget,
    sumGap,
    sumPriority,
    squaredDeviations,
    completeRespondents,
    completeItemSum,
    completeItemSumSquared,
    completeTotalSum,
    completeTotalSumSquared,
  };
}
