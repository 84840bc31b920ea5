// The report's outline: the ordered list of its sections, each with the data it shows (charts included). The HTML
// page (views/partials/report/<kind>.hbs) and the PDF (pdf/sections/<kind>.ts) both iterate over it, so the two
// carry the same sections in the same order. What only one medium has is its frame, not a section: the PDF's cover
// and contents page, the page's language links and peer-group chooser.
import type { Translator } from "../i18n/translate";
import { chartLabels } from "./chart-labels";
import { distributionChart, levelRadar, peerChart, progressChart, rankedGapsChart, validationChart, type ChartDefinition } from "./charts";
import { levelShadeOf, levelShadeRanges } from "./level-shade";
import { hasPeerComparison, type ReportDimension, type ReportItem, type ReportLevel, type ReportModel } from "./model";

const horizons = ["short", "medium", "long"] as const;

/** One item's answers as counts and shares of everyone who saw it (scale values, then don't know and not applicable). */
export interface DistributionRow extends ReportItem {
  cells: { value: number; count: number | null; share: number }[];
  dontKnowShare: number;
  notApplicableShare: number;
}

export interface DistributionDimension {
  id: string;
  title: string;
  items: DistributionRow[];
  /** The stacked bars of the dimension's scored items (null when none is scored). */
  chart: ChartDefinition | null;
}

export interface HeatmapGroup {
  levelId: string;
  title: string;
  /** Positions of the level's dimensions in `heatmap.dimensions` and in each row's cells. */
  columns: number[];
}

/** One level's part of the page's heatmap: its dimensions by short code (the page prints one table per level). */
export interface HeatmapTable {
  title: string;
  columns: { index: number; code: string; title: string }[];
}

/** A grid's cells as the page shades them: each scored cell's shade (level-shade.ts), null for the others. */
type Shaded<Row extends { cells: { status: string; current: number | null }[] }> = Row & { shades: (number | null)[] };

function shaded<Row extends { cells: { status: string; current: number | null }[] }>(rows: Row[]): Shaded<Row>[] {
  return rows.map((row) => ({
    ...row,
    shades: row.cells.map((cell) => (cell.status === "scored" && cell.current !== null ? levelShadeOf(cell.current) : null)),
  }));
}

/** The legend under a shaded grid: each shade and the printed values it stands for. */
export type ShadeRange = ReturnType<typeof levelShadeRanges>[number];

interface Heading {
  /** The anchor on the page and the name of the section's partial and PDF module (with `kind`). */
  id: string;
  title: string;
  /** The PDF's heading where the printed report names the section differently (summary, annex). */
  printTitle?: string;
}

export type ReportSection = Heading &
  (
    | { kind: "overview"; findings: ReportModel["findings"] }
    | { kind: "level"; level: ReportLevel; chart: ChartDefinition | null }
    | { kind: "gaps"; chart: ChartDefinition | null; dimensions: ReportDimension[]; items: ReportItem[] }
    | {
        kind: "heatmap";
        heatmap: ReportModel["heatmap"];
        groups: HeatmapGroup[];
        codes: string[];
        tables: HeatmapTable[];
        rows: Shaded<ReportModel["heatmap"]["rows"][number]>[];
        shadeRanges: ShadeRange[];
      }
    | {
        kind: "breakdown";
        breakdown: NonNullable<ReportModel["breakdown"]>;
        groups: HeatmapGroup[];
        rows: Shaded<NonNullable<ReportModel["breakdown"]>["rows"][number]>[];
        shadeRanges: ShadeRange[];
      }
    | { kind: "distribution"; levels: { id: string; title: string; dimensions: DistributionDimension[] }[] }
    | {
        kind: "recommendations";
        /** The prioritised roadmap, each horizon cut at its cap; null in reports frozen before it existed. */
        priorities: RoadmapHorizon[] | null;
        /** Reports frozen before the prioritised roadmap: the recommendations by dimension and the flat roadmap, as then. */
        recommendations: ReportModel["recommendations"];
        roadmap: { horizon: (typeof horizons)[number]; entries: ReportModel["roadmap"]["short"] }[] | null;
        /** Distinct actions the annex lists (0: no annex). */
        annexActions: number;
      }
    | { kind: "actions"; horizons: RoadmapHorizon[]; recommendations: ReportModel["recommendations"] }
    | { kind: "progress"; progress: NonNullable<ReportModel["progress"]>; chart: ChartDefinition | null }
    | { kind: "peers"; peers: ReportModel["peers"]; hasComparison: boolean; chart: ChartDefinition | null }
    | { kind: "response-rates"; responseRates: ReportModel["responseRates"] }
    | { kind: "comments"; comments: ReportModel["comments"] }
    | { kind: "validation"; validation: NonNullable<ReportModel["validation"]>; chart: ChartDefinition | null; showsRationales: boolean }
    | { kind: "evidence"; evidence: NonNullable<ReportModel["evidence"]> }
    | { kind: "methodology" }
  );

