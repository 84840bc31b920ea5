// scoreAssessment: answers in, results out. Two passes over the data (rows, then respondent
// scores) fill typed-array totals for the nation and every organisation at once; this module
// turns those totals into result cells, applying the confidentiality rules as it goes, so that
// no caller ever receives a figure for a group below the threshold.

import {
  accumulateAnswers,
  ALPHA_MIN_ITEMS,
  indexRespondents,
  ITEM_DONT_KNOW,
  ITEM_FIELDS,
  ITEM_GAP,
  ITEM_IMPORTANCE,
  ITEM_INCOMPLETE,
  ITEM_NOT_APPLICABLE,
  ITEM_PRIORITY,
  ITEM_TARGET,
  ITEM_VALID,
  NATIONAL,
  SCALE_VALUES,
} from "./accumulate";
import type { GroupTotals, RespondentIndex, RowTotals } from "./accumulate";
import { complementarySuppressions, levelThreshold, resolveScoringOptions, thresholdReason } from "./confidentiality";
import { indexModel } from "./model-index";
import type { ModelIndex } from "./model-index";
import { compareForRanking } from "./ranking";
import { buildRecommendations, buildRoadmap } from "./recommendations";
import { classifySeverity, ROUNDING_TOLERANCE } from "./severity";
import { alphaFromVariances, studentTQuantile } from "./statistics";
import type {
  AnswerBatches,
  AnswerSet,
  Coverage,
  DimensionResult,
  ItemResult,
  LevelResult,
  OrganisationResult,
  OverallResult,
  Reliability,
  ScoringModel,
  ScoringOptions,
  ScoringResult,
  SuppressionReason,
} from "./types";

/** An index is a 0–5 score × 20. */
export const INDEX_FACTOR = 20;
/** Standard deviation of current scores from which respondents are said to disagree. */
export const LOW_CONSENSUS_SD = 1.5;
/** Percentage of don't-know answers, among respondents who saw an item, above which it is a knowledge gap. */
export const KNOWLEDGE_GAP_PERCENT = 30;
/** Cronbach's alpha is shown from this many complete respondents, and flagged below LOW_ALPHA. */
export const ALPHA_MIN_RESPONDENTS = 10;
export const LOW_ALPHA = 0.7;
/** Confidence of the dimension intervals. */
export const CONFIDENCE = 0.95;

interface Context {
  readonly model: ScoringModel;
  readonly index: ModelIndex;
  readonly options: ScoringOptions;
  readonly respondents: RespondentIndex;
  readonly rows: RowTotals;
  readonly groups: GroupTotals;
  /** Threshold per level index. */
  readonly thresholds: readonly number[];
  /** Per level index: the rule named when a result of the level is below its threshold. */
  readonly reasons: readonly ("below-threshold" | "individual-floor")[];
  readonly tQuantile: (df: number) => number;
}

function clampToScale(value: number): number {
  return Math.min(5, Math.max(0, value));
}

function coverageOf(context: Context, g: number, d: number): Coverage {
  const { index, rows } = context;
  const first = index.dimensionFirstItem[d];
  const items = index.dimensionFirstItem[d + 1] - first;
  let itemsWithAnswers = 0;
  for (let j = first; j < first + items; j++) {
    const isAnswered = g === NATIONAL ? rows.items[j * ITEM_FIELDS + ITEM_VALID] > 0 : rows.groupItemAnswered[g * index.itemCount + j] === 1;
    if (isAnswered) itemsWithAnswers++;
  }
  return { itemsWithAnswers, items, isSufficient: 2 * itemsWithAnswers >= items };
}

