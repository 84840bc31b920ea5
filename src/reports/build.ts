// Builds the report model of an assessment (or of one organisation in it): load answers, score, compare with the
// previous round and the peer group, and label everything in the report's language. Built once per request.
import type { AssessmentSummary } from "../assessments/repository";
import { listOrganisations } from "../assessments/repository";
import type { CountryDirectory } from "../countries/repository";
import type { PeerGroupSpec } from "../countries/schema";
import type { AppDatabase } from "../db/client";
import { directionOf } from "../i18n/locales";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { instrumentText } from "../questionnaires/i18n";
import type { Instrument } from "../questionnaires/schema";
import {
  comparePeers,
  compareRounds,
  responseRates,
  scoreAssessment,
  type DimensionResult,
  type ItemResult,
  type LevelResult,
  type ScoringModel,
  type ScoringResult,
} from "../scoring";
import { invitationTallies, loadSubmittedAnswers } from "./answers-repository";
import type { ReportDimension, ReportItem, ReportModel } from "./model";
import { findPreviousRound, findPeerAssessments } from "./rounds-repository";

export interface ReportDeps {
  database: AppDatabase;
  instruments: InstrumentCatalog;
  countries: CountryDirectory;
  clock: () => Date;
}

export interface ReportOptions {
  language: string;
  organisationId?: number;
  peerGroup?: PeerGroupSpec | null;
  includeComments?: boolean;
}

/** The instrument restricted to the levels the assessment covers: what the engine scores. */
export function scoringModelOf(instrument: Instrument, levels: readonly string[]): ScoringModel {
  return { severity: instrument.severity, levels: instrument.levels.filter((l) => levels.includes(l.id)) };
}

/** Scores an assessment from its submitted answers (all organisations, or one). */
export function scoreFromDatabase(deps: Pick<ReportDeps, "database" | "instruments">, assessment: AssessmentSummary, organisationId?: number) {
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const model = scoringModelOf(instrument, assessment.levels);
  // One read transaction: the respondents and the streamed answer batches see the same snapshot of the database.
  return deps.database.sqlite.transaction(() => {
    const answers = loadSubmittedAnswers(deps.database, assessment.id, model, { organisationId });
    const result = scoreAssessment(model, answers, { minGroupSize: assessment.minGroupSize });
    return { instrument, model, answers, result };
  })();
}

export function defaultPeerGroup(countries: CountryDirectory, iso3: string): PeerGroupSpec | null {
  const country = countries.byIso3(iso3);
  if (!country) return null;
  const group = (["LDC", "LLDC", "SIDS"] as const).find((g) => country.groups.includes(g));
  return group ? { kind: "group", group } : { kind: "subregion", subregion: country.subregion };
}

function dimensionView(result: DimensionResult, title: string, itemCount: number, national: number | null = null): ReportDimension {
  const base = { id: result.dimensionId, levelId: result.levelId, title, items: itemCount, national };
  if (result.status === "scored") {
    return {
      ...base,
      status: "scored",
      respondents: result.respondents,
      current: result.current,
      target: result.target,
      gap: result.gap,
      priority: result.priority,
      index: result.index,
      sdCurrent: result.sdCurrent,
      ci: result.respondents >= 3 ? result.ci : null,
      alpha: result.reliability.status === "shown" ? result.reliability.alpha : null,
      severity: result.severity,
      rank: result.rank,
      itemsWithAnswers: result.coverage.itemsWithAnswers,
      flags: { lowConsensus: result.flags.lowConsensus, lowReliability: result.flags.lowReliability, insufficientData: false },
    };
  }
  const empty = { current: null, target: null, gap: null, priority: null, index: null, sdCurrent: null, ci: null, alpha: null, severity: null, rank: null };
  if (result.status === "insufficient-data") {
    return { ...base, ...empty, status: "insufficient-data", respondents: result.respondents, itemsWithAnswers: result.coverage.itemsWithAnswers, flags: { lowConsensus: false, lowReliability: false, insufficientData: true } };
  }
  return { ...base, ...empty, status: "suppressed", respondents: null, itemsWithAnswers: null, flags: { lowConsensus: false, lowReliability: false, insufficientData: false } };
}

function itemView(result: ItemResult, question: string): ReportItem {
  const base = { id: result.itemId, dimensionId: result.dimensionId, levelId: result.levelId, question };
  if (result.status === "scored") {
    return {
      ...base,
      status: "scored",
      n: result.n,
      current: result.current,
      target: result.target,
      gap: result.gap,
      importance: result.importance,
      priority: result.priority,
      sdCurrent: result.sdCurrent,
      counts: [...result.counts],
      notApplicable: result.notApplicable,
      dontKnow: result.dontKnow,
      seen: result.seen,
      rank: result.rank,
      flags: { ...result.flags },
    };
  }
  return { ...base, status: "suppressed", n: null, current: null, target: null, gap: null, importance: null, priority: null, sdCurrent: null, counts: null, notApplicable: null, dontKnow: null, seen: null, rank: null, flags: { knowledgeGap: false, lowConsensus: false } };
}

