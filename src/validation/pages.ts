// View models of the validation pages: the overview of every unit, the review of one unit and the meeting page.
// Plain objects in the reader's language; the views hold no logic beyond if and each.
import type { AssessmentSummary } from "../assessments/repository";
import { can, type Actor } from "../auth/policy";
import { instrumentText } from "../questionnaires/i18n";
import type { Instrument } from "../questionnaires/schema";
import { loadComments, scoreFromDatabase } from "../responses/submitted-answers";
import { classifySeverity, type ItemResult, type ValidatedUnit } from "../scoring";
import { evidenceRatings, validationConfidences } from "../db/schema";
import { eq } from "drizzle-orm";
import { responses } from "../db/schema";
import { evidenceRatingsFor, evidenceOfAssessment } from "../evidence/repository";
import { HALF_STEPS } from "./schemas";
import { isValidationOpen, organisationLevelIds, unitSegment, type UnitReview, type ValidationDeps, type ValidationOverview } from "./service";

export interface UnitLink {
  href: string;
  dimensionTitle: string;
  selfCurrent: number | null;
  validatedCurrent: number | null;
  status: string;
  isDisagreement: boolean;
  isWithheld: boolean;
}

/** The units of one group (the country, or one organisation), in document order. */
export interface UnitGroup {
  title: string;
  meetingHref: string | null;
  units: UnitLink[];
}

function dimensionsOf(instrument: Instrument, assessment: AssessmentSummary, perOrganisation: boolean) {
  const levels = organisationLevelIds();
  return instrument.levels
    .filter((l) => assessment.levels.includes(l.id) && levels.includes(l.id) === perOrganisation)
    .flatMap((l) => l.dimensions.map((d) => ({ id: d.id, levelId: l.id })));
}

const base = (assessment: AssessmentSummary) => `/assessments/${assessment.id}/validation`;

/** The overview: headline indices, coverage, and every unit grouped by country and organisation. */
export function overviewPage(overview: ValidationOverview, locale: string, countryName: string) {
  const { assessment, scored, validated, rows } = overview;
  const instrument = scored.instrument;
  const dimensionTitle = (id: string) => instrumentText(instrument, `dimension.${id}.title`, locale);
  const group = (organisationId: number | null, title: string): UnitGroup => {
    const dimensions = dimensionsOf(instrument, assessment, organisationId !== null);
    const units = dimensions.map(({ id }): UnitLink => {
      const unit = validated.units.find((u) => u.organisationId === organisationId && u.dimensionId === id);
      const row = rows.find((r) => r.organisationId === organisationId && r.dimensionId === id);
      return {
        href: `${base(assessment)}/${unitSegment(organisationId)}/${id}`,
        dimensionTitle: dimensionTitle(id),
        selfCurrent: unit?.self.current ?? null,
        validatedCurrent: unit?.isValidated ? unit.validated.current : null,
        status: row?.status ?? "notReviewed",
        isDisagreement: unit?.disagreement ?? false,
        isWithheld: !unit,
      };
    });
    const first = units.find((u) => !u.isWithheld);
    return { title, meetingHref: first ? `${first.href}/meeting` : null, units };
  };
  const groups: UnitGroup[] = [];
  if (dimensionsOf(instrument, assessment, false).length) groups.push(group(null, countryName));
  if (dimensionsOf(instrument, assessment, true).length) {
    for (const [id, name] of overview.organisationNames) groups.push(group(id, name));
  }
  // National figures: each level's index and each dimension's current level, severity and rank, self-assessed and validated.
  const levels = scored.result.levels.map((level, i) => {
    const after = validated.levels[i];
    return {
      title: instrumentText(instrument, `level.${level.levelId}.title`, locale),
      selfIndex: level.status === "scored" ? level.index : null,
      validatedIndex: after.status === "scored" ? after.index : null,
    };
  });
  const national = validated.dimensions.map((after, i) => {
    const before = scored.result.dimensions[i];
    const isScored = before.status === "scored" && after.status === "scored";
    return {
      title: dimensionTitle(after.dimensionId),
      self: before.status === "scored" ? { current: before.current, severity: before.severity, rank: before.rank } : null,
      validated: after.status === "scored" ? { current: after.current, severity: after.severity, rank: after.rank } : null,
      coverage: isScored && after.status === "scored" ? after.validation.share : null,
      disagreements: after.status === "scored" ? after.validation.disagreements : 0,
    };
  });
  const selfOverall = scored.result.overall.status === "scored" ? scored.result.overall.index : null;
  const validatedOverall = validated.overall.status === "scored" ? validated.overall.index : null;
  return {
    isOpen: isValidationOpen(assessment.status),
    selfOverall,
    validatedOverall,
    coverage: validated.coverage,
    validatedUnits: validated.validatedUnits,
    units: validated.units.length,
    levels,
    national,
    groups,
  };
}

