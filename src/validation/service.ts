// Expert validation (method.md, "Expert validation"): the assessment's experts record a validated level per unit
// (organisation × dimension at the levels validated per organisation, country × dimension at the others) while the
// round is closed and not yet published; focal points of the country comment and contest; every change is kept in the
// unit's history and audited, in the transaction that makes it.
import type { AssessmentSummary } from "../assessments/repository";
import { listOrganisations } from "../assessments/repository";
import { requireAssessment } from "../assessments/service";
import { recordAudit } from "../audit/service";
import type { Actor } from "../auth/policy";
import type { AppDatabase } from "../db/client";
import type { AssessmentStatus, ValidationStatus } from "../db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { scoreFromDatabase } from "../responses/submitted-answers";
import {
  DEFAULT_ORGANISATION_LEVEL_IDS,
  DISAGREEMENT_THRESHOLD,
  ROUNDING_TOLERANCE,
  validateResults,
  type ValidatedResult,
  type ValidatedUnit,
} from "../scoring";
import {
  appendEvent,
  deleteValidation,
  findValidation,
  listValidations,
  saveValidation,
  unitHistory,
  unitKeyOf,
  unitValidationsOf,
  type ValidationEventRow,
  type ValidationRow,
} from "./repository";
import type { CommentInput, ContestInput, DecisionInput } from "./schemas";

export interface ValidationDeps {
  database: AppDatabase;
  instruments: InstrumentCatalog;
  clock: () => Date;
}

export interface RequestMeta {
  ip?: string | null;
}

/** Validation happens while the round is closed and before it is published; publishing freezes it. */
export function isValidationOpen(status: AssessmentStatus): boolean {
  return status === "closed";
}

/** Levels whose dimensions are validated per organisation, among those the assessment covers. */
export function organisationLevelIds(): readonly string[] {
  return DEFAULT_ORGANISATION_LEVEL_IDS;
}

/** The unit of a path segment: "country" or "o<organisation id>". */
export function parseUnit(segment: string): number | null {
  return segment === "country" ? null : Number(segment.slice(1));
}
export const unitSegment = (organisationId: number | null) => (organisationId === null ? "country" : `o${organisationId}`);

/** A self-assessed current level is confirmed by the half step nearest to it; any other level adjusts it. */
export function statusOf(current: number, selfCurrent: number, disputed: boolean): ValidationStatus {
  if (disputed) return "disputed";
  return Math.abs(current - Math.round(selfCurrent * 2) / 2) < ROUNDING_TOLERANCE ? "confirmed" : "adjusted";
}

export function needsRationale(current: number, selfCurrent: number): boolean {
  return Math.abs(current - selfCurrent) >= DISAGREEMENT_THRESHOLD - ROUNDING_TOLERANCE;
}

export interface ValidationOverview {
  assessment: AssessmentSummary;
  scored: ReturnType<typeof scoreFromDatabase>;
  validated: ValidatedResult;
  rows: ValidationRow[];
  organisationNames: ReadonlyMap<number, string>;
}

/** Every unit's self-assessed and validated figures, with the decisions stored: scored once. */
export function validationOverview(deps: ValidationDeps, assessment: AssessmentSummary): ValidationOverview {
  const scored = scoreFromDatabase(deps, assessment);
  const rows = listValidations(deps.database.db, assessment.id);
  const validated = validateResults(scored.model, scored.result, unitValidationsOf(rows), { organisationLevelIds: organisationLevelIds() });
  const organisationNames = new Map(listOrganisations(deps.database.db, assessment.id).map((o) => [o.id, o.name]));
  return { assessment, scored, validated, rows, organisationNames };
}

export interface UnitReview {
  organisationId: number | null;
  dimensionId: string;
  levelId: string;
  /** The unit's figures; null when its self-assessed cell is withheld or has too little data: it cannot be validated. */
  unit: ValidatedUnit | null;
  row: ValidationRow | null;
  history: ValidationEventRow[];
}

