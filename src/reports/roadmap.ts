// The prioritised roadmap (method.md, "Recommendations and roadmap"): the triggered actions of each horizon in the
// order of their dimensions' rank (priority, then gap, then id; foundations first within a dimension), an action
// shared by several dimensions once, naming every gap it addresses, and a cap per horizon; the report shows the
// first `cap` actions and lists them all in its annex. Language-free: localise.ts words it.
import type { Instrument } from "../questionnaires/schema";
import type { DimensionResult, Horizon, Recommendation, Roadmap, ScoringAction, Severity } from "../scoring";
import { HORIZONS } from "../scoring";

/** Actions shown per horizon when the instrument names no cap (instrument.yaml `roadmap`). */
export const defaultRoadmapCaps: Readonly<Record<Horizon, number>> = { short: 5, medium: 5, long: 3 };

/** A gap an action addresses: its dimension's figures (validated where validated), as the roadmap was built from them. */
export interface RoadmapGap {
  dimensionId: string;
  levelId: string;
  rank: number;
  severity: Severity;
  current: number;
  target: number;
}

export interface PrioritisedAction {
  actionId: string;
  /** The most severe of the gaps it addresses. */
  severity: Severity;
  /** In the order of their ranks: the first is the one that placed the action. */
  gaps: RoadmapGap[];
}

export interface PrioritisedRoadmap {
  horizons: { horizon: Horizon; cap: number; actions: PrioritisedAction[] }[];
}

const severityOrder: readonly Severity[] = ["none", "low", "moderate", "high", "critical"];

export function roadmapCapsOf(instrument: Pick<Instrument, "roadmap">): Record<Horizon, number> {
  return {
    short: instrument.roadmap?.short ?? defaultRoadmapCaps.short,
    medium: instrument.roadmap?.medium ?? defaultRoadmapCaps.medium,
    long: instrument.roadmap?.long ?? defaultRoadmapCaps.long,
  };
}

/**
 * Prioritises the flat roadmap of the scoring engine (already ordered by dimension rank, then instrument order).
 * `sameAction` names what makes two actions one: the action's id, or its text in the instrument's source language,
 * so that an action written out under several dimensions is listed once. An action keeps the place of its
 * best-ranked dimension; the dimensions it also addresses are added to its gaps.
 */
export function prioritiseRoadmap(
  roadmap: Roadmap,
  dimensions: readonly DimensionResult[],
  caps: Record<Horizon, number>,
  sameAction: (actionId: string) => string = (id) => id,
): PrioritisedRoadmap {
  const figures = new Map(dimensions.flatMap((d) => (d.status === "scored" ? [[d.dimensionId, d] as const] : [])));
  return {
    horizons: HORIZONS.map((horizon) => {
      const byKey = new Map<string, PrioritisedAction>();
      for (const entry of roadmap[horizon]) {
        const dimension = figures.get(entry.dimensionId);
        if (!dimension) continue;
        const gap: RoadmapGap = {
          dimensionId: entry.dimensionId,
          levelId: entry.levelId,
          rank: entry.dimensionRank,
          severity: entry.severity,
          current: dimension.current,
          target: dimension.target,
        };
        const key = sameAction(entry.actionId);
        const known = byKey.get(key);
        if (!known) {
          byKey.set(key, { actionId: entry.actionId, severity: entry.severity, gaps: [gap] });
          continue;
        }
        if (known.gaps.some((g) => g.dimensionId === gap.dimensionId)) continue;
        known.gaps.push(gap);
        if (severityOrder.indexOf(gap.severity) > severityOrder.indexOf(known.severity)) known.severity = gap.severity;
      }
      // The engine's order is kept: a Map iterates in insertion order, the place of each action's best-ranked gap.
      return { horizon, cap: caps[horizon], actions: [...byKey.values()] };
    }),
  };
}

/** Two actions are one when their texts in the instrument's own language are the same (spacing and case aside). */
export function sameActionOf(instrument: Instrument): (actionId: string) => string {
  const texts = new Map(
    instrument.levels.flatMap((l) => l.dimensions.flatMap((d) => d.actions.map((a) => [a.id, a.text.replace(/\s+/g, " ").trim().toLowerCase()] as const))),
  );
  return (actionId) => texts.get(actionId) ?? actionId;
}

/** A dimension's triggered actions, each shared action listed once (see `listActionsOnce`). */
export interface DimensionActions {
  recommendation: Recommendation;
  /** The actions listed under this dimension, each with the other dimensions (in rank order) it also addresses. */
  actions: { action: ScoringAction; alsoAddresses: string[] }[];
}

/**
 * The recommendations by dimension with every action once (method.md): an action triggered in several dimensions is
 * listed under the best-ranked of them (the recommendations come ordered by rank) and names the others it addresses;
 * a dimension whose actions are all listed above keeps its place, with no action of its own.
 */
export function listActionsOnce(recommendations: readonly Recommendation[], sameAction: (actionId: string) => string): DimensionActions[] {
  const listed = new Map<string, { alsoAddresses: string[]; dimensionId: string }>();
  return recommendations.map((recommendation) => {
    const actions: DimensionActions["actions"] = [];
    for (const action of recommendation.actions) {
      const key = sameAction(action.id);
      const known = listed.get(key);
      if (known) {
        if (known.dimensionId !== recommendation.dimensionId && !known.alsoAddresses.includes(recommendation.dimensionId))
          known.alsoAddresses.push(recommendation.dimensionId);
        continue;
      }
      const entry = { action, alsoAddresses: [] as string[] };
      listed.set(key, { alsoAddresses: entry.alsoAddresses, dimensionId: recommendation.dimensionId });
      actions.push(entry);
    }
    return { recommendation, actions };
  });
}