/** Per item of the dimension, in the unit's respondents: mean, distribution, spread and don't-know share. */
function itemRows(deps: ValidationDeps, assessment: AssessmentSummary, instrument: Instrument, review: UnitReview, locale: string) {
  const items: readonly ItemResult[] =
    review.organisationId === null ? scoreFromDatabase(deps, assessment).result.items : scoreFromDatabase(deps, assessment, review.organisationId).result.items;
  return items
    .filter((item) => item.dimensionId === review.dimensionId)
    .map((item) => ({
      question: instrumentText(instrument, `item.${item.itemId}.question`, locale),
      isWithheld: item.status !== "scored",
      n: item.status === "scored" ? item.n : null,
      current: item.status === "scored" ? item.current : null,
      sd: item.status === "scored" ? item.sdCurrent : null,
      counts: item.status === "scored" ? item.counts : [],
      dontKnowShare: item.status === "scored" && item.seen > 0 ? item.dontKnow / item.seen : null,
      isKnowledgeGap: item.status === "scored" && item.flags.knowledgeGap,
    }));
}

/**
 * The evidence shown beside a unit, to readers allowed to see per-respondent data: the respondents' comments
 * (evidence notes) and the links and files attached to the dimension's items (src/evidence), each with the expert's
 * rating where one was given. The one place that gathers evidence for the review and the meeting.
 */
export function evidenceOf(
  deps: ValidationDeps,
  actor: Actor | null,
  assessment: AssessmentSummary,
  instrument: Instrument,
  review: UnitReview,
  locale: string,
) {
  if (!can(actor, "report.comments", assessment)) return { isVisible: false, notes: [], attachments: [] };
  const itemIds = new Set(
    instrument.levels
      .flatMap((l) => l.dimensions)
      .find((d) => d.id === review.dimensionId)
      ?.items.map((i) => i.id) ?? [],
  );
  const question = (itemId: string) => instrumentText(instrument, `item.${itemId}.question`, locale);
  const notes = loadComments(deps.database, assessment.id, review.organisationId ?? undefined)
    .filter((c) => itemIds.has(c.itemId))
    .map((c) => ({ question: question(c.itemId), text: c.text }));
  const organisationOf = new Map(
    deps.database.db
      .select({ id: responses.id, organisationId: responses.organisationId })
      .from(responses)
      .where(eq(responses.assessmentId, assessment.id))
      .all()
      .map((r) => [r.id, r.organisationId]),
  );
  const inUnit = (responseId: number) => review.organisationId === null || organisationOf.get(responseId) === review.organisationId;
  const ratings = new Map(evidenceRatingsFor(deps.database, assessment.id).map((r) => [`${r.responseId}|${r.itemId}`, r.rating]));
  const attachments = evidenceOfAssessment(deps.database, assessment.id)
    .filter((row) => itemIds.has(row.itemId) && inUnit(row.responseId))
    .map((row) => ({
      question: question(row.itemId),
      isLink: row.kind === "link",
      url: row.url,
      fileName: row.fileName,
      size: row.size,
      note: row.note,
      rating: ratings.get(`${row.responseId}|${row.itemId}`) ?? null,
    }));
  return { isVisible: true, notes, attachments };
}

