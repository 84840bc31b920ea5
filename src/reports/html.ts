// Turns the report outline into what the report page's section partials show (views/partials/report/<kind>.hbs):
// charts as Chart.js configurations (JSON for report.js), and flags as words. Views then only loop and print.
import type { Translator } from "../i18n/translate";
import { toChartJs, type ChartDefinition } from "./charts";
import type { ReportModel } from "./model";
import { reportOutline, type ReportSection } from "./outline";

export interface ChartView {
  id: string;
  title: string;
  summary: string;
  config: string;
  isRadar: boolean;
}

function chartView(chart: ChartDefinition | null): ChartView | null {
  return chart && { id: chart.id, title: chart.title, summary: chart.summary, config: JSON.stringify(toChartJs(chart)), isRadar: chart.type === "radar" };
}

/** A section with its chart (if any) ready for Chart.js; the partial is named after `kind`. */
export type SectionView = Omit<ReportSection, "chart"> & { partial: string; chart?: ChartView | null };

export function reportPageView(model: ReportModel, translator: Translator): { sections: SectionView[] } {
  const sections = reportOutline(model, translator).map((section): SectionView => {
    const view = { ...section, partial: `report/${section.kind}` } as SectionView;
    if ("chart" in section) view.chart = chartView(section.chart);
    return view;
  });
  return { sections };
}
