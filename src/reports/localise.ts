// Words a scored report (build.ts) in one language: the titles, questions, scale labels and actions of the pinned
// instrument, and the direction of the script. No database, no scoring: publishing calls it once per language.
import { directionOf } from "../i18n/locales";
import { countryName, peerGroupName } from "../i18n/names";
import { instrumentText } from "../questionnaires/i18n";
import type { DimensionResult, ItemResult, LevelResult } from "../scoring";
import type { ScoredReport } from "./build";
import type { ReportDimension, ReportItem, ReportModel } from "./model";
import { wordFindings } from "./findings-text";
import { validationView } from "./validation-view";
import { withheldOfCell } from "./withheld";
import { listActionsOnce, sameActionOf } from "./roadmap";

type Thresholds = ScoredReport["national"]["thresholds"];

function dimensionView(result: DimensionResult, title: string, itemCount: number, thresholds: Thresholds, national: number | null = null): ReportDimension {
  const base = {
    id: result.dimensionId,
    levelId: result.levelId,
    title,
    items: itemCount,
    national,
    withheld: withheldOfCell(result, result.levelId, thresholds),
  };
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
    return {
      ...base,
      ...empty,
      status: "insufficient-data",
      respondents: result.respondents,
      itemsWithAnswers: result.coverage.itemsWithAnswers,
      flags: { lowConsensus: false, lowReliability: false, insufficientData: true },
    };
  }
  return {
    ...base,
    ...empty,
    status: "suppressed",
    respondents: null,
    itemsWithAnswers: null,
    flags: { lowConsensus: false, lowReliability: false, insufficientData: false },
  };
}

function itemView(result: ItemResult, question: string, thresholds: Thresholds): ReportItem {
  const base = {
    id: result.itemId,
    dimensionId: result.dimensionId,
    levelId: result.levelId,
    question,
    withheld: withheldOfCell(result, result.levelId, thresholds),
  };
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
  return {
    ...base,
    status: "suppressed",
    n: null,
    current: null,
    target: null,
    gap: null,
    importance: null,
    priority: null,
    sdCurrent: null,
    counts: null,
    notApplicable: null,
    dontKnow: null,
    seen: null,
    rank: null,
    flags: { knowledgeGap: false, lowConsensus: false },
  };
}

function levelFigures(level: LevelResult, thresholds: Thresholds) {
  if (level.status === "scored")
    return {
      status: "scored" as const,
      withheld: null,
      respondents: level.respondents,
      current: level.current,
      target: level.target,
      gap: level.gap,
      index: level.index,
      targetIndex: level.targetIndex,
    };
  return {
    status: level.status,
    withheld: withheldOfCell(level, level.levelId, thresholds),
    respondents: level.status === "insufficient-data" ? level.respondents : null,
    current: null,
    target: null,
    gap: null,
    index: null,
    targetIndex: null,
  };
}

/** An organisation's cell of a level it was not invited to answer: not asked, rather than hidden. */
function notInScope<T extends ReportDimension | ReturnType<typeof levelFigures>>(cell: T): T {
  return cell.status === "scored" || cell.status === "insufficient-data" ? cell : { ...cell, status: "not-in-scope", withheld: null };
}