function levelFigures(level: LevelResult) {
  if (level.status === "scored") return { status: "scored" as const, respondents: level.respondents, current: level.current, target: level.target, gap: level.gap, index: level.index, targetIndex: level.targetIndex };
  return { status: level.status, respondents: level.status === "insufficient-data" ? level.respondents : null, current: null, target: null, gap: null, index: null, targetIndex: null };
}

export function buildReportModel(deps: ReportDeps, assessment: AssessmentSummary, options: ReportOptions): ReportModel {
  const language = options.language;
  const national = scoreFromDatabase(deps, assessment);
  const { instrument, model } = national;
  const text = (key: string) => instrumentText(instrument, key, language);
  const organisations = listOrganisations(deps.database.db, assessment.id);
  const organisationName = new Map(organisations.map((o) => [o.id, o.name]));

  let scope: ScoringResult = national.result;
  let organisation: { id: number; name: string } | null = null;
  if (options.organisationId !== undefined) {
    const own = national.result.organisations.find((o) => o.organisationId === options.organisationId);
    const name = organisationName.get(options.organisationId);
    if (name === undefined) throw new Error(`organisation ${options.organisationId} is not part of assessment ${assessment.id}`);
    organisation = { id: options.organisationId, name };
    // The organisation's cells come from the same national scoring run, so suppression is decided once, in the engine.
    scope = {
      ...national.result,
      levels: own && own.status === "scored" ? own.levels : national.result.levels.map((l) => ({ levelId: l.levelId, status: "suppressed", suppressed: true, reason: "below-threshold" }) as LevelResult),
      dimensions: own && own.status === "scored" ? own.dimensions : national.result.dimensions.map((d) => ({ dimensionId: d.dimensionId, levelId: d.levelId, status: "suppressed", suppressed: true, reason: "below-threshold" }) as DimensionResult),
      // Weighted by the level weights in the engine, as the national index is.
      overall: own && own.status === "scored" ? own.overall : { status: "insufficient-data", suppressed: false },
    };
  }

  const dimensionTitle = (id: string) => text(`dimension.${id}.title`);
  const itemCount = new Map(model.levels.flatMap((l) => l.dimensions.map((d) => [d.id, d.items.length] as const)));
  const nationalCurrent = new Map(national.result.dimensions.map((d) => [d.dimensionId, d.status === "scored" ? d.current : null]));
  const dimensions = scope.dimensions.map((d) => dimensionView(d, dimensionTitle(d.dimensionId), itemCount.get(d.dimensionId) ?? 0, organisation ? nationalCurrent.get(d.dimensionId) ?? null : null));
  const items = organisation ? [] : national.result.items.map((i) => itemView(i, text(`item.${i.itemId}.question`)));
  const byRank = <T extends { rank: number | null; status: string }>(list: T[]) => list.filter((x) => x.status === "scored" && x.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));

  const rates = responseRates(invitationTallies(deps.database, assessment.id, { organisationId: organisation?.id }), assessment.levels);

  const previous = organisation ? null : findPreviousRound(deps.database, assessment);
  let progress: ReportModel["progress"] = null;
  if (previous) {
    const comparison = compareRounds(scoreFromDatabase(deps, previous).result, national.result);
    progress = {
      previousAssessmentId: previous.id,
      previousRound: previous.roundLabel,
      dimensions: comparison.dimensions.map((d) => ({
        id: d.dimensionId,
        levelId: d.levelId,
        title: dimensionTitle(d.dimensionId),
        previous: d.previous.mean,
        current: d.current.mean,
        change: d.change,
        lower: d.interval.lower,
        upper: d.interval.upper,
        isClear: d.isClear,
      })),
    };
  }

  let peers: ReportModel["peers"] = null;
  const peerGroup = options.peerGroup === undefined ? defaultPeerGroup(deps.countries, assessment.countryIso3) : options.peerGroup;
  if (!organisation && peerGroup) {
    const peerAssessments = findPeerAssessments(deps.database, deps.countries, assessment, peerGroup);
    const comparison = comparePeers(
      national.result,
      peerAssessments.map((p) => ({ iso3: p.countryIso3, result: scoreFromDatabase(deps, p).result })),
    );
    peers = {
      group: peerGroupKey(peerGroup),
      groupLabel: deps.countries.peerGroupLabel(peerGroup),
      countries: peerAssessments.map((p) => p.countryName),
      dimensions: comparison.dimensions.map((d) => ({
        id: d.dimensionId,
        levelId: d.levelId,
        title: dimensionTitle(d.dimensionId),
        country: nationalCurrent.get(d.dimensionId) ?? null,
        peer: d.status === "compared" ? d.peer.current : null,
        peerCountries: d.peerCountries,
      })),
    };
  }

  const model_: ReportModel = {
    meta: {
      assessmentId: assessment.id,
      countryIso3: assessment.countryIso3,
      countryName: assessment.countryName,
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      instrumentTitle: text("instrument.title"),
      roundLabel: assessment.roundLabel,
      status: assessment.status,
      language,
      direction: directionOf(language),
      generatedAt: deps.clock().toISOString(),
      dataDate: national.answers.dataDate,
      isDraft: assessment.status !== "published",
      isDemo: assessment.isDemo,
      minGroupSize: national.result.thresholds.minGroupSize,
      individualMinGroupSize: national.result.thresholds.individualMinGroupSize,
      respondents: organisation ? (national.answers.respondents.filter((r) => r.organisationId === organisation!.id).length) : national.answers.respondents.length,
      organisation,
    },
    scale: instrument.scale.map((s) => ({ value: s.value, label: text(`scale.${s.value}.label`), description: text(`scale.${s.value}.description`) })),
    importance: instrument.importance.map((s) => ({ value: s.value, label: text(`importance.${s.value}.label`) })),
    severityThresholds: { ...instrument.severity },
    overall: scope.overall.status === "scored"
      ? { status: "scored", index: scope.overall.index }
      : { status: scope.levels.every((l) => l.status === "suppressed") ? "suppressed" : "insufficient-data", index: null },
    levels: model.levels.map((level) => {
      const result = scope.levels.find((l) => l.levelId === level.id)!;
      return {
        id: level.id,
        title: text(`level.${level.id}.title`),
        description: text(`level.${level.id}.description`),
        ...levelFigures(result),
        dimensions: dimensions.filter((d) => d.levelId === level.id),
      };
    }),
    rankedDimensions: byRank(dimensions),
    rankedItems: byRank(items),
    items,
    heatmap: {
      dimensions: model.levels.flatMap((l) => l.dimensions.map((d) => ({ id: d.id, levelId: l.id, title: dimensionTitle(d.id) }))),
      rows: national.result.organisations
        .filter((o) => !organisation || o.organisationId === organisation.id)
        .map((o) => ({
          organisationId: o.organisationId,
          name: organisationName.get(o.organisationId) ?? String(o.organisationId),
          status: o.status === "scored" ? ("scored" as const) : ("suppressed" as const),
          cells: model.levels.flatMap((l) =>
            l.dimensions.map((d) => {
              const cell = o.status === "scored" ? o.dimensions.find((x) => x.dimensionId === d.id) : undefined;
              if (!cell || cell.status !== "scored") return { dimensionId: d.id, status: cell?.status ?? ("suppressed" as const), current: null, gap: null, severity: null };
              return { dimensionId: d.id, status: "scored" as const, current: cell.current, gap: cell.gap, severity: cell.severity };
            }),
          ),
        })),
    },
    recommendations: (organisation ? [] : national.result.recommendations).map((r) => ({
      dimensionId: r.dimensionId,
      dimensionTitle: dimensionTitle(r.dimensionId),
      levelId: r.levelId,
      severity: r.severity,
      rank: r.dimensionRank,
      actions: r.actions.map((a) => ({ id: a.id, text: text(`action.${a.id}.text`), horizon: a.horizon })),
    })),
    roadmap: Object.fromEntries(
      (["short", "medium", "long"] as const).map((h) => [
        h,
        (organisation ? [] : national.result.roadmap[h]).map((e) => ({
          actionId: e.actionId,
          text: text(`action.${e.actionId}.text`),
          dimensionId: e.dimensionId,
          dimensionTitle: dimensionTitle(e.dimensionId),
          severity: e.severity,
          dimensionRank: e.dimensionRank,
        })),
      ]),
    ) as ReportModel["roadmap"],
    responseRates: {
      overall: rates.overall,
      organisations: rates.organisations.map((o) => ({ organisationId: o.organisationId, name: organisationName.get(o.organisationId) ?? String(o.organisationId), invited: o.invited, started: o.started, submitted: o.submitted, rate: o.rate, lowResponse: o.lowResponse })),
      levels: rates.levels.map((l) => ({ ...l, title: text(`level.${l.levelId}.title`) })),
    },
    progress,
    peers,
    comments: [],
  };
  return model_;
}

function peerGroupKey(spec: PeerGroupSpec): string {
  return spec.kind === "group" ? `group:${spec.group}` : spec.kind === "region" ? `region:${spec.region}` : `subregion:${spec.subregion}`;
}
