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

/** Views of kept (frozen, shared) models: built once per model, as the model itself is kept (cache.ts). */
const viewsOfKeptModels = new WeakMap<ReportModel, { sections: SectionView[] }>();

export function reportPageView(model: ReportModel, translator: Translator): { sections: SectionView[] } {
  if (!Object.isFrozen(model)) return buildView(model, translator);
  let view = viewsOfKeptModels.get(model);
  if (!view) viewsOfKeptModels.set(model, (view = buildView(model, translator)));
  return view;
}

function buildView(model: ReportModel, translator: Translator): { sections: SectionView[] } {
  const sections = reportOutline(model, translator).map((section): SectionView => {
    const view = { ...section, partial: `report/${section.kind}` } as SectionView;
    if ("chart" in section) view.chart = chartView(section.chart);
    return view;
  });
  return { sections };
}

/** Rendered sections of kept models, per variant of the page (staff, shared link): the page's costly part, once. */
const sectionsOfKeptModels = new WeakMap<ReportModel, Map<string, Buffer>>();

/** Where the sections go in the rendered page (written as is in views/reports/show.hbs); escaped text can never contain it. */
export const SECTIONS_PLACE = "<!--cna:report-sections-->";

/**
 * The report's contents and sections as UTF-8 bytes (views/reports/sections.hbs). They depend on the model and the
 * variant only, never on the reader, so a kept model's are rendered and encoded once; each view then renders only the
 * reader's parts (header, actions) around them. A 200 KB page sent this way costs a copy, not a render, a flattening
 * and an encoding of its 200 KB each time.
 */
export function reportSections(model: ReportModel, variant: string, render: () => string): Buffer {
  if (!Object.isFrozen(model)) return Buffer.from(render(), "utf8");
  let byVariant = sectionsOfKeptModels.get(model);
  if (!byVariant) sectionsOfKeptModels.set(model, (byVariant = new Map()));
  let bytes = byVariant.get(variant);
  if (bytes === undefined) byVariant.set(variant, (bytes = Buffer.from(render(), "utf8")));
  return bytes;
}

/** The page rendered around SECTIONS_PLACE, with the sections' bytes in its place. */
export function withSections(page: string, sections: Buffer): Buffer {
  const at = page.indexOf(SECTIONS_PLACE);
  if (at < 0) throw new Error("the report page has no place for its sections");
  return Buffer.concat([Buffer.from(page.slice(0, at), "utf8"), sections, Buffer.from(page.slice(at + SECTIONS_PLACE.length), "utf8")]);
}
