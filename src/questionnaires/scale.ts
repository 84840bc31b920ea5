// The fixed parts of the method that every instrument shares: the 0-5 maturity scale, the 1-3
// importance ratings, action horizons and gap severities (see docs/instrument-format.md).

/** The maturity scale: 0 (absent) to 5 (leading). */
export const scaleValues = [0, 1, 2, 3, 4, 5] as const;
/** Importance: 1 low, 2 medium, 3 high. */
export const importanceValues = [1, 2, 3] as const;
/** When an action is due: short (within a year), medium (one to three years), long (three to five years). */
export const horizons = ["short", "medium", "long"] as const;
/** Gap severities from the lowest to the highest. */
export const severities = ["low", "moderate", "high", "critical"] as const;
/** Thresholds on a dimension's mean gap, used when instrument.yaml gives none. */
export const defaultSeverity = { critical: 2.0, high: 1.5, moderate: 1.0, low: 0.5 } as const;

export type ScaleValue = (typeof scaleValues)[number];
export type ImportanceValue = (typeof importanceValues)[number];
export type Horizon = (typeof horizons)[number];
export type Severity = (typeof severities)[number];

/**
 * The names of the scale's two ends as a sentence cites them ("from 0 (absent) to 5 (leading)"): the instrument's
 * labels of its lowest and highest values, in the reader's language, written in lower case the language's way. Pages
 * take them from the instrument, so the interface and the questionnaire cannot name the scale differently.
 */
export function scaleEnds(scale: readonly { value: number; label: string }[], locale: string): { lowest: string; highest: string } {
  const sorted = [...scale].sort((a, b) => a.value - b.value);
  const cited = (label: string | undefined) => (label ?? "").toLocaleLowerCase(locale);
  return { lowest: cited(sorted[0]?.label), highest: cited(sorted.at(-1)?.label) };
}
