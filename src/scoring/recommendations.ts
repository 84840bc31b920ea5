// Recommendations and the roadmap: the actions a dimension's gap severity and current level trigger, and the
// same actions grouped by horizon in the order of their dimension's rank (method.md, "Recommendations and roadmap").

import { isAtLeast, ROUNDING_TOLERANCE } from "./severity";
import type { DimensionResult, Horizon, Recommendation, Roadmap, RoadmapEntry, ScoringAction, ScoringModel } from "./types";

export const HORIZONS: readonly Horizon[] = ["short", "medium", "long"];

/**
 * Whether an action fits a dimension's current level: at least `currentFrom` and below `currentBelow` (either may be
 * absent). Means are sums of fractions, so the bounds allow for rounding error as severity thresholds do.
 */
export function fitsCurrentLevel(action: ScoringAction, current: number): boolean {
  if (action.currentFrom !== undefined && current < action.currentFrom - ROUNDING_TOLERANCE) return false;
  if (action.currentBelow !== undefined && current >= action.currentBelow - ROUNDING_TOLERANCE) return false;
  return true;
}

/**
 * For each scored dimension with at least one triggered action (severity ≥ the action's minSeverity
 * and the current level in the action's range), its triggered actions in document order (foundations
 * first); dimensions ordered by rank.
 * Works on national dimensions and on one organisation's dimensions alike.
 */
export function buildRecommendations(model: ScoringModel, dimensions: readonly DimensionResult[]): Recommendation[] {
  const actionsByDimension = new Map<string, readonly ScoringAction[]>();
  for (const level of model.levels) {
    for (const dimension of level.dimensions) actionsByDimension.set(dimension.id, dimension.actions);
  }
  const recommendations: Recommendation[] = [];
  for (const dimension of dimensions) {
    if (dimension.status !== "scored") continue;
    const actions = (actionsByDimension.get(dimension.dimensionId) ?? []).filter(
      (action) => isAtLeast(dimension.severity, action.minSeverity) && fitsCurrentLevel(action, dimension.current),
    );
    if (actions.length === 0) continue;
    recommendations.push({
      dimensionId: dimension.dimensionId,
      levelId: dimension.levelId,
      severity: dimension.severity,
      dimensionRank: dimension.rank,
      actions,
    });
  }
  return recommendations.sort((a, b) => a.dimensionRank - b.dimensionRank);
}

/** The triggered actions grouped by horizon; within a horizon, by dimension rank, then document order. */
export function buildRoadmap(recommendations: readonly Recommendation[]): Roadmap {
  const byHorizon: Record<Horizon, RoadmapEntry[]> = { short: [], medium: [], long: [] };
  const ordered = [...recommendations].sort((a, b) => a.dimensionRank - b.dimensionRank);
  for (const recommendation of ordered) {
    for (const action of recommendation.actions) {
      byHorizon[action.horizon].push({
        actionId: action.id,
        horizon: action.horizon,
        minSeverity: action.minSeverity,
        dimensionId: recommendation.dimensionId,
        levelId: recommendation.levelId,
        dimensionRank: recommendation.dimensionRank,
        severity: recommendation.severity,
      });
    }
  }
  return byHorizon;
}
