// The scoring engine's public surface: the method of method.md as pure functions.

export * from "./types";
export { answerSetFromRecords } from "./answer-set";
export type { AnswerKind, AnswerRecord } from "./answer-set";
export { scoreAssessment, INDEX_FACTOR, LOW_CONSENSUS_SD, KNOWLEDGE_GAP_PERCENT, ALPHA_MIN_RESPONDENTS, LOW_ALPHA, CONFIDENCE } from "./engine";
export {
  DEFAULT_SCORING_OPTIONS,
  MIN_GROUP_SIZE_FLOOR,
  INDIVIDUAL_MIN_GROUP_SIZE_FLOOR,
  resolveScoringOptions,
  levelThreshold,
  thresholdReason,
} from "./confidentiality";
export { classifySeverity, isAtLeast, DEFAULT_SEVERITY_THRESHOLDS, ROUNDING_TOLERANCE } from "./severity";
export { compareForRanking } from "./ranking";
export { buildRecommendations, buildRoadmap, HORIZONS } from "./recommendations";
export { responseRates, LOW_RESPONSE_RATE } from "./response-rates";
export type { InvitationStatus, InvitationSummary, ResponseTally, ResponseRates, LevelResponse, OrganisationResponse } from "./response-rates";
export { compareRounds } from "./progress";
export type { DimensionProgress, RoundComparison, NotComparedReason } from "./progress";
export { comparePeers, MIN_PEER_COUNTRIES } from "./peers";
export type { PeerResult, PeerComparison, PeerDimension, PeerLevel, ScorePoint } from "./peers";
export {
  studentTQuantile,
  studentTCdf,
  studentTDensity,
  regularizedIncompleteBeta,
  logGamma,
  cronbachAlpha,
  sampleVariance,
  welchInterval,
} from "./statistics";
export type { SampleSummary, WelchInterval } from "./statistics";
export { validateResults, DISAGREEMENT_THRESHOLD, DEFAULT_ORGANISATION_LEVEL_IDS } from "./validation";
export type {
  UnitValidation,
  ValidationScope,
  ValidatedUnit,
  ValidatedResult,
  ValidatedDimensionResult,
  ValidatedOrganisation,
  ValidationCoverage,
  UnitFigures,
} from "./validation";
export { disaggregate } from "./disaggregation";
export type { CategoryResult } from "./disaggregation";
