// Validated figures (method.md, "Expert validation"): the self-assessed results with the experts' validated levels
// put in the place of the units they validated, then levels, indices, severities, ranks, recommendations and the
// roadmap computed from them exactly as from the self-assessed ones. A unit is an organisation × dimension at the
// levels validated per organisation, or the country × dimension at the others. Pure: it works on a ScoringResult,
// so the confidentiality of the self-assessed cells carries over: a unit whose self-assessed cell is withheld
// cannot be validated and shows nothing.

import { INDEX_FACTOR, overallOf } from "./engine";
import { compareForRanking } from "./ranking";
import { buildRecommendations, buildRoadmap } from "./recommendations";
import { classifySeverity, ROUNDING_TOLERANCE } from "./severity";
import type { DimensionResult, DimensionScores, LevelResult, OverallResult, Recommendation, Roadmap, ScoringModel, ScoringResult } from "./types";

/** |validated − self-assessed current| from which a unit is flagged as a disagreement (and a rationale is required). */
export const DISAGREEMENT_THRESHOLD = 1.0;

/** One expert decision on a unit: organisationId null for the country as a whole. */
export interface UnitValidation {
  readonly organisationId: number | null;
  readonly dimensionId: string;
  /** 0–5 in steps of 0.5. */
  readonly current: number;
  /** The validated target, or null to keep the unit's self-assessed mean target. */
  readonly target: number | null;
}

export interface ValidationScope {
  /** Levels whose dimensions are validated per organisation (the others: for the country as a whole). */
  readonly organisationLevelIds: readonly string[];
}

/** The levels validated per organisation in the default instrument. */
export const DEFAULT_ORGANISATION_LEVEL_IDS: readonly string[] = ["organisational", "individual"];

export interface UnitFigures {
  readonly current: number;
  readonly target: number;
  readonly gap: number;
  readonly priority: number;
}

/** A unit that can be validated: its self-assessed figures, and its validated ones (equal when not validated). */
export interface ValidatedUnit {
  readonly organisationId: number | null;
  readonly dimensionId: string;
  readonly levelId: string;
  /** Respondents of the unit with a valid answer in the dimension (n_o, or the national n). */
  readonly respondents: number;
  readonly self: UnitFigures & { readonly importance: number };
  readonly validated: UnitFigures;
  readonly isValidated: boolean;
  /** |validated − self-assessed current| ≥ 1. */
  readonly disagreement: boolean;
}

export interface ValidationCoverage {
  /** Respondents of the dimension whose unit is validated. */
  readonly validatedRespondents: number;
  readonly respondents: number;
  /** validatedRespondents ÷ respondents (0–1). */
  readonly share: number;
  /** Validated units of the dimension flagged as disagreements. */
  readonly disagreements: number;
}

/**
 * A scored dimension with validated figures: current, target, gap, priority, index, severity and rank are the
 * validated ones; n, the spread, interval and reliability still describe the self-assessed answers.
 */
export type ValidatedDimensionScores = DimensionScores & { readonly validation: ValidationCoverage };
export type ValidatedDimensionResult =
  Exclude<DimensionResult, DimensionScores> | ({ readonly dimensionId: string; readonly levelId: string } & ValidatedDimensionScores);

export interface ValidatedOrganisation {
  readonly organisationId: number;
  readonly dimensions: readonly ValidatedDimensionResult[];
  readonly levels: readonly LevelResult[];
  readonly overall: OverallResult;
}

export interface ValidatedResult {
  /** Units that can be validated (self-assessed cell scored), validated or not: country units first, then by organisation. */
  readonly units: readonly ValidatedUnit[];
  readonly dimensions: readonly ValidatedDimensionResult[];
  readonly levels: readonly LevelResult[];
  readonly overall: OverallResult;
  readonly recommendations: readonly Recommendation[];
  readonly roadmap: Roadmap;
  /** Scored organisations, with their validated units in place. */
  readonly organisations: readonly ValidatedOrganisation[];
  /** Respondent-weighted share of validated units over all dimensions with a result (0–1). */
  readonly coverage: number;
  /** Number of validated units. */
  readonly validatedUnits: number;
}

const key = (organisationId: number | null, dimensionId: string) => `${organisationId ?? "country"}|${dimensionId}`;

