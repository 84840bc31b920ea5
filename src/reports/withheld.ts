// Why a figure of the report is not shown, in the report model's words: the engine's suppression reason becomes the
// rule that applied and its threshold, and each medium (page, PDF) says it with the same catalogue entries.
import type { ScoringResult, SuppressionReason } from "../scoring";
import type { Withheld } from "./model";

type Thresholds = ScoringResult["thresholds"];

/** The rule and threshold behind a suppressed cell of the given level (null for the nation's or an organisation's whole). */
export function withheldOf(reason: SuppressionReason, levelId: string | null, thresholds: Thresholds): NonNullable<Withheld> {
  const levelThreshold = levelId === thresholds.individualLevelId ? thresholds.individualMinGroupSize : thresholds.minGroupSize;
  if (reason === "individual-floor") return { rule: "individual-floor", threshold: thresholds.individualMinGroupSize };
  if (reason === "complementary") return { rule: "complementary", threshold: levelThreshold };
  return { rule: "group-size", threshold: thresholds.minGroupSize };
}

/** `withheldOf` for any engine cell: null unless it is suppressed. */
export function withheldOfCell(cell: { status: string; reason?: SuppressionReason }, levelId: string | null, thresholds: Thresholds): Withheld {
  return cell.status === "suppressed" && cell.reason ? withheldOf(cell.reason, levelId, thresholds) : null;
}

/** A figure that is not shown, as the report says it: its status, and for a hidden one the rule that hid it. */
export interface NotShown {
  status: string;
  withheld?: Withheld;
}

/**
 * The catalogue key and values that say why `cell` is not shown. Items count valid answers rather than respondents,
 * and say so. A hidden figure of a report frozen before rules were recorded says only that it is hidden.
 */
export function notShownMessage(cell: NotShown, subject: "group" | "item" = "group"): { key: string; params: { count?: number } } {
  if (cell.status === "suppressed" && cell.withheld) {
    const prefix = subject === "item" && cell.withheld.rule !== "complementary" ? "report.withheldItem." : "report.withheld.";
    return { key: `${prefix}${cell.withheld.rule}`, params: { count: cell.withheld.threshold } };
  }
  return { key: `report.cell.${cell.status}`, params: {} };
}
