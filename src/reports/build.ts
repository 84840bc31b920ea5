// Scores a report (of an assessment, or of one organisation in it): load answers, score, compare with the previous
// round and the peer group. Language-free: `localise` (localise.ts) words the result in one language, so publishing
// scores once and words it once per language. Pages, API, exports and PDF go through `reportFor` (service.ts).
import type { AssessmentSummary } from "../assessments/repository";
import type { CountryDirectory } from "../countries/repository";
import type { PeerGroupSpec } from "../countries/schema";
import type { AppDatabase } from "../db/client";
import type { CountryRef } from "../i18n/names";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import type { Instrument } from "../questionnaires/schema";
import {
  comparePeers,
  compareRounds,
  responseRates,
  scoreAssessment,
  type DimensionResult,
  type LevelResult,
  type PeerComparison,
  type ResponseRates,
  type RoundComparison,
  type ScoringModel,
  type ScoringResult,
  type ValidatedResult,
  validateResults,
} from "../scoring";
import { listValidations, unitValidationsOf, type ValidationRow } from "../validation/repository";
import { invitationTallies, scoreFromDatabase, scoringModelOf } from "../responses/submitted-answers";
import { countEvidenceByItem, evidenceShareOf, type EvidenceShare } from "./evidence-share";
import { localise } from "./localise";
import type { ReportModel } from "./model";
import { findPreviousRound, findPeerAssessments } from "./rounds-repository";
import { findingsOf, type Finding } from "./findings";
import { prioritiseRoadmap, roadmapCapsOf, sameActionOf, type PrioritisedRoadmap } from "./roadmap";

export interface ReportDeps {
  database: AppDatabase;
  instruments: InstrumentCatalog;
  countries: CountryDirectory;
  clock: () => Date;
}

export interface ScoreOptions {
  organisationId?: number;
  /** The peer group to compare with; `null` for none; by default the country's own group. */
  peerGroup?: PeerGroupSpec | null;
}

export interface ReportOptions extends ScoreOptions {
  language: string;
}

/** Everything a report says, before it is worded in a language. */
export interface ScoredReport {
  assessment: AssessmentSummary;
  instrument: Instrument;
  model: ScoringModel;
  /** The national scoring run; an organisation's cells come from it too. */
  national: ScoringResult;
  /** The report's scope: the national result, or the organisation's levels and dimensions from the same run. */
  scope: ScoringResult;
  organisation: { id: number; name: string } | null;
  organisationNames: ReadonlyMap<number, string>;
  rates: ResponseRates;
  previous: { assessment: AssessmentSummary; comparison: RoundComparison } | null;
  /** The assessment's country: localise names it in the report's language. */
  country: CountryRef;
  /** `group` is the peer group's code ("group:LDC"); localise.ts names it in the report's language. */
  peers: { group: string; countries: CountryRef[]; comparison: PeerComparison } | null;
  generatedAt: string;
  dataDate: string | null;
  respondents: number;
  /** The validated figures, computed once per report from the experts' decisions; null when nothing is validated. */
  validation: { result: ValidatedResult; rows: ValidationRow[] } | null;
  /** The share of ratings backed by evidence in the report's scope; null when the assessment holds no evidence. */
  evidence: EvidenceShare | null;
  /** The prioritised roadmap, from the validated figures where units are validated; null in an organisation's report. */
  roadmap: PrioritisedRoadmap | null;
  /** The key findings the summary opens with, as data (findings.ts); worded by localise. */
  findings: Finding[];
  /** The other assessments whose results it read (previous round, peers): the report cache watches them too. */
  alsoRead: number[];
}

export function defaultPeerGroup(countries: CountryDirectory, iso3: string): PeerGroupSpec | null {
  const country = countries.byIso3(iso3);
  if (!country) return null;
  const group = (["LDC", "LLDC", "SIDS"] as const).find((g) => country.groups.includes(g));
  return group ? { kind: "group", group } : { kind: "subregion", subregion: country.subregion };
}