export function localise(scored: ScoredReport, language: string): ReportModel {
  const { assessment, instrument, model, national, scope, organisation, organisationNames: organisationName, rates } = scored;
  const text = (key: string) => instrumentText(instrument, key, language);
  const dimensionTitle = (id: string) => text(`dimension.${id}.title`);
  const itemCount = new Map(model.levels.flatMap((l) => l.dimensions.map((d) => [d.id, d.items.length] as const)));
  const nationalCurrent = new Map(national.dimensions.map((d) => [d.dimensionId, d.status === "scored" ? d.current : null]));
  const thresholds = national.thresholds;
  // The levels each organisation was invited to answer: the others are not in its scope (not asked, not hidden).
  const invitedLevels = new Map(rates.organisations.map((o) => [o.organisationId, new Set(o.levels.filter((l) => l.invited > 0).map((l) => l.levelId))]));
  const isInScope = (organisationId: number, levelId: string) => invitedLevels.get(organisationId)?.has(levelId) ?? false;
  const isOwnScope = (levelId: string) => organisation === null || isInScope(organisation.id, levelId);
  const dimensions = scope.dimensions.map((d) => {
    const view = dimensionView(
      d,
      dimensionTitle(d.dimensionId),
      itemCount.get(d.dimensionId) ?? 0,
      thresholds,
      organisation ? (nationalCurrent.get(d.dimensionId) ?? null) : null,
    );
    return isOwnScope(d.levelId) ? view : notInScope(view);
  });
  const items = organisation ? [] : national.items.map((i) => itemView(i, text(`item.${i.itemId}.question`), thresholds));
  const byRank = <T extends { rank: number | null; status: string }>(list: T[]) =>
    list.filter((x) => x.status === "scored" && x.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));

  // Recommendations and the roadmap follow the validated figures where units are validated (method.md).
  const recommendationSource = scored.validation?.result ?? national;

  const progress: ReportModel["progress"] = scored.previous
    ? {
        previousAssessmentId: scored.previous.assessment.id,
        previousRound: scored.previous.assessment.roundLabel,
        dimensions: scored.previous.comparison.dimensions.map((d) => ({
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
      }
    : null;

  const peers: ReportModel["peers"] = scored.peers
    ? {
        group: scored.peers.group,
        groupLabel: peerGroupName(language, scored.peers.group),
        countries: scored.peers.countries.map((c) => countryName(language, c)),
        dimensions: scored.peers.comparison.dimensions.map((d) => ({
          id: d.dimensionId,
          levelId: d.levelId,
          title: dimensionTitle(d.dimensionId),
          country: nationalCurrent.get(d.dimensionId) ?? null,
          peer: d.status === "compared" ? d.peer.current : null,
          peerCountries: d.peerCountries,
        })),
      }
    : null;

  return {
    meta: {
      assessmentId: assessment.id,
      countryIso3: assessment.countryIso3,
      countryName: countryName(language, scored.country),
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      instrumentTitle: text("instrument.title"),
      roundLabel: assessment.roundLabel,
      status: assessment.status,
      language,
      direction: directionOf(language),
      generatedAt: scored.generatedAt,
      dataDate: scored.dataDate,
      isDraft: assessment.status !== "published",
      isDemo: assessment.isDemo,
      minGroupSize: national.thresholds.minGroupSize,
      individualMinGroupSize: national.thresholds.individualMinGroupSize,
      respondents: scored.respondents,
      organisation,
    },
    findings: wordFindings(scored.findings ?? [], language, {
      level: (id) => text(`level.${id}.title`),
      dimension: dimensionTitle,
      organisation: (id) => organisationName.get(id) ?? String(id),
      peerGroup: (code) => peerGroupName(language, code),
    }),
    scale: instrument.scale.map((s) => ({ value: s.value, label: text(`scale.${s.value}.label`), description: text(`scale.${s.value}.description`) })),
    importance: instrument.importance.map((s) => ({ value: s.value, label: text(`importance.${s.value}.label`) })),
    severityThresholds: { ...instrument.severity },
    // The engine withholds the overall index when every level is withheld (levels not asked count as withheld: no one
    // answered them), so an organisation whose levels in scope are all hidden is "suppressed", not scored with no index.
    overall: {
      status: scope.overall.status,
      withheld: withheldOfCell(scope.overall, null, thresholds),
      index: scope.overall.status === "scored" ? scope.overall.index : null,
    },
    levels: model.levels.map((level) => {
      const result = scope.levels.find((l) => l.levelId === level.id)!;
      const figures = levelFigures(result, thresholds);
      return {
        id: level.id,
        title: text(`level.${level.id}.title`),
        description: text(`level.${level.id}.description`),
        ...(isOwnScope(level.id) ? figures : notInScope(figures)),
        dimensions: dimensions.filter((d) => d.levelId === level.id),
      };
    }),
    rankedDimensions: byRank(dimensions),
    rankedItems: byRank(items),
    items,
    heatmap: {
      dimensions: model.levels.flatMap((l) => l.dimensions.map((d) => ({ id: d.id, levelId: l.id, title: dimensionTitle(d.id) }))),
      rows: national.organisations
        .filter((o) => !organisation || o.organisationId === organisation.id)
        .map((o) => ({
          organisationId: o.organisationId,
          name: organisationName.get(o.organisationId) ?? String(o.organisationId),
          status: o.status === "scored" ? ("scored" as const) : ("suppressed" as const),
          withheld: withheldOfCell(o, null, thresholds),
          cells: model.levels.flatMap((l) =>
            l.dimensions.map((d) => {
              const cell = o.status === "scored" ? o.dimensions.find((x) => x.dimensionId === d.id) : undefined;
              if (!cell || cell.status !== "scored") {
                if (!isInScope(o.organisationId, l.id))
                  return { dimensionId: d.id, status: "not-in-scope" as const, withheld: null, current: null, gap: null, severity: null };
                return {
                  dimensionId: d.id,
                  status: cell?.status ?? ("suppressed" as const),
                  withheld: cell ? withheldOfCell(cell, l.id, thresholds) : null,
                  current: null,
                  gap: null,
                  severity: null,
                };
              }
              return { dimensionId: d.id, status: "scored" as const, withheld: null, current: cell.current, gap: cell.gap, severity: cell.severity };
            }),
          ),
        })),
    },
    // Every action once: under its best-ranked dimension, naming the other gaps it addresses (method.md).
    recommendations: listActionsOnce(organisation ? [] : recommendationSource.recommendations, sameActionOf(scored.instrument)).map(
      ({ recommendation: r, actions }) => ({
        dimensionId: r.dimensionId,
        dimensionTitle: dimensionTitle(r.dimensionId),
        levelId: r.levelId,
        severity: r.severity,
        rank: r.dimensionRank,
        actions: actions.map(({ action: a, alsoAddresses }) => ({
          id: a.id,
          text: text(`action.${a.id}.text`),
          horizon: a.horizon,
          alsoAddresses: alsoAddresses.map((id) => ({ dimensionId: id, dimensionTitle: dimensionTitle(id) })),
        })),
      }),
    ),
    roadmap: Object.fromEntries(
      (["short", "medium", "long"] as const).map((h) => [
        h,
        (organisation ? [] : recommendationSource.roadmap[h]).map((e) => ({
          actionId: e.actionId,
          text: text(`action.${e.actionId}.text`),
          dimensionId: e.dimensionId,
          dimensionTitle: dimensionTitle(e.dimensionId),
          severity: e.severity,
          dimensionRank: e.dimensionRank,
        })),
      ]),
    ) as ReportModel["roadmap"],
    prioritisedRoadmap: scored.roadmap
      ? {
          horizons: scored.roadmap.horizons.map((h) => ({
            horizon: h.horizon,
            cap: h.cap,
            actions: h.actions.map((a) => ({
              actionId: a.actionId,
              text: text(`action.${a.actionId}.text`),
              severity: a.severity,
              gaps: a.gaps.map((g) => ({ ...g, dimensionTitle: dimensionTitle(g.dimensionId) })),
            })),
          })),
        }
      : null,
    responseRates: {
      overall: rates.overall,
      organisations: rates.organisations.map((o) => ({
        organisationId: o.organisationId,
        name: organisationName.get(o.organisationId) ?? String(o.organisationId),
        invited: o.invited,
        started: o.started,
        submitted: o.submitted,
        rate: o.rate,
        lowResponse: o.lowResponse,
      })),
      levels: rates.levels.map((l) => ({ ...l, title: text(`level.${l.levelId}.title`) })),
    },
    progress,
    peers,
    breakdown: null,
    comments: [],
    validation: validationView(scored, dimensionTitle, countryName(language, scored.country)),
    evidence: evidenceView(scored.evidence, (id) => text(`level.${id}.title`), dimensionTitle),
  };
}

/** The counts a share is read from, and the share itself (null over no rating). */
const shareFields = ({ answered, evidenced }: { answered: number; evidenced: number }) => ({
  answered,
  evidenced,
  share: answered > 0 ? evidenced / answered : null,
});

/** The evidence share worded: titles for its levels and dimensions, shares as ratios (null over no rating). */
function evidenceView(
  evidence: ScoredReport["evidence"] | undefined,
  levelTitle: (id: string) => string,
  dimensionTitle: (id: string) => string,
): ReportModel["evidence"] {
  if (!evidence) return null;
  return {
    ...shareFields(evidence.counts),
    levels: evidence.levels.map((level) => ({
      id: level.levelId,
      title: levelTitle(level.levelId),
      ...shareFields(level.counts),
      dimensions: level.dimensions.map((d) => ({
        id: d.dimensionId,
        title: dimensionTitle(d.dimensionId),
        shown: d.shown,
        ...(d.counts ? shareFields(d.counts) : { answered: 0, evidenced: 0, share: null }),
        rated: d.counts?.rated ?? 0,
        sufficient: d.counts?.sufficient ?? 0,
      })),
    })),
  };
}