/**
 * One unit of the overview, with its decision and history. Not found unless the dimension is in the assessment and the
 * unit fits its level (an organisation at the levels validated per organisation, the country at the others).
 */
export function unitReview(deps: ValidationDeps, overview: ValidationOverview, organisationId: number | null, dimensionId: string): UnitReview {
  const level = overview.scored.model.levels.find((l) => l.dimensions.some((d) => d.id === dimensionId));
  const isPerOrganisation = level !== undefined && organisationLevelIds().includes(level.id);
  const fits = organisationId === null ? !isPerOrganisation : isPerOrganisation && overview.organisationNames.has(organisationId);
  if (!level || !fits) throw new NotFoundError({ key: "errors.validation.unitNotFound" });
  const unit = overview.validated.units.find((u) => u.organisationId === organisationId && u.dimensionId === dimensionId) ?? null;
  const key = unitKeyOf(organisationId);
  const row = overview.rows.find((r) => r.unitKey === key && r.dimensionId === dimensionId) ?? null;
  return { organisationId, dimensionId, levelId: level.id, unit, row, history: unitHistory(deps.database.db, overview.assessment.id, key, dimensionId) };
}

function requireOpen(deps: ValidationDeps, assessmentId: number): AssessmentSummary {
  const assessment = requireAssessment(deps, assessmentId);
  if (!isValidationOpen(assessment.status))
    throw new ConflictError({ key: "errors.validation.notOpen", params: { status: { key: `status.${assessment.status}` } } });
  return assessment;
}

/** The unit as it stands now (the round is closed, so its self-assessed figures cannot move). */
function unitNow(deps: ValidationDeps, assessment: AssessmentSummary, organisationId: number | null, dimensionId: string): ValidatedUnit {
  const { unit } = unitReview(deps, validationOverview(deps, assessment), organisationId, dimensionId);
  if (!unit) throw new ConflictError({ key: "errors.validation.unitWithheld" });
  return unit;
}

