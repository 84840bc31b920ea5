// Progress between two rounds of the same country and instrument: the change of each
// dimension's national current score, with a Welch 95% interval of the difference of means.

import { welchInterval } from "./statistics";
import type { SampleSummary } from "./statistics";
import type { ConfidenceInterval, DimensionResult, ScoringResult } from "./types";

export interface DimensionProgress {
  readonly dimensionId: string;
  readonly levelId: string;
  readonly previous: SampleSummary;
  readonly current: SampleSummary;
  /** current − previous mean current score. */
  readonly change: number;
  /** Welch 95% interval of the change. */
  readonly interval: ConfidenceInterval;
  /** Welch–Satterthwaite degrees of freedom; null when neither round shows any spread. */
  readonly df: number | null;
  /** The interval excludes 0. */
  readonly isClear: boolean;
}

export type NotComparedReason = "not-in-previous" | "not-in-current" | "not-scored-in-previous" | "not-scored-in-current";

export interface RoundComparison {
  /** Dimensions scored in both rounds, in the current round's order. */
  readonly dimensions: readonly DimensionProgress[];
  /** Every other dimension of either round, with the reason it is not compared. */
  readonly notCompared: readonly { readonly dimensionId: string; readonly reason: NotComparedReason }[];
}

/** Dimensions are matched by their stable id; only those scored (shown, not suppressed) in both rounds are compared. */
export function compareRounds(previous: ScoringResult, current: ScoringResult): RoundComparison {
  const previousById = new Map<string, DimensionResult>(previous.dimensions.map((d) => [d.dimensionId, d]));
  const currentIds = new Set(current.dimensions.map((d) => d.dimensionId));
  const dimensions: DimensionProgress[] = [];
  const notCompared: { dimensionId: string; reason: NotComparedReason }[] = [];

  for (const now of current.dimensions) {
    const before = previousById.get(now.dimensionId);
    const dimensionId = now.dimensionId;
    if (!before) notCompared.push({ dimensionId, reason: "not-in-previous" });
    else if (before.status !== "scored") notCompared.push({ dimensionId, reason: "not-scored-in-previous" });
    else if (now.status !== "scored") notCompared.push({ dimensionId, reason: "not-scored-in-current" });
    else {
      const first = { mean: before.current, sd: before.sdCurrent, n: before.respondents };
      const second = { mean: now.current, sd: now.sdCurrent, n: now.respondents };
      const welch = welchInterval(first, second);
      dimensions.push({
        dimensionId,
        levelId: now.levelId,
        previous: first,
        current: second,
        change: welch.difference,
        interval: { lower: welch.lower, upper: welch.upper },
        df: welch.df,
        isClear: welch.lower > 0 || welch.upper < 0,
      });
    }
  }
  for (const before of previous.dimensions) {
    if (!currentIds.has(before.dimensionId)) notCompared.push({ dimensionId: before.dimensionId, reason: "not-in-current" });
  }
  return { dimensions, notCompared };
}
