// The report use case: the one way to get a report model. It decides, once for pages, API, exports and the PDF,
// which language a report is in and whether it is the published snapshot (frozen when published) or live results;
// publishing scores once and words the scores in every offered language.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppDatabase } from "../db/client";
import { reportSnapshots } from "../db/schema";
import type { PeerGroupSpec } from "../countries/schema";
import { peerGroupName } from "../i18n/names";
import { instrumentText } from "../questionnaires/i18n";
import { breakdownOf } from "./breakdown";
import { cachedReport } from "./cache";
import { scoreReport, type ReportDeps } from "./build";
import { localise } from "./localise";
import { reportModelSchema, type ReportModel } from "./model";
import { loadComments } from "../responses/submitted-answers";
import { withRationales } from "./validation-view";
import { listValidations } from "../validation/repository";

export type { ReportDeps } from "./build";

export interface ReportRequest {
  /** The language asked for (a query parameter, the reader's locale); `reportLanguage` settles it. */
  language?: string;
  organisation?: { id: number };
  /** Another peer group than the country's own (`null`: none); asking for one always computes live results. */
  peerGroup?: PeerGroupSpec | null;
  /** Adds the results by the categories of this background question (breakdown.ts); always computed live. */
  by?: string;
  /** Adds the respondents' comments; the caller has checked that the reader may see them. */
  comments?: boolean;
}

/** Whether the assessment offers its report in `language`. */
export function offersLanguage(assessment: Pick<AssessmentSummary, "languages">, language: string): boolean {
  return assessment.languages.includes(language);
}

/** The language a report is in: the one asked for when offered, else English when offered, else the first language. */
export function reportLanguage(assessment: Pick<AssessmentSummary, "languages">, asked: string | undefined): string {
  if (asked !== undefined && offersLanguage(assessment, asked)) return asked;
  return offersLanguage(assessment, "en") ? "en" : assessment.languages[0];
}

/** The report of an assessment (or of one organisation in it): the published snapshot when there is one, else live. */
export function reportFor(deps: ReportDeps, assessment: AssessmentSummary, request: ReportRequest = {}): ReportModel {
  const language = reportLanguage(assessment, request.language);
  const organisationId = request.organisation?.id;
  const frozen = assessment.status === "published" && organisationId === undefined && request.peerGroup === undefined;
  // Models are kept until what they read changes (cache.ts), so repeated views neither rescore nor reparse a snapshot.
  // A snapshot frozen before peer-group names were translated still reads in its language (the group's code is kept).
  const snapshot = frozen
    ? cachedReport(deps.database, assessment.id, `snapshot|${language}`, () => {
        const loaded = loadSnapshot(deps.database, assessment.id, language);
        return { value: loaded && deepFreeze(relabelPeers(loaded)), alsoRead: [] };
      })
    : null;
  const model =
    snapshot ??
    cachedReport(
      deps.database,
      assessment.id,
      `live|${language}|${organisationId ?? ""}|${request.peerGroup === undefined ? "default" : JSON.stringify(request.peerGroup)}`,
      () => {
        const scored = scoreReport(deps, assessment, { organisationId, peerGroup: request.peerGroup });
        return { value: deepFreeze(localise(scored, language)), alsoRead: scored.alsoRead };
      },
    );
  const broken = request.by !== undefined ? { ...model, breakdown: breakdownOf(deps, assessment, request.by, model.meta.language, organisationId) } : model;
  return request.comments ? withComments(deps, assessment, broken) : broken;
}

/** Kept models are shared by every later view: frozen, so that no caller can change what the next one reads. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function relabelPeers(model: ReportModel): ReportModel {
  return model.peers ? { ...model, peers: { ...model.peers, groupLabel: peerGroupName(model.meta.language, model.peers.group) } } : model;
}

/** What publishing freezes: the assessment scored once, as published, worded in each offered language. */
export function publicationOf(deps: ReportDeps, assessment: AssessmentSummary): { language: string; model: ReportModel }[] {
  const scored = scoreReport(deps, { ...assessment, status: "published" });
  return assessment.languages.map((language) => {
    const model = localise(scored, language);
    return { language, model: { ...model, meta: { ...model.meta, isDraft: false } } };
  });
}

function withComments(deps: ReportDeps, assessment: AssessmentSummary, model: ReportModel): ReportModel {
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const comments = loadComments(deps.database, assessment.id, model.meta.organisation?.id).map((c) => ({
    itemId: c.itemId,
    question: instrumentText(instrument, `item.${c.itemId}.question`, model.meta.language),
    text: c.text,
  }));
  // Rationales are shown where comments are: to readers allowed to see them who asked, and in a PDF an expert asked for.
  const validation = withRationales(model.validation, listValidations(deps.database.db, assessment.id));
  return { ...model, comments, validation };
}

/** The frozen report of a published assessment in `language` (or its first language), or null. */
function loadSnapshot(database: AppDatabase, assessmentId: number, language: string): ReportModel | null {
  const rows = database.db
    .select({ language: reportSnapshots.language, model: reportSnapshots.model })
    .from(reportSnapshots)
    .where(and(eq(reportSnapshots.assessmentId, assessmentId), isNull(reportSnapshots.withdrawnAt)))
    .orderBy(desc(reportSnapshots.id))
    .all();
  const row = rows.find((r) => r.language === language) ?? rows[rows.length - 1];
  return row ? reportModelSchema.parse(JSON.parse(row.model)) : null;
}