/** Records (or changes) an expert's decision on a unit. */
export function decide(
  deps: ValidationDeps,
  actor: Actor,
  assessmentId: number,
  organisationId: number | null,
  dimensionId: string,
  input: DecisionInput,
  meta: RequestMeta = {},
): ValidationStatus {
  const unit = unitNow(deps, requireOpen(deps, assessmentId), organisationId, dimensionId);
  if (needsRationale(input.current, unit.self.current) && !input.rationale) {
    throw new InvalidInputError("Invalid input — rationale: give a rationale: the validated level is 1 or more away from the self-assessed one", {
      rationale: "give a rationale: the validated level is 1 or more away from the self-assessed one",
    });
  }
  if ((input.organisationView === null) !== (input.organisationNote === null)) {
    throw new InvalidInputError("Invalid input — organisationNote: give both the organisation's level and its reason, or neither", {
      organisationNote: "give both the organisation's level and its reason, or neither",
    });
  }
  const now = deps.clock().toISOString();
  const disputed = input.organisationView !== null;
  const status = statusOf(input.current, unit.self.current, disputed);
  const unitKey = unitKeyOf(organisationId);
  const values = {
    status,
    current: input.current,
    target: input.target,
    confidence: input.confidence,
    evidenceRating: input.evidenceRating,
    rationale: input.rationale,
  };
  deps.database.sqlite
    .transaction(() => {
      requireOpen(deps, assessmentId);
      saveValidation(deps.database.db, {
        assessmentId,
        organisationId,
        unitKey,
        dimensionId,
        levelId: unit.levelId,
        ...values,
        selfCurrent: unit.self.current,
        contestedCurrent: input.organisationView,
        contestNote: input.organisationNote,
        decidedBy: actor.id,
        decidedAt: now,
      });
      const details = { ...values, rationale: undefined, selfCurrent: unit.self.current, ...(disputed ? { organisationView: input.organisationView } : {}) };
      appendEvent(deps.database.db, { assessmentId, unitKey, dimensionId, kind: "decision", details, note: input.rationale, actor, at: now });
      if (disputed)
        appendEvent(deps.database.db, {
          assessmentId,
          unitKey,
          dimensionId,
          kind: "contest",
          details: { level: input.organisationView, recordedBy: "expert" },
          note: input.organisationNote,
          actor,
          at: now,
        });
      recordAudit(deps.database.db, {
        actor,
        action: "validation.decide",
        objectType: "assessment",
        objectId: assessmentId,
        details: { unit: unitKey, dimensionId, ...values, rationale: undefined },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
  return status;
}

/** The organisation (a focal point, or an expert on its behalf) contests the decision: both views are kept. */
export function contest(
  deps: ValidationDeps,
  actor: Actor,
  assessmentId: number,
  organisationId: number | null,
  dimensionId: string,
  input: ContestInput,
  meta: RequestMeta = {},
): void {
  requireOpen(deps, assessmentId);
  const unitKey = unitKeyOf(organisationId);
  const now = deps.clock().toISOString();
  deps.database.sqlite
    .transaction(() => {
      requireOpen(deps, assessmentId);
      const row = findValidation(deps.database.db, assessmentId, unitKey, dimensionId);
      if (!row) throw new ConflictError({ key: "errors.validation.nothingToContest" });
      saveValidation(deps.database.db, { ...row, status: "disputed", contestedCurrent: input.level, contestNote: input.note });
      appendEvent(deps.database.db, { assessmentId, unitKey, dimensionId, kind: "contest", details: { level: input.level }, note: input.note, actor, at: now });
      recordAudit(deps.database.db, {
        actor,
        action: "validation.contest",
        objectType: "assessment",
        objectId: assessmentId,
        details: { unit: unitKey, dimensionId, level: input.level },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}

/** A comment on a unit, by an expert or a focal point: kept in the unit's history. */
export function comment(
  deps: ValidationDeps,
  actor: Actor,
  assessmentId: number,
  organisationId: number | null,
  dimensionId: string,
  input: CommentInput,
  meta: RequestMeta = {},
): void {
  const assessment = requireOpen(deps, assessmentId);
  unitNow(deps, assessment, organisationId, dimensionId);
  const unitKey = unitKeyOf(organisationId);
  const now = deps.clock().toISOString();
  deps.database.sqlite
    .transaction(() => {
      requireOpen(deps, assessmentId);
      appendEvent(deps.database.db, { assessmentId, unitKey, dimensionId, kind: "comment", note: input.note, actor, at: now });
      recordAudit(deps.database.db, {
        actor,
        action: "validation.comment",
        objectType: "assessment",
        objectId: assessmentId,
        details: { unit: unitKey, dimensionId },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}

/** Withdraws a decision: the unit is not reviewed again (its history keeps the decision). */
export function withdraw(
  deps: ValidationDeps,
  actor: Actor,
  assessmentId: number,
  organisationId: number | null,
  dimensionId: string,
  meta: RequestMeta = {},
): void {
  requireOpen(deps, assessmentId);
  const unitKey = unitKeyOf(organisationId);
  const now = deps.clock().toISOString();
  deps.database.sqlite
    .transaction(() => {
      requireOpen(deps, assessmentId);
      const row = findValidation(deps.database.db, assessmentId, unitKey, dimensionId);
      if (!row) return;
      deleteValidation(deps.database.db, row.id);
      appendEvent(deps.database.db, {
        assessmentId,
        unitKey,
        dimensionId,
        kind: "withdrawal",
        details: { status: row.status, current: row.current },
        actor,
        at: now,
      });
      recordAudit(deps.database.db, {
        actor,
        action: "validation.withdraw",
        objectType: "assessment",
        objectId: assessmentId,
        details: { unit: unitKey, dimensionId },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}
