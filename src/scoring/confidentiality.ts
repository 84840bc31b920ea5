// Confidentiality rules of the engine: the options that set the smallest group shown, the
// threshold that applies to each level, and complementary suppression, which hides one more
// cell when the hidden remainder of a national figure would otherwise be computable by
// difference for fewer respondents than the threshold.

import type { ScoringOptions } from "./types";

/** k is never below 3, and individual-level results are never shown for fewer than 5. */
export const MIN_GROUP_SIZE_FLOOR = 3;
export const INDIVIDUAL_MIN_GROUP_SIZE_FLOOR = 5;

export const DEFAULT_SCORING_OPTIONS: ScoringOptions = {
  minGroupSize: MIN_GROUP_SIZE_FLOOR,
  individualMinGroupSize: INDIVIDUAL_MIN_GROUP_SIZE_FLOOR,
  individualLevelId: "individual",
};

/**
 * Options with defaults filled in. A k below 3 or an individual threshold below 5 is refused
 * rather than raised silently: the caller's configuration is wrong and should say so.
 */
export function resolveScoringOptions(options: Partial<ScoringOptions> = {}): ScoringOptions {
  const resolved = { ...DEFAULT_SCORING_OPTIONS, ...options };
  if (!Number.isInteger(resolved.minGroupSize) || resolved.minGroupSize < MIN_GROUP_SIZE_FLOOR) {
    throw new RangeError(`minGroupSize must be a whole number ≥ ${MIN_GROUP_SIZE_FLOOR}, got ${resolved.minGroupSize}`);
  }
  if (!Number.isInteger(resolved.individualMinGroupSize) || resolved.individualMinGroupSize < INDIVIDUAL_MIN_GROUP_SIZE_FLOOR) {
    throw new RangeError(`individualMinGroupSize must be a whole number ≥ ${INDIVIDUAL_MIN_GROUP_SIZE_FLOOR}, got ${resolved.individualMinGroupSize}`);
  }
  return resolved;
}

/** The smallest group shown for results of the given level: k, or max(k, individual) for the individual level. */
export function levelThreshold(levelId: string, options: ScoringOptions): number {
  return levelId === options.individualLevelId ? Math.max(options.minGroupSize, options.individualMinGroupSize) : options.minGroupSize;
}

/**
 * The rule that withholds a result of the given level below its threshold: the individual-level floor where it is
 * what raises the threshold above k, the group size (k) everywhere else.
 */
export function thresholdReason(levelId: string, options: ScoringOptions): "below-threshold" | "individual-floor" {
  return levelId === options.individualLevelId && options.individualMinGroupSize > options.minGroupSize ? "individual-floor" : "below-threshold";
}

export interface ShownCount {
  readonly key: number;
  readonly count: number;
}

/**
 * Keys of shown cells to hide as well. The total counts `total` respondents; the shown cells
 * are disjoint parts of it. If the hidden remainder (total − shown) holds between 1 and
 * threshold − 1 respondents, its figures follow by difference, so the smallest shown cells
 * (ties: smallest key) are hidden until the remainder reaches the threshold.
 */
export function complementarySuppressions(total: number, shown: readonly ShownCount[], threshold: number): number[] {
  let hidden = total - shown.reduce((sum, cell) => sum + cell.count, 0);
  const candidates = [...shown].sort((a, b) => a.count - b.count || a.key - b.key);
  const keys: number[] = [];
  for (const candidate of candidates) {
    if (hidden <= 0 || hidden >= threshold) break;
    keys.push(candidate.key);
    hidden += candidate.count;
  }
  return keys;
}