function unitOf(
  organisationId: number | null,
  dimension: DimensionScores & { dimensionId: string; levelId: string },
  validation: UnitValidation | undefined,
): ValidatedUnit {
  const self = { current: dimension.current, target: dimension.target, gap: dimension.gap, importance: dimension.importance, priority: dimension.priority };
  if (!validation) {
    return {
      organisationId,
      dimensionId: dimension.dimensionId,
      levelId: dimension.levelId,
      respondents: dimension.respondents,
      self,
      validated: self,
      isValidated: false,
      disagreement: false,
    };
  }
  const target = validation.target ?? self.target;
  const gap = Math.max(0, target - validation.current);
  return {
    organisationId,
    dimensionId: dimension.dimensionId,
    levelId: dimension.levelId,
    respondents: dimension.respondents,
    self,
    validated: { current: validation.current, target, gap, priority: gap * self.importance },
    isValidated: true,
    disagreement: Math.abs(validation.current - self.current) >= DISAGREEMENT_THRESHOLD - ROUNDING_TOLERANCE,
  };
}

function withFigures(
  model: ScoringModel,
  dimension: DimensionScores & { dimensionId: string; levelId: string },
  figures: UnitFigures,
  validation: ValidationCoverage,
) {
  return {
    ...dimension,
    current: figures.current,
    target: figures.target,
    gap: figures.gap,
    priority: figures.priority,
    index: figures.current * INDEX_FACTOR,
    severity: classifySeverity(figures.gap, model.severity),
    validation,
  };
}

/** Ranks scored dimensions among themselves, as the engine does (priority, then gap, then id). */
function ranked(dimensions: ValidatedDimensionResult[]): ValidatedDimensionResult[] {
  const order = dimensions
    .filter((d) => d.status === "scored")
    .map((d) => ({ id: d.dimensionId, priority: d.priority, gap: d.gap }))
    .sort(compareForRanking);
  const rankOf = new Map(order.map((entry, i) => [entry.id, i + 1]));
  return dimensions.map((d) => (d.status === "scored" ? { ...d, rank: rankOf.get(d.dimensionId) ?? d.rank } : d));
}

/** A level's validated figures: the weighted mean of its validated dimensions, over the same dimensions as the self-assessed level. */
function levelsOf(model: ScoringModel, levels: readonly LevelResult[], dimensions: readonly ValidatedDimensionResult[]): LevelResult[] {
  const byId = new Map(dimensions.map((d) => [d.dimensionId, d]));
  const weightOf = new Map(model.levels.flatMap((l) => l.dimensions.map((d) => [d.id, d.weight] as const)));
  return levels.map((level) => {
    if (level.status !== "scored") return level;
    let weight = 0;
    let current = 0;
    let target = 0;
    let gap = 0;
    let priority = 0;
    for (const id of level.dimensionIds) {
      const d = byId.get(id);
      if (!d || d.status !== "scored") continue;
      const w = weightOf.get(id) ?? 1;
      weight += w;
      current += w * d.current;
      target += w * d.target;
      gap += w * d.gap;
      priority += w * d.priority;
    }
    if (weight === 0) return level;
    return {
      ...level,
      current: current / weight,
      target: target / weight,
      gap: gap / weight,
      priority: priority / weight,
      index: (current / weight) * INDEX_FACTOR,
      targetIndex: (target / weight) * INDEX_FACTOR,
    };
  });
}

const NO_VALIDATION = (respondents: number): ValidationCoverage => ({ validatedRespondents: 0, respondents, share: 0, disagreements: 0 });

/**
 * The validated figures of a scored assessment. Validations of units that cannot be validated (a withheld or
 * insufficient self-assessed cell, an organisation unit at a country level or the reverse, an unknown dimension)
 * are ignored. With no validation every figure equals the self-assessed one.
 */