function figuresOf(unit: ValidatedUnit | null, instrument: Instrument) {
  if (!unit) return null;
  return {
    respondents: unit.respondents,
    self: { ...unit.self, severity: classifySeverity(unit.self.gap, instrument.severity) },
    validated: unit.isValidated ? { ...unit.validated, severity: classifySeverity(unit.validated.gap, instrument.severity) } : null,
    isDisagreement: unit.disagreement,
  };
}

/** The review of one unit (and the meeting page, which shows the same with the unit's other dimensions as steps). */
export function unitPage(deps: ValidationDeps, actor: Actor | null, overview: ValidationOverview, review: UnitReview, locale: string, countryName: string) {
  const { assessment, scored } = overview;
  const instrument = scored.instrument;
  const resource = assessment;
  const isOpen = isValidationOpen(assessment.status);
  const unitHref = `${base(assessment)}/${unitSegment(review.organisationId)}/${review.dimensionId}`;
  const steps = dimensionsOf(instrument, assessment, review.organisationId !== null).map(({ id }) => ({
    title: instrumentText(instrument, `dimension.${id}.title`, locale),
    href: `${base(assessment)}/${unitSegment(review.organisationId)}/${id}/meeting`,
    isCurrent: id === review.dimensionId,
  }));
  const at = steps.findIndex((s) => s.isCurrent);
  const row = review.row;
  const selected = row?.current ?? (review.unit ? Math.round(review.unit.self.current * 2) / 2 : null);
  return {
    unitName: review.organisationId === null ? countryName : (overview.organisationNames.get(review.organisationId) ?? ""),
    dimensionTitle: instrumentText(instrument, `dimension.${review.dimensionId}.title`, locale),
    levelTitle: instrumentText(instrument, `level.${review.levelId}.title`, locale),
    isOpen,
    isWithheld: review.unit === null,
    figures: figuresOf(review.unit, instrument),
    items: itemRows(deps, assessment, instrument, review, locale),
    evidence: evidenceOf(deps, actor, assessment, instrument, review, locale),
    decision: row
      ? {
          status: row.status,
          current: row.current,
          target: row.target,
          confidence: row.confidence,
          evidenceRating: row.evidenceRating,
          rationale: row.rationale,
          contestedCurrent: row.contestedCurrent,
          contestNote: row.contestNote,
          decidedAt: row.decidedAt,
        }
      : null,
    canDecide: isOpen && review.unit !== null && can(actor, "validation.decide", resource),
    canComment: isOpen && review.unit !== null && can(actor, "validation.comment", resource),
    canContest: isOpen && row !== null && can(actor, "validation.comment", resource),
    levels: HALF_STEPS.map((value) => ({ value, selected: value === selected })),
    targets: HALF_STEPS.map((value) => ({ value, selected: value === row?.target })),
    confidences: validationConfidences.map((value) => ({ value, selected: value === (row?.confidence ?? "medium") })),
    evidenceRatings: evidenceRatings.map((value) => ({ value, selected: value === (row?.evidenceRating ?? "partial") })),
    history: review.history.map((event) => ({
      kind: event.kind,
      at: event.at,
      actor: event.actorLabel,
      note: event.note,
      details: event.details as Record<string, unknown> | null,
    })),
    actions: {
      decision: `${unitHref}/decision`,
      contest: `${unitHref}/contest`,
      comment: `${unitHref}/comment`,
      withdraw: `${unitHref}/withdraw`,
    },
    reviewHref: unitHref,
    meetingHref: `${unitHref}/meeting`,
    overviewHref: base(assessment),
    /** In the meeting, a decision leads to the next dimension (or back to this one after the last). */
    afterDecisionHref: at >= 0 && at < steps.length - 1 ? steps[at + 1].href : `${unitHref}/meeting`,
    previous: at > 0 ? steps[at - 1] : null,
    next: at >= 0 && at < steps.length - 1 ? steps[at + 1] : null,
    steps,
    stepNumber: at + 1,
    stepCount: steps.length,
  };
}
