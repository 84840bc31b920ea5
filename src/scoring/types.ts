// The scoring engine's vocabulary: what goes in (model, answers, options) and what comes out (results).
// Every result cell for a group of respondents is a discriminated union, so a suppressed cell
// cannot carry a figure: only `status: "scored"` variants have numeric fields.

export type Severity = "none" | "low" | "moderate" | "high" | "critical";
export type ActionSeverity = Exclude<Severity, "none">;
export type Horizon = "short" | "medium" | "long";

// ---------------------------------------------------------------------------------------------
// Input: the model (structurally compatible with a parsed instrument)

export interface ScoringAction {
  readonly id: string;
  readonly horizon: Horizon;
  readonly minSeverity: ActionSeverity;
  /** The range of the dimension's current level the action fits: from `currentFrom` (inclusive) to below `currentBelow`. */
  readonly currentFrom?: number;
  readonly currentBelow?: number;
}

export interface ScoringItem {
  readonly id: string;
  readonly weight: number;
  /**
   * The item's relevance condition (the instrument's condition language): when it is false, given the respondent's
   * other answers, the item counts as not applicable, whatever answer is stored for it.
   */
  readonly relevance?: string;
}

export interface ScoringDimension {
  readonly id: string;
  readonly weight: number;
  /** Reflective dimensions (items measuring one trait) get Cronbach's alpha; formative ones (the default) do not. */
  readonly measurement?: "reflective" | "formative";
  readonly items: readonly ScoringItem[];
  readonly actions: readonly ScoringAction[];
}

export interface ScoringLevel {
  readonly id: string;
  readonly weight: number;
  readonly dimensions: readonly ScoringDimension[];
}

/** Lower bounds of a dimension's mean gap for each severity class. */
export interface SeverityThresholds {
  readonly critical: number;
  readonly high: number;
  readonly moderate: number;
  readonly low: number;
}

export interface ScoringModel {
  readonly levels: readonly ScoringLevel[];
  readonly severity: SeverityThresholds;
}

// ---------------------------------------------------------------------------------------------
// Input: submitted answers, columnar so that a million rows score without allocating per row

export interface ScoringRespondent {
  readonly id: number;
  readonly organisationId: number;
  /** Ids of the levels the respondent was asked to answer. */
  readonly levels: readonly string[];
}

/** Values of `AnswerRows.kind`. */
export const ANSWERED = 0;
export const NOT_APPLICABLE = 1;
export const DONT_KNOW = 2;

/** Value of `current`, `target` or `importance` when the respondent gave none. */
export const ABSENT = -1;

export interface AnswerRows {
  readonly length: number;
  /** Index into `AnswerSet.respondents`. */
  readonly respondent: Int32Array;
  /** Index into the model's items in document order (levels → dimensions → items). */
  readonly item: Int32Array;
  /** 0 answered, 1 not applicable, 2 don't know. */
  readonly kind: Uint8Array;
  /** 0–5, or -1 when absent. */
  readonly current: Int8Array;
  /** 0–5, or -1 when absent. */
  readonly target: Int8Array;
  /** 1–3, or -1 when absent. */
  readonly importance: Int8Array;
}

/** Submitted responses only: drafts never reach the engine. */
export interface AnswerSet {
  readonly respondents: readonly ScoringRespondent[];
  readonly rows: AnswerRows;
}

/**
 * The same answers delivered in batches of rows, read once and in order: a loader streams a large assessment
 * through a small buffer (it may refill the same arrays for every batch), so that a million answers never sit in
 * memory together. Row numbers in errors count across batches.
 */
export interface AnswerBatches {
  readonly respondents: readonly ScoringRespondent[];
  readonly batches: Iterable<AnswerRows>;
  /**
   * Each batch holds every row of its respondents, and batches come in increasing respondent order (a loader
   * reading responses one after another): the engine then keeps per-respondent sums for one batch at a time.
   * A row that breaks the promise is refused.
   */
  readonly wholeRespondents?: boolean;
}

export interface ScoringOptions {
  /** k: the smallest group whose results are shown; never below 3. */
  readonly minGroupSize: number;
  /** The smallest group for individual-level results; never below 5 (and never below k). */
  readonly individualMinGroupSize: number;
  /** The level whose results describe individual people's competence. */
  readonly individualLevelId: string;
}

// ---------------------------------------------------------------------------------------------
// Output: cells

export type SuppressionReason =
  /** Fewer contributing respondents than k, the smallest group shown (for an item: fewer valid answers than k). */
  | "below-threshold"
  /** An individual-level result with fewer contributing respondents (or valid answers) than the individual-level floor. */
  | "individual-floor"
  /** Shown alone, this cell would let a suppressed group be computed by difference from the national figure. */
  | "complementary";

/** A group result hidden for confidentiality: no figure of any kind. */
export interface SuppressedCell {
  readonly status: "suppressed";
  readonly suppressed: true;
  readonly reason: SuppressionReason;
}

export interface ConfidenceInterval {
  readonly lower: number;
  readonly upper: number;
}

export interface Coverage {
  /** Items of the dimension with at least one valid answer in this group. */
  readonly itemsWithAnswers: number;
  readonly items: number;
  /** At least half of the items have a valid answer. */
  readonly isSufficient: boolean;
}

export type Reliability =
  | { readonly status: "shown"; readonly alpha: number; readonly completeRespondents: number }
  | { readonly status: "not-shown"; readonly reason: "formative" | "fewer-than-3-items" | "fewer-than-10-complete-respondents" | "no-variance" };