/** Scores the report of an assessment, or of one organisation in it, in no language. */
export function scoreReport(deps: ReportDeps, assessment: AssessmentSummary, options: ScoreOptions = {}): ScoredReport {
  const national = scoreFromDatabase(deps, assessment);
  const organisationNames = organisationNamesOf(deps.database, assessment.id);

  let scope: ScoringResult = national.result;
  let organisation: { id: number; name: string } | null = null;
  if (options.organisationId !== undefined) {
    const own = national.result.organisations.find((o) => o.organisationId === options.organisationId);
    const name = organisationNames.get(options.organisationId);
    if (name === undefined) throw new Error(`organisation ${options.organisationId} is not part of assessment ${assessment.id}`);
    organisation = { id: options.organisationId, name };
    // The organisation's cells come from the same national scoring run, so suppression is decided once, in the engine.
    scope = {
      ...national.result,
      levels:
        own && own.status === "scored"
          ? own.levels
          : national.result.levels.map((l) => ({ levelId: l.levelId, status: "suppressed", suppressed: true, reason: "below-threshold" }) as LevelResult),
      dimensions:
        own && own.status === "scored"
          ? own.dimensions
          : national.result.dimensions.map(
              (d) => ({ dimensionId: d.dimensionId, levelId: d.levelId, status: "suppressed", suppressed: true, reason: "below-threshold" }) as DimensionResult,
            ),
      // Weighted by the level weights in the engine, as the national index is.
      // An organisation below k (or without a submitted respondent) is withheld as a whole, its overall index too.
      overall: own && own.status === "scored" ? own.overall : { status: "suppressed", suppressed: true, reason: "below-threshold" },
    };
  }

  const rates = responseRates(invitationTallies(deps.database, assessment.id, { organisationId: organisation?.id }), assessment.levels);

  const previousRound = organisation ? null : findPreviousRound(deps.database, assessment);
  const previous = previousRound
    ? { assessment: previousRound, comparison: compareRounds(scoreFromDatabase(deps, previousRound).result, national.result) }
    : null;

  let peers: ScoredReport["peers"] = null;
  const alsoRead = previousRound ? [previousRound.id] : [];
  const peerGroup = options.peerGroup === undefined ? defaultPeerGroup(deps.countries, assessment.countryIso3) : options.peerGroup;
  if (!organisation && peerGroup) {
    const peerAssessments = findPeerAssessments(deps.database, deps.countries, assessment, peerGroup);
    alsoRead.push(...peerAssessments.map((p) => p.id));
    peers = {
      group: peerGroupKey(peerGroup),
      countries: peerAssessments.map((p) => countryRef(deps.countries, p.countryIso3, p.countryName)),
      comparison: comparePeers(
        national.result,
        peerAssessments.map((p) => ({ iso3: p.countryIso3, result: scoreFromDatabase(deps, p).result })),
      ),
    };
  }

  const validationRows = listValidations(deps.database.db, assessment.id);
  const validation = validationRows.length
    ? { result: validateResults(national.model, national.result, unitValidationsOf(validationRows)), rows: validationRows }
    : null;

  // Recommendations and the roadmap follow the validated figures where units are validated (method.md).
  const recommendationSource = validation?.result ?? national.result;
  const roadmap = organisation
    ? null
    : prioritiseRoadmap(recommendationSource.roadmap, recommendationSource.dimensions, roadmapCapsOf(national.instrument), sameActionOf(national.instrument));

  const scored: Omit<ScoredReport, "findings"> = {
    assessment,
    instrument: national.instrument,
    model: national.model,
    national: national.result,
    scope,
    organisation,
    organisationNames,
    country: countryRef(deps.countries, assessment.countryIso3, assessment.countryName),
    rates,
    previous,
    peers,
    generatedAt: deps.clock().toISOString(),
    dataDate: national.answers.dataDate,
    respondents: organisation ? national.answers.respondents.filter((r) => r.organisationId === organisation!.id).length : national.answers.respondents.length,
    validation,
    evidence: evidenceShare(deps, national.model, assessment.id, scope, organisation?.id),
    roadmap,
    alsoRead,
  };
  return { ...scored, findings: findingsOf(scored) };
}

/** The names of the assessment's organisations (only their names: their invitation and response counts are not read). */
function organisationNamesOf(database: AppDatabase, assessmentId: number): Map<number, string> {
  const rows = database.sqlite.prepare("select id, name from organisations where assessment_id = ? order by name").raw().all(assessmentId) as [
    number,
    string,
  ][];
  return new Map(rows);
}

function evidenceShare(deps: ReportDeps, model: ScoringModel, assessmentId: number, scope: ScoringResult, organisationId?: number): EvidenceShare | null {
  const byItem = countEvidenceByItem(deps.database, assessmentId, organisationId);
  return byItem ? evidenceShareOf(model, scope.dimensions, byItem) : null;
}

/** Scores and words a live report in one language (no snapshot): `reportFor` (service.ts) decides when to call it. */
export function buildReportModel(deps: ReportDeps, assessment: AssessmentSummary, options: ReportOptions): ReportModel {
  return localise(scoreReport(deps, assessment, options), options.language);
}

function countryRef(countries: CountryDirectory, iso3: string, name: string): CountryRef {
  return { iso3, iso2: countries.byIso3(iso3)?.iso2 ?? null, name };
}

function peerGroupKey(spec: PeerGroupSpec): string {
  return spec.kind === "group" ? `group:${spec.group}` : spec.kind === "region" ? `region:${spec.region}` : `subregion:${spec.subregion}`;
}