function reliabilityOf(context: Context, g: number, d: number): Reliability {
  const { index, groups } = context;
  const first = index.dimensionFirstItem[d];
  const k = index.dimensionFirstItem[d + 1] - first;
  // Alpha means something only where the items measure one trait (method.md): formative dimensions get none.
  if (index.dimensions[d].measurement !== "reflective") return { status: "not-shown", reason: "formative" };
  if (k < ALPHA_MIN_ITEMS) return { status: "not-shown", reason: "fewer-than-3-items" };
  const gd = g * index.dimensionCount + d;
  const m = groups.completeRespondents[gd];
  if (m < ALPHA_MIN_RESPONDENTS) return { status: "not-shown", reason: "fewer-than-10-complete-respondents" };
  // Sums of whole numbers are exact, so m Σx² − (Σx)² is too: sample variance without rounding loss.
  const variance = (sum: number, sumSquared: number) => (m * sumSquared - sum * sum) / (m * (m - 1));
  let sumOfItemVariances = 0;
  for (let j = first; j < first + k; j++) {
    const gj = g * index.itemCount + j;
    sumOfItemVariances += variance(groups.completeItemSum[gj], groups.completeItemSumSquared[gj]);
  }
  const alpha = alphaFromVariances(k, sumOfItemVariances, variance(groups.completeTotalSum[gd], groups.completeTotalSumSquared[gd]));
  if (alpha === null) return { status: "not-shown", reason: "no-variance" };
  return { status: "shown", alpha, completeRespondents: m };
}

/** What a group × dimension cell shows; decided for every cell before any result is built. */
const SCORED = 0;
const INSUFFICIENT_DATA = 1;
const BELOW_THRESHOLD = 2;
const COMPLEMENTARY = 3;

interface DimensionOutcomes {
  /** Per group × dimension: SCORED, INSUFFICIENT_DATA, BELOW_THRESHOLD or COMPLEMENTARY. */
  readonly outcome: Uint8Array;
  /** Per group × dimension: items with at least one valid answer in the group. */
  readonly itemsWithAnswers: Int32Array;
  /** Per group × dimension: rank among the group's scored dimensions (1 = first). */
  readonly rank: Int32Array;
}

function decideDimensionOutcomes(context: Context): DimensionOutcomes {
  const { index, groups, respondents, thresholds, options } = context;
  const D = index.dimensionCount;
  const G = respondents.groupCount;
  const outcome = new Uint8Array(G * D);
  const itemsWithAnswers = new Int32Array(G * D);
  for (let g = 0; g < G; g++) {
    for (let d = 0; d < D; d++) {
      const gd = g * D + d;
      const coverage = coverageOf(context, g, d);
      itemsWithAnswers[gd] = coverage.itemsWithAnswers;
      if (groups.dimensionRespondents[gd] < thresholds[index.dimensionLevel[d]]) outcome[gd] = BELOW_THRESHOLD;
      else outcome[gd] = coverage.isSufficient ? SCORED : INSUFFICIENT_DATA;
    }
  }
  // Complementary suppression: the national figure minus the shown organisations must not
  // describe fewer respondents than the threshold.
  for (let d = 0; d < D; d++) {
    if (outcome[NATIONAL * D + d] !== SCORED) continue;
    const shown = [];
    for (let g = 1; g < G; g++) {
      const isOrganisationShown = groups.respondents[g] >= options.minGroupSize;
      if (isOrganisationShown && outcome[g * D + d] === SCORED) shown.push({ key: g, count: groups.dimensionRespondents[g * D + d] });
    }
    const total = groups.dimensionRespondents[NATIONAL * D + d];
    for (const g of complementarySuppressions(total, shown, thresholds[index.dimensionLevel[d]])) outcome[g * D + d] = COMPLEMENTARY;
  }
  const rank = new Int32Array(G * D);
  for (let g = 0; g < G; g++) {
    const scored = [];
    for (let d = 0; d < D; d++) {
      const gd = g * D + d;
      if (outcome[gd] !== SCORED) continue;
      const n = groups.dimensionRespondents[gd];
      scored.push({ id: index.dimensionIds[d], d, priority: groups.sumPriority[gd] / n, gap: groups.sumGap[gd] / n });
    }
    scored.sort(compareForRanking).forEach((entry, i) => (rank[g * D + entry.d] = i + 1));
  }
  return { outcome, itemsWithAnswers, rank };
}