type PrioritisedHorizon = NonNullable<ReportModel["prioritisedRoadmap"]>["horizons"][number];
/** A horizon of the prioritised roadmap: its actions (all of them in the annex, the first `cap` in the roadmap) and how many there are. */
export interface RoadmapHorizon {
  horizon: PrioritisedHorizon["horizon"];
  actions: PrioritisedHorizon["actions"];
  total: number;
  /** Actions of the horizon left to the annex by the cap. */
  inAnnex: number;
}

export type ReportSectionKind = ReportSection["kind"];
export type SectionOf<K extends ReportSectionKind> = Extract<ReportSection, { kind: K }>;

export interface OutlineOptions {
  /** Comments are in the model only when the reader may see them and asked for them; the PDF may still leave them out. */
  includeComments?: boolean;
  /** Questions listed in the priority gaps section. */
  topItems?: number;
}

function distributionRow(item: ReportItem, scaleValues: readonly number[]): DistributionRow {
  const counts = item.counts;
  const total = counts ? counts.reduce((a, b) => a + b, 0) + (item.dontKnow ?? 0) + (item.notApplicable ?? 0) : 0;
  const share = (count: number | null) => (total && count !== null ? count / total : 0);
  return {
    ...item,
    cells: scaleValues.map((value, index) => ({ value, count: counts?.[index] ?? null, share: share(counts?.[index] ?? null) })),
    dontKnowShare: share(item.dontKnow),
    notApplicableShare: share(item.notApplicable),
  };
}

/**
 * The sections of `model`, in reading order. The organisation's own report leaves out what only the national
 * report has (the organisations, the answers question by question, recommendations, progress and peers); the
 * model leaves those empty for it anyway.
 */
