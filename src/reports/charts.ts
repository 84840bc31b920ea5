// The one module of chart definitions: Chart.js configurations built from the report model. The HTML report hands
// them to Chart.js in the browser; the PDF draws the same configurations as vectors (pdf/charts.ts).
import type { ReportModel } from "./model";

/** Colour-blind-safe pair (Okabe–Ito blue and vermillion) that also differ in lightness when printed in grey. */
export const chartColours = {
  current: "#0072B2",
  target: "#D55E00",
  peer: "#E69F00",
  previous: "#999999",
  gap: "#CC79A7",
  grid: "#c9d1da",
  text: "#1b1f24",
} as const;

export interface ChartDataset {
  label: string;
  data: (number | null)[];
  borderColor: string;
  backgroundColor: string;
  /** Dashed lines and hatching tell series apart without colour (PDF and print). */
  borderDash?: number[];
  pattern?: "solid" | "hatch" | "dots";
  pointStyle?: "circle" | "rect" | "triangle";
}

export interface ChartDefinition {
  id: string;
  title: string;
  type: "radar" | "bar";
  /** Bars run horizontally when true (long dimension names). */
  horizontal?: boolean;
  /** Each label's bars stand end to end (shares of a whole) instead of side by side. */
  stacked?: boolean;
  labels: string[];
  datasets: ChartDataset[];
  min: number;
  max: number;
  /** Right-to-left reports mirror axes and legends. */
  rtl: boolean;
  /** Text alternative: what the chart shows, for screen readers and when charts cannot be drawn. */
  summary: string;
}