function dimensionResult(context: Context, outcomes: DimensionOutcomes, g: number, d: number): DimensionResult {
  const { index, groups, model } = context;
  const dimensionId = index.dimensionIds[d];
  const levelId = index.levelIds[index.dimensionLevel[d]];
  const gd = g * index.dimensionCount + d;
  const outcome = outcomes.outcome[gd];
  if (outcome === BELOW_THRESHOLD || outcome === COMPLEMENTARY) {
    const reason = outcome === BELOW_THRESHOLD ? context.reasons[index.dimensionLevel[d]] : "complementary";
    return { dimensionId, levelId, status: "suppressed", suppressed: true, reason };
  }
  const n = groups.dimensionRespondents[gd];
  const items = index.dimensionFirstItem[d + 1] - index.dimensionFirstItem[d];
  const itemsWithAnswers = outcomes.itemsWithAnswers[gd];
  const coverage = { itemsWithAnswers, items, isSufficient: outcome === SCORED };
  if (outcome === INSUFFICIENT_DATA) {
    return { dimensionId, levelId, status: "insufficient-data", suppressed: false, respondents: n, coverage };
  }
  const current = groups.sumCurrent[gd] / n;
  const gap = groups.sumGap[gd] / n;
  // The threshold is at least 3, so n − 1 ≥ 2: the deviation and the interval always exist.
  const sdCurrent = Math.sqrt(groups.squaredDeviations[gd] / (n - 1));
  const halfWidth = (context.tQuantile(n - 1) * sdCurrent) / Math.sqrt(n);
  const reliability = reliabilityOf(context, g, d);
  return {
    dimensionId,
    levelId,
    status: "scored",
    suppressed: false,
    respondents: n,
    current,
    target: groups.sumTarget[gd] / n,
    gap,
    priority: groups.sumPriority[gd] / n,
    importance: groups.sumImportance[gd] / n,
    index: current * INDEX_FACTOR,
    sdCurrent,
    ci: { lower: clampToScale(current - halfWidth), upper: clampToScale(current + halfWidth) },
    reliability,
    severity: classifySeverity(gap, model.severity),
    coverage,
    flags: {
      lowConsensus: sdCurrent >= LOW_CONSENSUS_SD - ROUNDING_TOLERANCE,
      lowReliability: reliability.status === "shown" && reliability.alpha < LOW_ALPHA,
    },
    rank: outcomes.rank[gd],
  };
}

/** Every group's dimension results: index 0 the nation, g ≥ 1 the organisations. */
function dimensionResults(context: Context): DimensionResult[][] {
  const outcomes = decideDimensionOutcomes(context);
  const results: DimensionResult[][] = [];
  for (let g = 0; g < context.respondents.groupCount; g++) {
    results.push(context.index.dimensionIds.map((_, d) => dimensionResult(context, outcomes, g, d)));
  }
  return results;
}

function levelResult(context: Context, g: number, l: number, dimensions: readonly DimensionResult[]): LevelResult {
  const { index, groups, thresholds } = context;
  const levelId = index.levelIds[l];
  const n = groups.levelRespondents[g * index.levelCount + l];
  if (n < thresholds[l]) return { levelId, status: "suppressed", suppressed: true, reason: context.reasons[l] };
  let weight = 0;
  let current = 0;
  let target = 0;
  let gap = 0;
  let priority = 0;
  const dimensionIds: string[] = [];
  for (let d = index.levelFirstDimension[l]; d < index.levelFirstDimension[l + 1]; d++) {
    const dimension = dimensions[d];
    if (dimension.status !== "scored") continue;
    const w = index.dimensionWeight[d];
    weight += w;
    current += w * dimension.current;
    target += w * dimension.target;
    gap += w * dimension.gap;
    priority += w * dimension.priority;
    dimensionIds.push(dimension.dimensionId);
  }
  if (weight === 0) return { levelId, status: "insufficient-data", suppressed: false, respondents: n };
  return {
    levelId,
    status: "scored",
    suppressed: false,
    respondents: n,
    current: current / weight,
    target: target / weight,
    gap: gap / weight,
    priority: priority / weight,
    index: (current / weight) * INDEX_FACTOR,
    targetIndex: (target / weight) * INDEX_FACTOR,
    dimensionIds,
  };
}