export interface ItemScores {
  readonly status: "scored";
  readonly suppressed: false;
  /** Respondents with a valid answer (current, target and importance given). */
  readonly n: number;
  /** Means over the n valid answers; null when n = 0. */
  readonly current: number | null;
  readonly target: number | null;
  readonly gap: number | null;
  readonly importance: number | null;
  readonly priority: number | null;
  /** Sample standard deviation of current (n − 1); null when n < 2. */
  readonly sdCurrent: number | null;
  /** counts[v]: valid answers with current = v, for v = 0..5. */
  readonly counts: readonly number[];
  readonly notApplicable: number;
  readonly dontKnow: number;
  /** Rows marked answered but missing current, target or importance: excluded like not applicable. */
  readonly incomplete: number;
  /** Submitted respondents who were shown the item: assigned its level, and its condition (if any) true. */
  readonly seen: number;
  readonly flags: { readonly knowledgeGap: boolean; readonly lowConsensus: boolean };
  /** 1 = highest priority; null when n = 0. */
  readonly rank: number | null;
}

export type ItemResult = {
  readonly itemId: string;
  readonly dimensionId: string;
  readonly levelId: string;
} & (SuppressedCell | ItemScores);

export interface DimensionInsufficientData {
  readonly status: "insufficient-data";
  readonly suppressed: false;
  readonly respondents: number;
  readonly coverage: Coverage;
}

export interface DimensionScores {
  readonly status: "scored";
  readonly suppressed: false;
  /** Respondents with at least one valid answer in the dimension. */
  readonly respondents: number;
  /** Means of the respondents' weighted-mean scores. */
  readonly current: number;
  readonly target: number;
  readonly gap: number;
  readonly priority: number;
  /** Mean of the respondents' weighted-mean importance (1–3): weighs a validated gap into a validated priority. */
  readonly importance: number;
  /** current × 20 (0–100). */
  readonly index: number;
  /** Sample standard deviation of the respondents' current scores. */
  readonly sdCurrent: number;
  /** 95% interval of the current score (Student t), clipped to 0–5. */
  readonly ci: ConfidenceInterval;
  readonly reliability: Reliability;
  readonly severity: Severity;
  readonly coverage: Coverage;
  readonly flags: { readonly lowConsensus: boolean; readonly lowReliability: boolean };
  /** 1 = highest priority within the result it belongs to (national, or one organisation). */
  readonly rank: number;
}

export type DimensionResult = {
  readonly dimensionId: string;
  readonly levelId: string;
} & (SuppressedCell | DimensionInsufficientData | DimensionScores);

export interface LevelInsufficientData {
  readonly status: "insufficient-data";
  readonly suppressed: false;
  readonly respondents: number;
}

export interface LevelScores {
  readonly status: "scored";
  readonly suppressed: false;
  /** Respondents with at least one valid answer in the level. */
  readonly respondents: number;
  /** Weighted means (dimension weights) of the scored dimensions' scores. */
  readonly current: number;
  readonly target: number;
  readonly gap: number;
  readonly priority: number;
  /** current × 20 (0–100). */
  readonly index: number;
  /** target × 20 (0–100). */
  readonly targetIndex: number;
  /** Ids of the dimensions that entered the means. */
  readonly dimensionIds: readonly string[];
}

export type LevelResult = { readonly levelId: string } & (SuppressedCell | LevelInsufficientData | LevelScores);

export type OverallResult =
  | { readonly status: "insufficient-data"; readonly suppressed: false }
  /** Every level in scope is withheld for confidentiality: there is nothing to average, and nothing to hint at. */
  | SuppressedCell
  | {
      readonly status: "scored";
      readonly suppressed: false;
      /** Weighted mean (level weights) of the indices of the scored levels. */
      readonly index: number;
      readonly levelIds: readonly string[];
    };

export interface Recommendation {
  readonly dimensionId: string;
  readonly levelId: string;
  readonly severity: Severity;
  readonly dimensionRank: number;
  /** The dimension's actions triggered by its severity and current level, in document order. */
  readonly actions: readonly ScoringAction[];
}

export interface RoadmapEntry {
  readonly actionId: string;
  readonly horizon: Horizon;
  readonly minSeverity: ActionSeverity;
  readonly dimensionId: string;
  readonly levelId: string;
  readonly dimensionRank: number;
  readonly severity: Severity;
}

export type Roadmap = { readonly [H in Horizon]: readonly RoadmapEntry[] };

export interface OrganisationScores {
  readonly status: "scored";
  readonly suppressed: false;
  /** Respondents of the organisation with at least one valid answer. */
  readonly respondents: number;
  readonly levels: readonly LevelResult[];
  readonly dimensions: readonly DimensionResult[];
  /** The organisation's overall index: its level indices weighted as the national one's. */
  readonly overall: OverallResult;
}

export type OrganisationResult = { readonly organisationId: number } & (SuppressedCell | OrganisationScores);

export interface ScoringResult {
  /** The thresholds in force (configuration, not figures about any group). */
  readonly thresholds: {
    readonly minGroupSize: number;
    readonly individualMinGroupSize: number;
    readonly individualLevelId: string;
  };
  readonly overall: OverallResult;
  /** National results, in document order. */
  readonly levels: readonly LevelResult[];
  readonly dimensions: readonly DimensionResult[];
  readonly items: readonly ItemResult[];
  /** Dimensions with triggered actions, ordered by dimension rank. */
  readonly recommendations: readonly Recommendation[];
  readonly roadmap: Roadmap;
  /** Per organisation, ordered by organisation id. */
  readonly organisations: readonly OrganisationResult[];
  /** Rows ignored because their item belongs to a level the respondent was not assigned. */
  readonly ignoredRows: number;
}