export function reportOutline(model: ReportModel, translator: Translator, options: OutlineOptions = {}): ReportSection[] {
  const language = model.meta.language;
  const t = (key: string) => translator.t(language, key);
  const labels = chartLabels(translator, language);
  const isNational = model.meta.organisation === null;
  const scaleValues = model.scale.map((s) => s.value);
  // The full list of actions, when there is one, is an annex, just before the methodology.
  let annex: SectionOf<"actions"> | null = null;
  const sections: ReportSection[] = [
    { kind: "overview", id: "overview", title: t("report.overview"), printTitle: t("pdf.executiveSummary"), findings: model.findings },
  ];
  for (const level of model.levels)
    sections.push({ kind: "level", id: `level-${level.id}`, title: level.title, level, chart: levelRadar(model, level.id, labels) });
  sections.push({
    kind: "gaps",
    id: "gaps",
    title: t("report.rankedGaps"),
    chart: rankedGapsChart(model, labels),
    dimensions: model.rankedDimensions,
    items: model.rankedItems.slice(0, options.topItems ?? 25),
  });
  if (model.validation) {
    const chart = validationChart(model, {
      title: t("report.validation.chart"),
      self: t("report.validation.self"),
      validated: t("report.validation.validated"),
    });
    // Rationales, like comments, are in the model only when a reader allowed to see them asked for them.
    const showsRationales = model.validation.disagreements.some((d) => d.rationale !== null);
    sections.push({ kind: "validation", id: "validation", title: t("report.validation.title"), validation: model.validation, chart, showsRationales });
  }
  // Only where respondents attached evidence: an assessment without any has nothing to say here.
  if (model.evidence && model.evidence.answered > 0)
    sections.push({ kind: "evidence", id: "evidence", title: t("report.evidence.title"), evidence: model.evidence });
  if (model.breakdown) {
    const { breakdown } = model;
    const groups = model.levels.map((level) => ({
      levelId: level.id,
      title: level.title,
      columns: breakdown.dimensions.flatMap((d, index) => (d.levelId === level.id ? [index] : [])),
    }));
    sections.push({
      kind: "breakdown",
      id: "breakdown",
      title: translator.t(language, "report.breakdown.title", { question: breakdown.question }),
      breakdown,
      groups: groups.filter((g) => g.columns.length > 0),
      rows: shaded(breakdown.rows),
      shadeRanges: levelShadeRanges(),
    });
  }
  if (isNational) {
    const groups = model.levels.map((level) => ({
      levelId: level.id,
      title: level.title,
      columns: model.heatmap.dimensions.flatMap((d, index) => (d.levelId === level.id ? [index] : [])),
    }));
    // Short column heads (the level's initial and the dimension's place in it: I1, O3), so the table fits a laptop.
    const { dimensions } = model.heatmap;
    // A level's prefix is its initial, or its initial and a later letter when another level took it (Institutional I,
    // Individual IN).
    const prefixes = new Map<string, string>();
    for (const levelId of new Set(dimensions.map((d) => d.levelId))) {
      const word = levelId.toUpperCase();
      const taken = new Set(prefixes.values());
      const prefix = [word.charAt(0), ...[...word.slice(1)].map((letter) => word.charAt(0) + letter)].find((p) => !taken.has(p)) ?? word;
      prefixes.set(levelId, prefix);
    }
    const codes = dimensions.map((d, index) => `${prefixes.get(d.levelId)}${dimensions.slice(0, index + 1).filter((o) => o.levelId === d.levelId).length}`);
    sections.push({
      kind: "heatmap",
      id: "heatmap",
      title: t("report.heatmap"),
      heatmap: model.heatmap,
      groups: groups.filter((g) => g.columns.length > 0),
      rows: shaded(model.heatmap.rows),
      shadeRanges: levelShadeRanges(),
      codes,
      tables: groups
        .filter((g) => g.columns.length > 0)
        .map((g) => ({ title: g.title, columns: g.columns.map((index) => ({ index, code: codes[index], title: dimensions[index].title })) })),
    });
    sections.push({
      kind: "distribution",
      id: "distribution",
      title: t("report.distribution"),
      levels: model.levels.map((level) => ({
        id: level.id,
        title: level.title,
        dimensions: level.dimensions.map((dimension) => {
          const items = model.items.filter((item) => item.dimensionId === dimension.id).map((item) => distributionRow(item, scaleValues));
          return { id: dimension.id, title: dimension.title, items, chart: distributionChart(model, dimension.title, items, labels) };
        }),
      })),
    });
    const prioritised = model.prioritisedRoadmap;
    const hasRoadmap = horizons.some((h) => model.roadmap[h].length > 0);
    const annexActions = prioritised ? prioritised.horizons.reduce((sum, h) => sum + h.actions.length, 0) : 0;
    sections.push({
      kind: "recommendations",
      id: "recommendations",
      title: t("report.recommendations"),
      priorities:
        prioritised &&
        prioritised.horizons.map((h) => ({
          horizon: h.horizon,
          actions: h.actions.slice(0, h.cap),
          total: h.actions.length,
          inAnnex: Math.max(0, h.actions.length - h.cap),
        })),
      recommendations: prioritised ? [] : model.recommendations,
      roadmap: !prioritised && hasRoadmap ? horizons.map((horizon) => ({ horizon, entries: model.roadmap[horizon] })) : null,
      annexActions,
    });
    if (prioritised && annexActions > 0)
      annex = {
        kind: "actions",
        id: "actions",
        title: t("report.actionsAnnex"),
        printTitle: t("pdf.actionsAnnex"),
        horizons: prioritised.horizons.map((h) => ({ horizon: h.horizon, actions: h.actions, total: h.actions.length, inAnnex: 0 })),
        recommendations: model.recommendations,
      };
    if (model.progress)
      sections.push({ kind: "progress", id: "progress", title: t("report.progress"), progress: model.progress, chart: progressChart(model, labels) });
    sections.push({
      kind: "peers",
      id: "peers",
      title: t("report.peers"),
      peers: model.peers,
      hasComparison: hasPeerComparison(model.peers),
      chart: peerChart(model, labels),
    });
  }
  sections.push({ kind: "response-rates", id: "response-rates", title: t("report.responseRates"), responseRates: model.responseRates });
  if ((options.includeComments ?? true) && model.comments.length > 0)
    sections.push({ kind: "comments", id: "comments", title: t("report.comments"), comments: model.comments });
  if (annex) sections.push(annex);
  sections.push({ kind: "methodology", id: "methodology", title: t("report.methodology"), printTitle: t("pdf.annex") });
  return sections;
}
