// What every PDF section draws with: the flow of pages, the typesetter, the chart painter, and the report's
// language for words and numbers. Built once per document by render.ts and handed to each section module.
import type {} from "pdfkit";
import { formatNumber, formatPercent } from "../../i18n/format";
import type { Translator } from "../../i18n/translate";
import type { ChartDefinition } from "../charts";
import type { ReportDimension, ReportModel } from "../model";
import { notShownMessage, type NotShown } from "../withheld";
import { ChartPainter } from "./charts";
import { type Cell, Flow, page, palette } from "./document";
import type { Typesetter } from "./typesetter";

export type Severity = NonNullable<ReportDimension["severity"]>;

/** Light backgrounds for severity cells; the cell also names the severity, so nothing depends on the colour. */
export const severityFill: Record<Severity, string> = {
  critical: "#f4c7c3",
  high: "#fbdcbf",
  moderate: "#fcefc2",
  low: "#dcefd9",
  none: "#eceff3",
};

export interface PdfContext {
  doc: PDFKit.PDFDocument;
  model: ReportModel;
  flow: Flow;
  ts: Typesetter;
  painter: ChartPainter;
  rtl: boolean;
  /** A catalogue text in the report's language. */
  t: (key: string, params?: Record<string, unknown>) => string;
  /** A number in the report's language, "—" when there is none. */
  num: (value: number | null | undefined, digits?: number) => string;
  percent: (ratio: number | null) => string;
  severityCell: (severity: Severity | null) => Cell;
  /** Why a figure is not shown: the confidentiality rule that hid it, insufficient data, or not in scope. */
  statusNote: (cell: NotShown, subject?: "group" | "item") => string;
  levelTitle: (levelId: string) => string;
  /** A chart with its title and summary, split over pages when it is too long for the room left. */
  chart: (definition: ChartDefinition | null) => void;
}

export function pdfContext(doc: PDFKit.PDFDocument, ts: Typesetter, model: ReportModel, translator: Translator): PdfContext {
  const language = model.meta.language;
  const t = (key: string, params?: Record<string, unknown>) => translator.t(language, key, params);
  const num = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? "—" : formatNumber(language, value, digits));
  const flow = new Flow(doc, ts);
  const painter = new ChartPainter(
    doc,
    ts,
    (v) => num(v),
    (share) => formatPercent(language, share / 100),
  );
  const levelTitles = new Map(model.levels.map((l) => [l.id, l.title]));
  return {
    doc,
    model,
    flow,
    ts,
    painter,
    rtl: model.meta.direction === "rtl",
    t,
    num,
    percent: (ratio) => (ratio === null ? "—" : formatPercent(language, ratio)),
    severityCell: (severity) => (severity ? { text: t(`severity.${severity}`), fill: severityFill[severity] } : { text: "—" }),
    statusNote: (cell, subject) => {
      const message = notShownMessage(cell, subject);
      return t(message.key, message.params);
    },
    levelTitle: (levelId) => levelTitles.get(levelId) ?? levelId,
    chart: (definition) => drawChart(flow, ts, painter, definition),
  };
}

/**
 * A chart with its title and text summary. A bar chart too long for the room left goes on in parts, each with
 * its axis and legend, so a chart never runs over the footer (progress and peers have a bar per dimension).
 */
function drawChart(flow: Flow, ts: Typesetter, painter: ChartPainter, definition: ChartDefinition | null): void {
  if (!definition) return;
  const caption = ts.layout(definition.title, { size: 9.5, weight: "bold" }, flow.width);
  const summary = ts.layout(definition.summary, { size: 8, color: palette.muted, leading: 1.5 }, flow.width);
  const part = (from: number, to: number): ChartDefinition => ({
    ...definition,
    labels: definition.labels.slice(from, to),
    datasets: definition.datasets.map((d) => ({ ...d, data: d.data.slice(from, to) })),
  });
  const rows = definition.labels.length;
  const bars = definition.type === "bar" ? painter.barRows(definition, flow.width) : null;
  const partHeight = (from: number, to: number) =>
    bars ? bars.frame + bars.rows.slice(from, to).reduce((a, b) => a + b, 0) : painter.height(definition, flow.width);
  let from = 0;
  let first = true;
  while (from < rows) {
    const head = first ? caption.height + 6 : 0;
    const room = flow.bottom - flow.y - head - 4;
    let to = rows;
    if (definition.type === "bar") {
      while (to > from + 1 && partHeight(from, to) + (to === rows ? summary.height + 8 : 0) > room) to--;
      // Fewer than four bars not fitting: start on a fresh page instead.
      if (partHeight(from, to) > room || (to < rows && to - from < 4)) {
        if (flow.y > page.top) {
          flow.newPage();
          continue;
        }
      }
    } else if (partHeight(0, rows) + summary.height + 8 > room && flow.y > page.top) {
      flow.newPage();
      continue;
    }
    if (first) {
      ts.draw(caption, flow.left, flow.y, flow.width, "start");
      flow.y += caption.height + 6;
    }
    const drawn = part(from, to);
    flow.y += painter.draw(drawn, flow.left, flow.y, flow.width) + 4;
    from = to;
    first = false;
    if (from < rows) flow.newPage();
  }
  ts.draw(summary, flow.left, flow.y, flow.width, "start");
  flow.y += summary.height + 10;
}
