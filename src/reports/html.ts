// Turns the report model into what the report page template shows: charts as Chart.js configurations (JSON for
// report.js), percentages for the distribution bars, and flags as words. Views then only loop and print.
import type { Translator } from "../i18n/translate";
import { chartLabels } from "./chart-labels";
import { reportCharts, toChartJs, type ChartDefinition } from "./charts";
import { hasPeerComparison, type ReportModel } from "./model";

export interface ChartView {
  id: string;
  title: string;
  summary: string;
  config: string;
  isRadar: boolean;
}

function chartView(chart: ChartDefinition): ChartView {
  return { id: chart.id, title: chart.title, summary: chart.summary, config: JSON.stringify(toChartJs(chart)), isRadar: chart.type === "radar" };
}

export function reportPageView(model: ReportModel, translator: Translator) {
  const charts = reportCharts(model, chartLabels(translator, model.meta.language));
  const byId = new Map(charts.map((c) => [c.id, chartView(c)]));
  const scaleValues = model.scale.map((s) => s.value);
  return {
    levels: model.levels.map((level) => ({ ...level, chart: byId.get(`radar-${level.id}`) ?? null })),
    gapsChart: byId.get("ranked-gaps") ?? null,
    progressChart: byId.get("progress") ?? null,
    peersChart: byId.get("peers") ?? null,
    hasPeerComparison: hasPeerComparison(model.peers),
    topItems: model.rankedItems.slice(0, 25),
    distribution: model.levels.map((level) => ({
      title: level.title,
      dimensions: level.dimensions.map((dimension) => ({
        title: dimension.title,
        items: model.items
          .filter((item) => item.dimensionId === dimension.id)
          .map((item) => {
            const total = item.counts ? item.counts.reduce((a, b) => a + b, 0) + (item.dontKnow ?? 0) + (item.notApplicable ?? 0) : 0;
            return {
              ...item,
              cells: scaleValues.map((v, index) => ({
                value: v,
                count: item.counts?.[index] ?? null,
                percent: total && item.counts ? Math.round((item.counts[index] / total) * 100) : 0,
              })),
              dontKnowPercent: total ? Math.round(((item.dontKnow ?? 0) / total) * 100) : 0,
            };
          }),
      })),
    })),
    heatmapColumns: model.heatmap.dimensions,
    hasHeatmap: model.heatmap.rows.length > 0,
    roadmap: (["short", "medium", "long"] as const).map((horizon) => ({ horizon, entries: model.roadmap[horizon] })),
    hasRoadmap: model.roadmap.short.length + model.roadmap.medium.length + model.roadmap.long.length > 0,
  };
}