/**
 * The overall index of a set of level results (the nation's, or one organisation's levels in its scope): the
 * weighted mean (level weights) of the scored levels' indices. When every level is withheld for confidentiality, so
 * is the overall result; when none is scored for lack of data, it is insufficient data.
 */
export function overallOf(model: ScoringModel, levels: readonly LevelResult[]): OverallResult {
  const weightOf = new Map(model.levels.map((l) => [l.id, l.weight]));
  let weight = 0;
  let sum = 0;
  const levelIds: string[] = [];
  for (const level of levels) {
    if (level.status !== "scored") continue;
    const w = weightOf.get(level.levelId) ?? 1;
    weight += w;
    sum += w * level.index;
    levelIds.push(level.levelId);
  }
  if (weight > 0) return { status: "scored", suppressed: false, index: sum / weight, levelIds };
  const reasons = new Set<SuppressionReason>();
  for (const level of levels) if (level.status === "suppressed") reasons.add(level.reason);
  if (levels.length > 0 && levels.every((level) => level.status === "suppressed")) {
    return { status: "suppressed", suppressed: true, reason: reasons.size === 1 ? [...reasons][0] : "below-threshold" };
  }
  return { status: "insufficient-data", suppressed: false };
}

function itemResults(context: Context): ItemResult[] {
  const { index, rows, groups, respondents, thresholds } = context;
  const total = (j: number, field: number) => rows.items[j * ITEM_FIELDS + field];
  // An item's figures describe the respondents of its dimension, and those who gave it a valid answer: hidden when
  // either group is below the level's threshold (k, or the individual-level floor).
  const isShown = (j: number) =>
    groups.dimensionRespondents[NATIONAL * index.dimensionCount + index.itemDimension[j]] >= thresholds[index.itemLevel[j]] &&
    total(j, ITEM_VALID) >= thresholds[index.itemLevel[j]];

  const rank = new Int32Array(index.itemCount);
  const ranked = [];
  for (let j = 0; j < index.itemCount; j++) {
    const n = total(j, ITEM_VALID);
    if (isShown(j) && n > 0) ranked.push({ id: index.itemIds[j], j, priority: total(j, ITEM_PRIORITY) / n, gap: total(j, ITEM_GAP) / n });
  }
  ranked.sort(compareForRanking).forEach((entry, i) => (rank[entry.j] = i + 1));

  return index.itemIds.map((itemId, j): ItemResult => {
    const dimensionId = index.dimensionIds[index.itemDimension[j]];
    const levelId = index.levelIds[index.itemLevel[j]];
    if (!isShown(j)) return { itemId, dimensionId, levelId, status: "suppressed", suppressed: true, reason: context.reasons[index.itemLevel[j]] };
    const counts = Array.from(rows.itemCounts.subarray(j * SCALE_VALUES, (j + 1) * SCALE_VALUES));
    const n = total(j, ITEM_VALID);
    const mean = (sum: number) => (n > 0 ? sum / n : null);
    const sum = counts.reduce((acc, count, value) => acc + count * value, 0);
    const sumOfSquares = counts.reduce((acc, count, value) => acc + count * value * value, 0);
    // Whole-number sums: n Σc² − (Σc)² is exact.
    const sdCurrent = n >= 2 ? Math.sqrt((n * sumOfSquares - sum * sum) / (n * (n - 1))) : null;
    const dontKnow = total(j, ITEM_DONT_KNOW);
    const seen = respondents.assignedPerLevel[index.itemLevel[j]] - rows.hiddenFrom[j];
    return {
      itemId,
      dimensionId,
      levelId,
      status: "scored",
      suppressed: false,
      n,
      current: mean(sum),
      target: mean(total(j, ITEM_TARGET)),
      gap: mean(total(j, ITEM_GAP)),
      importance: mean(total(j, ITEM_IMPORTANCE)),
      priority: mean(total(j, ITEM_PRIORITY)),
      sdCurrent,
      counts,
      notApplicable: total(j, ITEM_NOT_APPLICABLE),
      dontKnow,
      incomplete: total(j, ITEM_INCOMPLETE),
      seen,
      flags: {
        // In whole numbers, so that exactly 30% is never flagged by a rounding error.
        knowledgeGap: 100 * dontKnow > KNOWLEDGE_GAP_PERCENT * seen,
        lowConsensus: sdCurrent !== null && sdCurrent >= LOW_CONSENSUS_SD - ROUNDING_TOLERANCE,
      },
      rank: rank[j] > 0 ? rank[j] : null,
    };
  });
}

