// Draws the report's chart definitions (../charts.ts, the same data, colours and labels the HTML page gives
// Chart.js) as PDF vector graphics: radar charts, grouped horizontal bars and stacked (100%) horizontal bars. Series differ by more than colour —
// solid, hatched or dotted fills, solid or dashed lines, round or square markers — and bars carry their values, so
// the charts read in grey print and for colour-blind readers. Right-to-left charts mirror their axes and legend.
import type {} from "pdfkit";
import type { ChartDataset, ChartDefinition } from "../charts";
import { chartColours } from "../charts";
import type { Typesetter } from "./typesetter";

const labelSize = 7.5;
const valueSize = 6.5;

/** "rgba(r,g,b,a)" or "#rrggbb" as pdfkit's colour and opacity. */
function colour(value: string): { color: string; opacity: number } {
  const rgba = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(value);
  if (!rgba) return { color: value, opacity: 1 };
  const hex = [rgba[1], rgba[2], rgba[3]].map((v) => Number(v).toString(16).padStart(2, "0")).join("");
  return { color: `#${hex}`, opacity: rgba[4] === undefined ? 1 : Number(rgba[4]) };
}

export class ChartPainter {
  private readonly patterns = new Map<string, unknown>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly ts: Typesetter,
    private readonly formatValue: (value: number) => string,
    /** A share in percent (stacked bars), as the report's language writes it. */
    private readonly formatPercent: (percent: number) => string = (percent) => `${Math.round(percent)}%`,
  ) {}

  /** The height the chart takes at `width` (drawing it takes exactly this much). */
  height(chart: ChartDefinition, width: number): number {
    return chart.type === "radar" ? this.radarGeometry(chart, width).height : this.barGeometry(chart, width).height;
  }

  /** For a bar chart: the height of each bar group, and what the axis and legend add (parts of a chart add up). */
  barRows(chart: ChartDefinition, width: number): { rows: number[]; frame: number } {
    const g = this.barGeometry(chart, width);
    return { rows: g.rows.map((r) => r.height), frame: g.height - g.plotHeight };
  }

  draw(chart: ChartDefinition, x: number, y: number, width: number): number {
    return chart.type === "radar" ? this.drawRadar(chart, x, y, width) : this.drawBars(chart, x, y, width);
  }

  // ---- legend -------------------------------------------------------------------------------------------------

  /**
   * The legend's entries in rows that fit the width (a stacked chart has one entry per answer). Two or three
   * entries share one row, each label given its share of the width, as they always have.
   */
  private legendRows(chart: ChartDefinition, width: number) {
    const room = width / Math.min(Math.max(chart.datasets.length, 1), 3) - 30;
    const items = chart.datasets.map((d) => ({ dataset: d, block: this.ts.layout(d.label, { size: labelSize }, room) }));
    const itemWidth = (i: (typeof items)[number]) => 26 + i.block.width;
    const rows: (typeof items)[] = [];
    let used = 0;
    for (const item of items) {
      const row = rows[rows.length - 1];
      if (row && used + 14 + itemWidth(item) <= width) {
        row.push(item);
        used += 14 + itemWidth(item);
      } else {
        rows.push([item]);
        used = itemWidth(item);
      }
    }
    const rowHeights = rows.map((row) => Math.max(12, ...row.map((i) => i.block.height)) + 4);
    return { rows, rowHeights, itemWidth };
  }

  private legendHeight(chart: ChartDefinition, width: number): number {
    const { rowHeights } = this.legendRows(chart, width);
    return Math.max(
      16,
      rowHeights.reduce((a, b) => a + b, 0),
    );
  }

  private drawLegend(chart: ChartDefinition, x: number, y: number, width: number): void {
    const { rows, rowHeights, itemWidth } = this.legendRows(chart, width);
    let rowY = y;
    rows.forEach((items, index) => {
      const total = items.reduce((w, i) => w + itemWidth(i), 0) + (items.length - 1) * 14;
      // Centred; in right to left the first series stands at the right.
      let cursor = x + (width - total) / 2;
      const ordered = chart.rtl ? [...items].reverse() : items;
      for (const item of ordered) {
        const swatchX = chart.rtl ? cursor + item.block.width + 4 : cursor;
        const textX = chart.rtl ? cursor : cursor + 22;
        if (chart.type === "radar") this.lineSwatch(item.dataset, swatchX, rowY + 6);
        else this.fillBox(item.dataset, swatchX, rowY + 1, 18, 9);
        this.ts.draw(item.block, textX, rowY, item.block.width + 1, "left");
        cursor += itemWidth(item) + 14;
      }
      rowY += rowHeights[index];
    });
  }

  private lineSwatch(dataset: ChartDataset, x: number, y: number): void {
    const stroke = colour(dataset.borderColor);
    this.doc.save().lineWidth(1.6).strokeColor(stroke.color, stroke.opacity);
    if (dataset.borderDash) this.doc.dash(dataset.borderDash[0] * 0.6, { space: (dataset.borderDash[1] ?? dataset.borderDash[0]) * 0.6 });
    this.doc
      .moveTo(x, y)
      .lineTo(x + 18, y)
      .stroke()
      .restore();
    this.marker(dataset, x + 9, y);
  }

  private marker(dataset: ChartDataset, x: number, y: number): void {
    const fill = colour(dataset.borderColor);
    this.doc.save().fillColor(fill.color, 1).strokeColor("#ffffff").lineWidth(0.6);
    if (dataset.pointStyle === "rect") this.doc.rect(x - 2.3, y - 2.3, 4.6, 4.6).fillAndStroke();
    else if (dataset.pointStyle === "triangle") this.doc.polygon([x, y - 2.8], [x + 2.8, y + 2.2], [x - 2.8, y + 2.2]).fillAndStroke();
    else this.doc.circle(x, y, 2.4).fillAndStroke();
    this.doc.restore();
  }

  /** A bar or legend box in the series' pattern: solid fill, diagonal hatching or dots, always with its outline. */
  private fillBox(dataset: ChartDataset, x: number, y: number, w: number, h: number): void {
    if (w <= 0 || h <= 0) return;
    const fill = colour(dataset.backgroundColor);
    const stroke = colour(dataset.borderColor);
    const pattern = dataset.pattern ?? "solid";
    const doc = this.doc;
    doc.save();
    if (pattern === "solid") {
      doc.rect(x, y, w, h).fillColor(fill.color, fill.opacity).fill();
    } else {
      doc.rect(x, y, w, h).fillColor("#ffffff").fill();
      doc.rect(x, y, w, h).fill([this.tiling(pattern), stroke.color] as unknown as string);
    }
    doc.rect(x, y, w, h).lineWidth(0.7).strokeColor(stroke.color, 1).stroke();
    doc.restore();
  }

  /**
   * The document's tiling patterns (drawn once, then filled in any colour): diagonal hatching and a grid of dots. A
   * pattern is a few bytes however many bars use it, where drawing every stroke would cost thousands of operators.
   */
  private tiling(kind: "hatch" | "dots"): unknown {
    let pattern = this.patterns.get(kind);
    if (!pattern) {
      const doc = this.doc as unknown as { pattern(bbox: number[], xStep: number, yStep: number, stream: string): unknown };
      pattern =
        kind === "hatch"
          ? doc.pattern([0, 0, 3.2, 3.2], 3.2, 3.2, "1 w 0 0 m 3.2 3.2 l S -1.6 1.6 m 1.6 4.8 l S 1.6 -1.6 m 4.8 1.6 l S")
          : doc.pattern([0, 0, 2.8, 2.8], 2.8, 2.8, "0.8 0.8 1.2 1.2 re f");
      this.patterns.set(kind, pattern);
    }
    return pattern;
  }

  // ---- radar --------------------------------------------------------------------------------------------------

  private radarGeometry(chart: ChartDefinition, width: number) {
    const labelWidth = Math.min(118, width * 0.26);
    const radius = Math.min(92, (width - 2 * labelWidth - 24) / 2);
    const labels = chart.labels.map((l) => this.ts.layout(l, { size: labelSize, color: chartColours.text }, labelWidth));
    const labelHeight = Math.max(...labels.map((l) => l.height), 10);
    const top = labelHeight + 8;
    const height = top + 2 * radius + labelHeight + 10 + this.legendHeight(chart, width);
    return { radius, labels, labelWidth, top, height };
  }

  private drawRadar(chart: ChartDefinition, x: number, y: number, width: number): number {
    const g = this.radarGeometry(chart, width);
    const doc = this.doc;
    const cx = x + width / 2;
    const cy = y + g.top + g.radius;
    const n = chart.labels.length;
    // Clockwise from the top; counter-clockwise (mirrored) in right to left.
    const angle = (i: number) => -Math.PI / 2 + ((chart.rtl ? -1 : 1) * 2 * Math.PI * i) / n;
    const point = (i: number, value: number): [number, number] => {
      const r = ((Math.max(chart.min, Math.min(chart.max, value)) - chart.min) / (chart.max - chart.min)) * g.radius;
      return [cx + r * Math.cos(angle(i)), cy + r * Math.sin(angle(i))];
    };

    doc.save().lineWidth(0.5).strokeColor(chartColours.grid);
    for (let v = chart.min + 1; v <= chart.max; v++) {
      doc.polygon(...Array.from({ length: n }, (_, i) => point(i, v))).stroke();
    }
    for (let i = 0; i < n; i++)
      doc
        .moveTo(cx, cy)
        .lineTo(...point(i, chart.max))
        .stroke();
    doc.restore();
    for (let v = chart.min + 1; v <= chart.max; v++) {
      const tick = this.ts.layout(String(v), { size: 6, color: "#6e7781" }, 20);
      const [, ty] = point(0, v);
      this.ts.draw(tick, cx + 2, ty - tick.height + 1, tick.width + 1, "left");
    }

    // Filled areas first, then lines and markers on top, so no series hides another's outline.
    for (const dataset of chart.datasets) {
      const fill = colour(dataset.backgroundColor);
      const points = dataset.data.map((v, i) => point(i, v ?? chart.min));
      doc
        .save()
        .polygon(...points)
        .fillColor(fill.color, fill.opacity)
        .fill()
        .restore();
    }
    for (const dataset of chart.datasets) {
      const stroke = colour(dataset.borderColor);
      const points = dataset.data.map((v, i) => point(i, v ?? chart.min));
      doc.save().lineWidth(1.6).strokeColor(stroke.color, stroke.opacity);
      if (dataset.borderDash) doc.dash(dataset.borderDash[0] * 0.6, { space: (dataset.borderDash[1] ?? dataset.borderDash[0]) * 0.6 });
      doc
        .polygon(...points)
        .stroke()
        .restore();
      dataset.data.forEach((v, i) => v !== null && this.marker(dataset, ...point(i, v)));
    }

    g.labels.forEach((block, i) => {
      const a = angle(i);
      const [px, py] = [cx + (g.radius + 8) * Math.cos(a), cy + (g.radius + 8) * Math.sin(a)];
      const cos = Math.cos(a);
      const sin = Math.sin(a);
      const bx = cos > 0.25 ? px : cos < -0.25 ? px - g.labelWidth : px - g.labelWidth / 2;
      const align = cos > 0.25 ? "left" : cos < -0.25 ? "right" : "center";
      const by = sin < -0.25 ? py - block.height : sin > 0.25 ? py : py - block.height / 2;
      this.ts.draw(block, bx, by, g.labelWidth, align);
    });

    this.drawLegend(chart, x, y + g.height - this.legendHeight(chart, width), width);
    return g.height;
  }

  // ---- horizontal grouped bars --------------------------------------------------------------------------------

  private barGeometry(chart: ChartDefinition, width: number) {
    // Stacked bars are one bar per label, so their (long) labels get more of the width.
    const labelWidth = width * (chart.stacked ? 0.45 : 0.34);
    const barHeight = chart.stacked ? 10 : 7;
    const barsPerRow = chart.stacked ? 1 : chart.datasets.length;
    const rows = chart.labels.map((label) => {
      const block = this.ts.layout(label, { size: labelSize, color: chartColours.text }, labelWidth - 8);
      const height = Math.max(block.height, barsPerRow * barHeight) + 7;
      return { block, height };
    });
    const plotHeight = rows.reduce((h, r) => h + r.height, 0);
    const axisHeight = 14;
    return { labelWidth, barHeight, rows, plotHeight, axisHeight, height: plotHeight + axisHeight + 6 + this.legendHeight(chart, width) };
  }

  /** Grid lines: every unit of a 0–5 scale, every 20 of a percentage. */
  private ticks(chart: ChartDefinition): number[] {
    const step = chart.max - chart.min > 10 ? 20 : 1;
    const ticks: number[] = [];
    for (let v = chart.min; v <= chart.max; v += step) ticks.push(v);
    return ticks;
  }

  private drawBars(chart: ChartDefinition, x: number, y: number, width: number): number {
    if (chart.stacked) return this.drawStacked(chart, x, y, width);
    const g = this.barGeometry(chart, width);
    const doc = this.doc;
    const valueRoom = 22;
    const plotWidth = width - g.labelWidth - valueRoom;
    // In right to left the labels stand at the right and bars grow leftwards from there.
    const plotLeft = chart.rtl ? x + valueRoom : x + g.labelWidth;
    const labelLeft = chart.rtl ? x + width - g.labelWidth + 8 : x;
    const scale = (v: number) => ((Math.max(chart.min, Math.min(chart.max, v)) - chart.min) / (chart.max - chart.min)) * plotWidth;
    const at = (v: number) => (chart.rtl ? plotLeft + plotWidth - scale(v) : plotLeft + scale(v));

    doc.save().lineWidth(0.5).strokeColor(chartColours.grid);
    for (let v = chart.min; v <= chart.max; v++)
      doc
        .moveTo(at(v), y)
        .lineTo(at(v), y + g.plotHeight)
        .stroke();
    doc.restore();
    for (let v = chart.min; v <= chart.max; v++) {
      const tick = this.ts.layout(String(v), { size: 6.5, color: "#6e7781" }, 20);
      this.ts.draw(tick, at(v) - 10, y + g.plotHeight + 3, 20, "center");
    }

    let rowTop = y;
    chart.labels.forEach((_, index) => {
      const row = g.rows[index];
      this.ts.draw(row.block, labelLeft, rowTop + (row.height - row.block.height) / 2, g.labelWidth - 8, chart.rtl ? "right" : "left");
      const groupHeight = chart.datasets.length * g.barHeight;
      let barTop = rowTop + (row.height - groupHeight) / 2;
      for (const dataset of chart.datasets) {
        const value = dataset.data[index];
        if (value !== null && value !== undefined) {
          const length = scale(value);
          const barX = chart.rtl ? at(chart.min) - length : at(chart.min);
          this.fillBox(dataset, barX, barTop + 0.5, length, g.barHeight - 1);
          const label = this.ts.layout(this.formatValue(value), { size: valueSize, color: chartColours.text }, valueRoom);
          const labelX = chart.rtl ? barX - label.width - 2 : barX + length + 2;
          this.ts.draw(label, labelX, barTop + (g.barHeight - label.height) / 2 + 0.5, label.width + 1, "left");
        }
        barTop += g.barHeight;
      }
      rowTop += row.height;
    });
    doc
      .save()
      .lineWidth(0.8)
      .strokeColor("#6e7781")
      .moveTo(at(chart.min), y)
      .lineTo(at(chart.min), y + g.plotHeight)
      .stroke()
      .restore();

    this.drawLegend(chart, x, y + g.plotHeight + g.axisHeight + 6, width);
    return g.height;
  }

  /**
   * Stacked horizontal bars: each label's datasets end to end, from the start edge (the right in right to left).
   * A segment wide enough carries its share; the legend names every segment, so none depends on colour alone.
   */
  private drawStacked(chart: ChartDefinition, x: number, y: number, width: number): number {
    const g = this.barGeometry(chart, width);
    const doc = this.doc;
    // Room at the far end for the last tick's label ("100%"), so it stays inside the margin.
    const plotWidth = width - g.labelWidth - 18;
    const plotLeft = chart.rtl ? x + 18 : x + g.labelWidth;
    const labelLeft = chart.rtl ? x + width - g.labelWidth + 8 : x;
    const scale = (v: number) => ((Math.max(chart.min, Math.min(chart.max, v)) - chart.min) / (chart.max - chart.min)) * plotWidth;
    const at = (v: number) => (chart.rtl ? plotLeft + plotWidth - scale(v) : plotLeft + scale(v));

    doc.save().lineWidth(0.5).strokeColor(chartColours.grid);
    for (const v of this.ticks(chart))
      doc
        .moveTo(at(v), y)
        .lineTo(at(v), y + g.plotHeight)
        .stroke();
    doc.restore();
    for (const v of this.ticks(chart)) {
      const tick = this.ts.layout(this.formatPercent(v), { size: 6.5, color: "#6e7781" }, 30);
      this.ts.draw(tick, at(v) - 15, y + g.plotHeight + 3, 30, "center");
    }

    let rowTop = y;
    chart.labels.forEach((_, index) => {
      const row = g.rows[index];
      this.ts.draw(row.block, labelLeft, rowTop + (row.height - row.block.height) / 2, g.labelWidth - 8, chart.rtl ? "right" : "left");
      const barTop = rowTop + (row.height - g.barHeight) / 2;
      let sum = chart.min;
      for (const dataset of chart.datasets) {
        const value = dataset.data[index] ?? 0;
        if (value <= 0) continue;
        const from = at(sum);
        const to = at(sum + value);
        const left = Math.min(from, to);
        const length = Math.abs(to - from);
        this.fillBox(dataset, left, barTop, length, g.barHeight);
        doc
          .save()
          .moveTo(left, barTop)
          .lineTo(left, barTop + g.barHeight)
          .lineWidth(0.6)
          .strokeColor("#ffffff")
          .stroke()
          .restore();
        const label = this.ts.layout(
          this.formatPercent(value),
          { size: valueSize, color: isDark(dataset.backgroundColor) ? "#ffffff" : chartColours.text },
          length,
        );
        if ((dataset.pattern ?? "solid") === "solid" && label.width + 3 <= length)
          this.ts.draw(label, left, barTop + (g.barHeight - label.height) / 2 + 0.5, length, "center");
        sum += value;
      }
      rowTop += row.height;
    });
    doc
      .save()
      .lineWidth(0.8)
      .strokeColor("#6e7781")
      .moveTo(at(chart.min), y)
      .lineTo(at(chart.min), y + g.plotHeight)
      .stroke()
      .restore();

    this.drawLegend(chart, x, y + g.plotHeight + g.axisHeight + 6, width);
    return g.height;
  }
}

/** Whether white text reads better than dark text on `value` (a "#rrggbb" colour). */
function isDark(value: string): boolean {
  const { color } = colour(value);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!hex) return false;
  const [r, g, b] = hex.slice(1).map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45;
}