export interface ChartLabels {
  current: string;
  target: string;
  gap: string;
  peer: string;
  previous: string;
  radarTitle: (levelTitle: string) => string;
  radarSummary: (levelTitle: string, strongest: string, weakest: string) => string;
  gapsTitle: string;
  gapsSummary: (top: string) => string;
  peersTitle: (group: string) => string;
  progressTitle: (previousRound: string) => string;
  dontKnow: string;
  notApplicable: string;
  distributionTitle: (dimensionTitle: string) => string;
  distributionSummary: string;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export function levelRadar(model: ReportModel, levelId: string, labels: ChartLabels): ChartDefinition | null {
  const level = model.levels.find((l) => l.id === levelId);
  if (!level) return null;
  const scored = level.dimensions.filter((d) => d.status === "scored");
  if (scored.length < 3) return null;
  const sorted = [...scored].sort((a, b) => (b.current ?? 0) - (a.current ?? 0));
  return {
    id: `radar-${level.id}`,
    title: labels.radarTitle(level.title),
    type: "radar",
    labels: level.dimensions.map((d) => d.title),
    datasets: [
      {
        label: labels.current,
        data: level.dimensions.map((d) => round(d.current)),
        borderColor: chartColours.current,
        backgroundColor: "rgba(0,114,178,0.18)",
        pattern: "solid",
        pointStyle: "circle",
      },
      {
        label: labels.target,
        data: level.dimensions.map((d) => round(d.target)),
        borderColor: chartColours.target,
        backgroundColor: "rgba(213,94,0,0.06)",
        borderDash: [6, 4],
        pattern: "hatch",
        pointStyle: "rect",
      },
    ],
    min: 0,
    max: 5,
    rtl: model.meta.direction === "rtl",
    summary: labels.radarSummary(level.title, sorted[0].title, sorted[sorted.length - 1].title),
  };
}

export function rankedGapsChart(model: ReportModel, labels: ChartLabels, limit = 10): ChartDefinition | null {
  const top = model.rankedDimensions.slice(0, limit);
  if (top.length === 0) return null;
  return {
    id: "ranked-gaps",
    title: labels.gapsTitle,
    type: "bar",
    horizontal: true,
    labels: top.map((d) => d.title),
    datasets: [
      {
        label: labels.current,
        data: top.map((d) => round(d.current)),
        borderColor: chartColours.current,
        backgroundColor: chartColours.current,
        pattern: "solid",
      },
      { label: labels.target, data: top.map((d) => round(d.target)), borderColor: chartColours.target, backgroundColor: chartColours.target, pattern: "hatch" },
    ],
    min: 0,
    max: 5,
    rtl: model.meta.direction === "rtl",
    summary: labels.gapsSummary(top[0].title),
  };
}

export function peerChart(model: ReportModel, labels: ChartLabels): ChartDefinition | null {
  const peers = model.peers;
  if (!peers) return null;
  const rows = peers.dimensions.filter((d) => d.peer !== null && d.country !== null);
  if (rows.length === 0) return null;
  return {
    id: "peers",
    title: labels.peersTitle(peers.groupLabel),
    type: "bar",
    horizontal: true,
    labels: rows.map((d) => d.title),
    datasets: [
      {
        label: model.meta.countryName,
        data: rows.map((d) => round(d.country)),
        borderColor: chartColours.current,
        backgroundColor: chartColours.current,
        pattern: "solid",
      },
      { label: labels.peer, data: rows.map((d) => round(d.peer)), borderColor: chartColours.peer, backgroundColor: chartColours.peer, pattern: "dots" },
    ],
    min: 0,
    max: 5,
    rtl: model.meta.direction === "rtl",
    summary: labels.peersTitle(peers.groupLabel),
  };
}

export function progressChart(model: ReportModel, labels: ChartLabels): ChartDefinition | null {
  const progress = model.progress;
  if (!progress || progress.dimensions.length === 0) return null;
  return {
    id: "progress",
    title: labels.progressTitle(progress.previousRound),
    type: "bar",
    horizontal: true,
    labels: progress.dimensions.map((d) => d.title),
    datasets: [
      {
        label: progress.previousRound,
        data: progress.dimensions.map((d) => round(d.previous)),
        borderColor: chartColours.previous,
        backgroundColor: chartColours.previous,
        pattern: "dots",
      },
      {
        label: model.meta.roundLabel,
        data: progress.dimensions.map((d) => round(d.current)),
        borderColor: chartColours.current,
        backgroundColor: chartColours.current,
        pattern: "solid",
      },
    ],
    min: 0,
    max: 5,
    rtl: model.meta.direction === "rtl",
    summary: labels.progressTitle(progress.previousRound),
  };
}

/** Self-assessed against validated current level per dimension (the validated bars only where they differ in source). */
export function validationChart(model: ReportModel, labels: { title: string; self: string; validated: string }): ChartDefinition | null {
  const validation = model.validation;
  if (!validation) return null;
  const shown = validation.dimensions.filter((d) => d.self !== null && d.validated !== null);
  if (shown.length === 0) return null;
  return {
    id: "validation",
    title: labels.title,
    type: "bar",
    horizontal: true,
    labels: shown.map((d) => d.title),
    datasets: [
      {
        label: labels.self,
        data: shown.map((d) => round(d.self!)),
        borderColor: chartColours.previous,
        backgroundColor: chartColours.previous,
        pattern: "dots",
      },
      {
        label: labels.validated,
        data: shown.map((d) => round(d.validated!)),
        borderColor: chartColours.current,
        backgroundColor: chartColours.current,
        pattern: "solid",
      },
    ],
    min: 0,
    max: 5,
    rtl: model.meta.direction === "rtl",
    summary: labels.title,
  };
}

/** Light to dark blue, one step per scale value: the order of the levels reads in grey print too. */
function sequentialBlue(steps: number): string[] {
  const light = [222, 235, 247];
  const dark = [8, 48, 107];
  return Array.from({ length: steps }, (_, i) => {
    const f = steps === 1 ? 1 : i / (steps - 1);
    return `#${light
      .map((l, c) =>
        Math.round(l + (dark[c] - l) * f)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")}`;
  });
}

/** What one distribution row needs: the item's question, whether it is scored, and its shares of answers. */
export interface DistributionShares {
  question: string;
  status: "scored" | "suppressed";
  cells: { share: number }[];
  dontKnowShare: number;
  notApplicableShare: number;
}

/**
 * The answers to a dimension's questions as stacked bars, in percent of everyone who saw each question: one segment
 * per scale value, then don't know and not applicable. Suppressed questions are left out (their counts are hidden).
 */
export function distributionChart(
  model: ReportModel,
  dimensionTitle: string,
  items: readonly DistributionShares[],
  labels: ChartLabels,
): ChartDefinition | null {
  const scored = items.filter((i) => i.status === "scored");
  if (scored.length === 0) return null;
  const percent = (share: number) => Math.round(share * 1000) / 10;
  const blues = sequentialBlue(model.scale.length);
  return {
    id: `distribution-${dimensionTitle}`,
    title: labels.distributionTitle(dimensionTitle),
    type: "bar",
    horizontal: true,
    stacked: true,
    labels: scored.map((i) => i.question),
    datasets: [
      ...model.scale.map((step, index) => ({
        label: `${step.value} ${step.label}`,
        data: scored.map((i) => percent(i.cells[index]?.share ?? 0)),
        borderColor: blues[index],
        backgroundColor: blues[index],
        pattern: "solid" as const,
      })),
      {
        label: labels.dontKnow,
        data: scored.map((i) => percent(i.dontKnowShare)),
        borderColor: "#9e9e9e",
        backgroundColor: "#9e9e9e",
        pattern: "hatch" as const,
      },
      {
        label: labels.notApplicable,
        data: scored.map((i) => percent(i.notApplicableShare)),
        borderColor: "#bdbdbd",
        backgroundColor: "#d9d9d9",
        pattern: "dots" as const,
      },
    ],
    min: 0,
    max: 100,
    rtl: model.meta.direction === "rtl",
    summary: labels.distributionSummary,
  };
}

/** Every chart of a report, in reading order. */
export function reportCharts(model: ReportModel, labels: ChartLabels): ChartDefinition[] {
  return [
    ...model.levels.map((l) => levelRadar(model, l.id, labels)),
    rankedGapsChart(model, labels),
    progressChart(model, labels),
    peerChart(model, labels),
  ].filter((c): c is ChartDefinition => c !== null);
}

/** The Chart.js configuration for a definition (what the browser renders). */
export function toChartJs(chart: ChartDefinition): Record<string, unknown> {
  const scale = { min: chart.min, max: chart.max, ticks: { stepSize: 1 }, grid: { color: chartColours.grid } };
  return {
    type: chart.type,
    data: {
      labels: chart.labels,
      datasets: chart.datasets.map((d) => ({
        label: d.label,
        data: d.data,
        borderColor: d.borderColor,
        backgroundColor: d.backgroundColor,
        borderDash: d.borderDash,
        pointStyle: d.pointStyle,
        borderWidth: 2,
        fill: chart.type === "radar",
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: chart.type === "radar",
      animation: false,
      indexAxis: chart.horizontal ? "y" : "x",
      locale: undefined,
      plugins: {
        legend: { position: "bottom", rtl: chart.rtl, labels: { usePointStyle: true } },
        title: { display: false },
        tooltip: { rtl: chart.rtl },
      },
      scales:
        chart.type === "radar"
          ? { r: { ...scale, pointLabels: { font: { size: 12 } } } }
          : chart.horizontal
            ? { x: { ...scale, reverse: chart.rtl }, y: { position: chart.rtl ? "right" : "left" } }
            : { y: scale, x: { reverse: chart.rtl } },
    },
  };
}