/**
 * Scores an assessment: item, dimension, level and overall results for the nation, the same
 * dimension and level results for every organisation, recommendations and the roadmap. Groups
 * below the confidentiality threshold come back as suppressed cells with no figures.
 */
export function scoreAssessment(model: ScoringModel, answers: AnswerSet | AnswerBatches, options: Partial<ScoringOptions> = {}): ScoringResult {
  const resolved = resolveScoringOptions(options);
  const index = indexModel(model);
  const respondents = indexRespondents(answers.respondents, index);
  const { rows, groups } =
    "batches" in answers
      ? accumulateAnswers(answers.batches, index, respondents, { wholeRespondents: answers.wholeRespondents })
      : accumulateAnswers([answers.rows], index, respondents);
  const tCache = new Map<number, number>();
  const context: Context = {
    model,
    index,
    options: resolved,
    respondents,
    rows,
    groups,
    thresholds: index.levelIds.map((id) => levelThreshold(id, resolved)),
    reasons: index.levelIds.map((id) => thresholdReason(id, resolved)),
    tQuantile: (df) => {
      let t = tCache.get(df);
      if (t === undefined) {
        t = studentTQuantile(1 - (1 - CONFIDENCE) / 2, df);
        tCache.set(df, t);
      }
      return t;
    },
  };

  const dimensionsByGroup = dimensionResults(context);
  const levelsByGroup = dimensionsByGroup.map((dimensions, g) => index.levelIds.map((_, l) => levelResult(context, g, l, dimensions)));
  const national = { dimensions: dimensionsByGroup[NATIONAL], levels: levelsByGroup[NATIONAL] };
  const recommendations = buildRecommendations(model, national.dimensions);

  const organisations = respondents.organisationIds.map((organisationId, i): OrganisationResult => {
    const g = i + 1;
    if (groups.respondents[g] < resolved.minGroupSize) {
      return { organisationId, status: "suppressed", suppressed: true, reason: "below-threshold" };
    }
    return {
      organisationId,
      status: "scored",
      suppressed: false,
      respondents: groups.respondents[g],
      levels: levelsByGroup[g],
      dimensions: dimensionsByGroup[g],
      overall: overallOf(model, levelsByGroup[g]),
    };
  });

  return {
    thresholds: {
      minGroupSize: resolved.minGroupSize,
      individualMinGroupSize: Math.max(resolved.minGroupSize, resolved.individualMinGroupSize),
      individualLevelId: resolved.individualLevelId,
    },
    overall: overallOf(model, national.levels),
    levels: national.levels,
    dimensions: national.dimensions,
    items: itemResults(context),
    recommendations,
    roadmap: buildRoadmap(recommendations),
    organisations,
    ignoredRows: rows.ignoredRows,
  };
}
