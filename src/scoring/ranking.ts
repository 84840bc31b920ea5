// Ranking of dimensions and items: by mean priority (highest first), ties broken by mean gap
// (highest first), then by id. Means that differ only by rounding error count as tied.

import { ROUNDING_TOLERANCE } from "./severity";

export interface Rankable {
  readonly id: string;
  readonly priority: number;
  readonly gap: number;
}

/** Negative when a ranks before b. */
export function compareForRanking(a: Rankable, b: Rankable): number {
  if (Math.abs(a.priority - b.priority) > ROUNDING_TOLERANCE) return b.priority - a.priority;
  if (Math.abs(a.gap - b.gap) > ROUNDING_TOLERANCE) return b.gap - a.gap;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
