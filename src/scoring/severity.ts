// Gap severity: the class of a dimension's mean gap under the instrument's thresholds, and the
// order of the classes used to decide which recommended actions a severity triggers.

import type { Severity, SeverityThresholds } from "./types";

export const DEFAULT_SEVERITY_THRESHOLDS: SeverityThresholds = { critical: 2.0, high: 1.5, moderate: 1.0, low: 0.5 };

/**
 * Means are sums of fractions, so a gap that is 1.5 on paper may arrive as 1.4999999999999998.
 * Comparisons at a threshold allow for that much rounding error, and no more.
 */
export const ROUNDING_TOLERANCE = 1e-9;

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { none: 0, low: 1, moderate: 2, high: 3, critical: 4 };

/** The severity class of a mean gap: the highest class whose threshold the gap reaches. */
export function classifySeverity(meanGap: number, thresholds: SeverityThresholds): Severity {
  const reaches = (threshold: number) => meanGap >= threshold - ROUNDING_TOLERANCE;
  if (reaches(thresholds.critical)) return "critical";
  if (reaches(thresholds.high)) return "high";
  if (reaches(thresholds.moderate)) return "moderate";
  if (reaches(thresholds.low)) return "low";
  return "none";
}

/** Whether a severity is at least as grave as another. */
export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[minimum];
}

/** Thresholds must be finite, non-negative and ordered critical ≥ high ≥ moderate ≥ low. */
export function assertSeverityThresholds(thresholds: SeverityThresholds): void {
  const { critical, high, moderate, low } = thresholds;
  const values = [critical, high, moderate, low];
  if (values.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new RangeError("severity thresholds must be finite numbers ≥ 0");
  }
  if (!(critical >= high && high >= moderate && moderate >= low)) {
    throw new RangeError(`severity thresholds must satisfy critical ≥ high ≥ moderate ≥ low, got ${values.join(", ")}`);
  }
}