export function validateResults(
  model: ScoringModel,
  result: ScoringResult,
  validations: readonly UnitValidation[],
  scope: ValidationScope = { organisationLevelIds: DEFAULT_ORGANISATION_LEVEL_IDS },
): ValidatedResult {
  const byUnit = new Map(validations.map((v) => [key(v.organisationId, v.dimensionId), v]));
  const perOrganisation = new Set(scope.organisationLevelIds);
  const units: ValidatedUnit[] = [];
  for (const dimension of result.dimensions) {
    if (dimension.status === "scored" && !perOrganisation.has(dimension.levelId))
      units.push(unitOf(null, dimension, byUnit.get(key(null, dimension.dimensionId))));
  }
  const organisationUnits = new Map<number, Map<string, ValidatedUnit>>();
  for (const organisation of result.organisations) {
    if (organisation.status !== "scored") continue;
    const own = new Map<string, ValidatedUnit>();
    for (const dimension of organisation.dimensions) {
      if (dimension.status !== "scored" || !perOrganisation.has(dimension.levelId)) continue;
      const unit = unitOf(organisation.organisationId, dimension, byUnit.get(key(organisation.organisationId, dimension.dimensionId)));
      own.set(dimension.dimensionId, unit);
      units.push(unit);
    }
    organisationUnits.set(organisation.organisationId, own);
  }

  const nationalDimensions = ranked(
    result.dimensions.map((dimension): ValidatedDimensionResult => {
      if (dimension.status !== "scored") return dimension;
      const n = dimension.respondents;
      if (!perOrganisation.has(dimension.levelId)) {
        const unit = units.find((u) => u.organisationId === null && u.dimensionId === dimension.dimensionId);
        if (!unit?.isValidated) return withFigures(model, dimension, dimension, NO_VALIDATION(n));
        return withFigures(model, dimension, unit.validated, { validatedRespondents: n, respondents: n, share: 1, disagreements: unit.disagreement ? 1 : 0 });
      }
      // The national figure is the n_o-weighted mean of the organisations' figures; the self-assessed national mean
      // already is that mean, so each validated organisation moves it by n_o × (validated − self) / n.
      let validatedRespondents = 0;
      let disagreements = 0;
      const shift = { current: 0, target: 0, gap: 0, priority: 0 };
      for (const own of organisationUnits.values()) {
        const unit = own.get(dimension.dimensionId);
        if (!unit?.isValidated) continue;
        validatedRespondents += unit.respondents;
        if (unit.disagreement) disagreements++;
        for (const field of ["current", "target", "gap", "priority"] as const) shift[field] += unit.respondents * (unit.validated[field] - unit.self[field]);
      }
      const figures =
        validatedRespondents === 0
          ? dimension
          : {
              current: dimension.current + shift.current / n,
              target: dimension.target + shift.target / n,
              gap: dimension.gap + shift.gap / n,
              priority: dimension.priority + shift.priority / n,
            };
      return withFigures(model, dimension, figures, { validatedRespondents, respondents: n, share: validatedRespondents / n, disagreements });
    }),
  );
  const levels = levelsOf(model, result.levels, nationalDimensions);
  const recommendations = buildRecommendations(model, nationalDimensions);

  const organisations: ValidatedOrganisation[] = [];
  for (const organisation of result.organisations) {
    if (organisation.status !== "scored") continue;
    const own = organisationUnits.get(organisation.organisationId) ?? new Map<string, ValidatedUnit>();
    const dimensions = ranked(
      organisation.dimensions.map((dimension): ValidatedDimensionResult => {
        if (dimension.status !== "scored") return dimension;
        const unit = own.get(dimension.dimensionId);
        const n = dimension.respondents;
        if (!unit?.isValidated) return withFigures(model, dimension, dimension, NO_VALIDATION(n));
        return withFigures(model, dimension, unit.validated, { validatedRespondents: n, respondents: n, share: 1, disagreements: unit.disagreement ? 1 : 0 });
      }),
    );
    const orgLevels = levelsOf(model, organisation.levels, dimensions);
    organisations.push({ organisationId: organisation.organisationId, dimensions, levels: orgLevels, overall: overallOf(model, orgLevels) });
  }

  let weighted = 0;
  let total = 0;
  for (const d of nationalDimensions) {
    if (d.status !== "scored") continue;
    weighted += d.validation.validatedRespondents;
    total += d.respondents;
  }
  return {
    units,
    dimensions: nationalDimensions,
    levels,
    overall: overallOf(model, levels),
    recommendations,
    roadmap: buildRoadmap(recommendations),
    organisations,
    coverage: total === 0 ? 0 : weighted / total,
    validatedUnits: units.filter((u) => u.isValidated).length,
  };
}
