// The report's chart definitions (../charts.ts, the same data, colours and labels the page gives Chart.js and the PDF
// draws) as pictures for Word: one scene of filled shapes — bars, radar polygons, grid lines, glyph outlines —
// written once as SVG (sharp at any zoom, Word 2016 and later) and rasterised into the PNG fallback that other
// readers show. Series differ by more than colour (hatched and dotted fills, dashed lines, square markers), bars
// carry their values, and right-to-left charts mirror their axes, bars, radar direction and legend, as in the PDF.
import { createHash } from "node:crypto";
import type { ChartDataset, ChartDefinition } from "../charts";
import { chartColours } from "../charts";
import { glyphOutline, glyphPathData, measure, placeGlyphs, wrap, type PathCommand, type PlacedGlyph, type TextStyle } from "./chart-text";
import { Raster, type Rgba } from "./raster";

interface Fill {
  colour: string;
  opacity?: number;
  pattern?: "hatch" | "dots";
}

/** A filled path, or the glyphs of a text (the SVG defines each glyph once and places it where it is used). */
type Shape = { path: PathCommand[]; fill: Fill; glyphs?: undefined } | { glyphs: PlacedGlyph[]; fill: Fill; path?: undefined };

export interface ChartImages {
  svg: Buffer;
  png: Buffer;
  /** Size in CSS pixels (96 per inch), as the image is placed in the document. */
  width: number;
  height: number;
}

export interface ChartFormats {
  value: (value: number) => string;
  percent: (percent: number) => string;
}

/**
 * The PNG (the fallback for readers without SVG) is drawn at 1.5 times the placed size (144 dpi): legible when
 * printed, at about half the drawing time of twice the size.
 */
const pngScale = 1.5;
/** PNGs already drawn, by their SVG (the same scene): a report rendered again, or in another format, redraws none. */
const drawnPngs = new Map<string, Buffer>();
const DRAWN_PNGS_KEPT = 400;

function pngOf(scene: Scene, svg: Buffer, width: number, height: number): Buffer {
  const key = createHash("sha256").update(svg).digest("base64");
  const kept = drawnPngs.get(key);
  if (kept) {
    drawnPngs.delete(key);
    drawnPngs.set(key, kept);
    return kept;
  }
  const png = scene.png(width, height);
  drawnPngs.set(key, png);
  if (drawnPngs.size > DRAWN_PNGS_KEPT) drawnPngs.delete(drawnPngs.keys().next().value as string);
  return png;
}
const labelStyle = { size: 9.5 };
const valueStyle = { size: 8.5 };
const mutedText = "#5b6673";

export function chartImages(chart: ChartDefinition, width: number, formats: ChartFormats): ChartImages {
  const scene = new Scene(chart.rtl);
  const height = chart.type === "radar" ? radar(scene, chart, width) : bars(scene, chart, width, formats);
  const svg = scene.svg(width, height);
  return { svg, png: pngOf(scene, svg, width, height), width, height: Math.ceil(height) };
}

class Scene {
  readonly shapes: Shape[] = [];

  constructor(readonly rtl: boolean) {}

  add(path: PathCommand[], fill: Fill): void {
    if (path.length > 0) this.shapes.push({ path, fill });
  }

  rect(x: number, y: number, w: number, h: number, fill: Fill): void {
    if (w > 0 && h > 0) this.add(polygon([x, y], [x + w, y], [x + w, y + h], [x, y + h]), fill);
  }

  /** A stroked line as filled quads (dashed when asked), so the SVG and the PNG draw it alike. */
  line(points: [number, number][], width: number, colour: string, dash?: number[], closed = false): void {
    const path: PathCommand[] = [];
    const all = closed ? [...points, points[0]] : points;
    for (let i = 0; i < all.length - 1; i++) {
      const [x0, y0] = all[i];
      const [x1, y1] = all[i + 1];
      const length = Math.hypot(x1 - x0, y1 - y0);
      if (length === 0) continue;
      const dx = (x1 - x0) / length;
      const dy = (y1 - y0) / length;
      const pieces: [number, number][] = [];
      if (dash && dash.length > 0) {
        const [on, off = on] = dash;
        for (let at = 0; at < length; at += on + off) pieces.push([at, Math.min(length, at + on)]);
      } else pieces.push([0, length]);
      const nx = (-dy * width) / 2;
      const ny = (dx * width) / 2;
      for (const [from, to] of pieces) {
        const ax = x0 + dx * from;
        const ay = y0 + dy * from;
        const bx = x0 + dx * to;
        const by = y0 + dy * to;
        path.push(...polygon([ax + nx, ay + ny], [bx + nx, by + ny], [bx - nx, by - ny], [ax - nx, ay - ny]));
      }
    }
    this.add(path, { colour });
  }

  /** A text with its start, end or centre at `x` (start and end follow the chart's direction; left and right do not). */
  text(text: string, style: TextStyle & { colour?: string }, x: number, baseline: number, anchor: "start" | "middle" | "end" | "left" | "right"): void {
    const width = measure(text, { ...style, rtl: this.rtl });
    const side = anchor === "start" ? (this.rtl ? "right" : "left") : anchor === "end" ? (this.rtl ? "left" : "right") : anchor;
    const left = side === "middle" ? x - width / 2 : side === "right" ? x - width : x;
    const glyphs = placeGlyphs(text, { ...style, rtl: this.rtl }, left, baseline);
    if (glyphs.length > 0) this.shapes.push({ glyphs, fill: { colour: style.colour ?? chartColours.text } });
  }

  svg(width: number, height: number): Buffer {
    const patterns = new Map<string, string>();
    const glyphDefinitions = new Map<string, string>();
    const body = this.shapes.map(({ path, glyphs, fill }) => {
      if (glyphs) {
        const uses = glyphs.map((g) => {
          if (!glyphDefinitions.has(g.key)) glyphDefinitions.set(g.key, `<path id="${g.key}" d="${glyphPathData(g.glyph)}"/>`);
          return `<use xlink:href="#${g.key}" transform="translate(${n2(g.x)} ${n2(g.y)}) scale(${g.scale} -${g.scale})"/>`;
        });
        return `<g fill="${fill.colour}">${uses.join("")}</g>`;
      }
      let paint = fill.colour;
      if (fill.pattern) {
        const id = `${fill.pattern}-${fill.colour.replace(/[^0-9a-z]/gi, "")}`;
        if (!patterns.has(id))
          patterns.set(
            id,
            fill.pattern === "hatch"
              ? `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="#ffffff"/><path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="${fill.colour}" stroke-width="1.6"/></pattern>`
              : `<pattern id="${id}" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.2" fill="${fill.colour}"/></pattern>`,
          );
        paint = `url(#${id})`;
      }
      const opacity = fill.opacity !== undefined && fill.opacity < 1 ? ` fill-opacity="${fill.opacity}"` : "";
      return `<path d="${pathData(path)}" fill="${paint}"${opacity}/>`;
    });
    const h = Math.ceil(height);
    return Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}"><defs>${[...patterns.values(), ...glyphDefinitions.values()].join("")}</defs>` +
        `<rect width="${width}" height="${h}" fill="#ffffff"/>${body.join("")}</svg>`,
      "utf8",
    );
  }

  png(width: number, height: number): Buffer {
    const raster = new Raster(width, Math.ceil(height), pngScale);
    for (const { path: outline, glyphs, fill } of this.shapes) {
      const path = glyphs ? glyphs.flatMap(glyphOutline) : outline;
      const [r, g, b, a] = rgba(fill.colour, fill.opacity);
      if (!fill.pattern) {
        raster.fill(path, [r, g, b, a]);
        continue;
      }
      const white: Rgba = [255, 255, 255, 1];
      const ink: Rgba = [r, g, b, 1];
      raster.fill(
        path,
        fill.pattern === "hatch"
          ? (px, py) => (((px + py) / pngScale) % 6 < 1.6 * Math.SQRT2 ? ink : white)
          : (px, py) => ((((px / pngScale) % 5) - 2.5) ** 2 + (((py / pngScale) % 5) - 2.5) ** 2 <= 1.44 ? ink : white),
      );
    }
    return raster.png();
  }
}

function polygon(...points: [number, number][]): PathCommand[] {
  return [...points.map(([x, y], i) => ({ op: i === 0 ? ("M" as const) : ("L" as const), x, y })), { op: "Z" as const }];
}

function circle(cx: number, cy: number, r: number): PathCommand[] {
  return polygon(...Array.from({ length: 20 }, (_, i): [number, number] => [cx + r * Math.cos((i * Math.PI) / 10), cy + r * Math.sin((i * Math.PI) / 10)]));
}

const n2 = (v: number) => (Math.round(v * 100) / 100).toString();

function pathData(path: PathCommand[]): string {
  return path
    .map((c) =>
      c.op === "Z"
        ? "Z"
        : c.op === "Q"
          ? `Q${n2(c.cx)} ${n2(c.cy)} ${n2(c.x)} ${n2(c.y)}`
          : c.op === "C"
            ? `C${n2(c.c1x)} ${n2(c.c1y)} ${n2(c.c2x)} ${n2(c.c2y)} ${n2(c.x)} ${n2(c.y)}`
            : `${c.op}${n2(c.x)} ${n2(c.y)}`,
    )
    .join("");
}

/** "#rrggbb" or "rgba(r,g,b,a)" as channels and opacity. */
function rgba(value: string, opacity = 1): Rgba {
  const match = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(value);
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3]), (match[4] === undefined ? 1 : Number(match[4])) * opacity];
  const hex = value.replace("#", "");
  return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16), opacity];
}

/** A fill from a Chart.js colour: SVG wants the colour and its opacity apart. */
function fillOf(value: string, pattern?: ChartDataset["pattern"]): Fill {
  const [r, g, b, a] = rgba(value);
  const colour = `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  return { colour, opacity: a, pattern: pattern === "hatch" || pattern === "dots" ? pattern : undefined };
}

function isDark(value: string): boolean {
  const [r, g, b] = rgba(value);
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

// ---- legend ---------------------------------------------------------------------------------------------------

function legend(scene: Scene, chart: ChartDefinition, y: number, width: number): number {
  const entries = chart.datasets.map((dataset) => ({ dataset, text: wrap(dataset.label, labelStyle, width / 3 - 30, 1)[0] ?? "" }));
  const entryWidth = (e: (typeof entries)[number]) => 24 + measure(e.text, { ...labelStyle, rtl: scene.rtl });
  const rows: (typeof entries)[] = [];
  let used = 0;
  for (const entry of entries) {
    const row = rows[rows.length - 1];
    if (row && used + 14 + entryWidth(entry) <= width - 16) {
      row.push(entry);
      used += 14 + entryWidth(entry);
    } else {
      rows.push([entry]);
      used = entryWidth(entry);
    }
  }
  for (const row of rows) {
    const total = row.reduce((sum, e) => sum + entryWidth(e), 0) + (row.length - 1) * 14;
    let cursor = (width - total) / 2;
    for (const entry of scene.rtl ? [...row].reverse() : row) {
      const textWidth = entryWidth(entry) - 24;
      const swatchX = scene.rtl ? cursor + textWidth + 4 : cursor;
      const textX = scene.rtl ? cursor : cursor + 22;
      if (chart.type === "radar") {
        scene.line(
          [
            [swatchX, y + 6],
            [swatchX + 18, y + 6],
          ],
          1.6,
          fillOf(entry.dataset.borderColor).colour,
          entry.dataset.borderDash?.map((d) => d * 0.6),
        );
        marker(scene, entry.dataset, swatchX + 9, y + 6);
      } else box(scene, entry.dataset, swatchX, y + 1, 18, 10);
      scene.text(entry.text, labelStyle, textX, y + 10, "left");
      cursor += entryWidth(entry) + 14;
    }
    y += 16;
  }
  return y;
}

function box(scene: Scene, dataset: ChartDataset, x: number, y: number, w: number, h: number): void {
  scene.rect(x, y, w, h, fillOf(dataset.backgroundColor, dataset.pattern));
  scene.line(
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ],
    0.8,
    fillOf(dataset.borderColor).colour,
    undefined,
    true,
  );
}

function marker(scene: Scene, dataset: ChartDataset, x: number, y: number): void {
  const colour = fillOf(dataset.borderColor).colour;
  if (dataset.pointStyle === "rect") scene.rect(x - 2.6, y - 2.6, 5.2, 5.2, { colour });
  else if (dataset.pointStyle === "triangle") scene.add(polygon([x, y - 3.2], [x + 3.2, y + 2.5], [x - 3.2, y + 2.5]), { colour });
  else scene.add(circle(x, y, 2.8), { colour });
}

// ---- horizontal bars (grouped or stacked) ---------------------------------------------------------------------

function bars(scene: Scene, chart: ChartDefinition, width: number, formats: ChartFormats): number {
  const pad = 8;
  const labelWidth = Math.round(width * 0.3);
  const lines = chart.labels.map((label) => wrap(label, labelStyle, labelWidth - 4, 3));
  const series = chart.stacked ? 1 : chart.datasets.length;
  const barHeight = chart.stacked ? 16 : 10;
  const rowHeights = lines.map((l) => Math.max(l.length * 12 + 6, series * (barHeight + 2) + 8));
  const plotLeft = scene.rtl ? pad + 30 : pad + labelWidth + 8;
  const plotRight = scene.rtl ? width - pad - labelWidth - 8 : width - pad - 30;
  const x = (value: number) => {
    const f = (Math.min(chart.max, Math.max(chart.min, value)) - chart.min) / (chart.max - chart.min);
    return scene.rtl ? plotRight - f * (plotRight - plotLeft) : plotLeft + f * (plotRight - plotLeft);
  };
  const top = pad;
  const plotHeight = rowHeights.reduce((a, b) => a + b, 0);
  const step = chart.max - chart.min <= 5 ? 1 : 20;
  for (let tick = chart.min; tick <= chart.max; tick += step) {
    scene.line(
      [
        [x(tick), top],
        [x(tick), top + plotHeight],
      ],
      0.6,
      chartColours.grid,
    );
    scene.text(
      chart.stacked ? formats.percent(tick) : formats.value(tick).replace(/[.,٫]0+$/, ""),
      { ...valueStyle, colour: mutedText },
      x(tick),
      top + plotHeight + 12,
      "middle",
    );
  }
  let rowTop = top;
  chart.labels.forEach((_, row) => {
    const height = rowHeights[row];
    const labelX = scene.rtl ? plotRight + 8 : plotLeft - 8;
    const firstBaseline = rowTop + (height - lines[row].length * 12) / 2 + 9;
    lines[row].forEach((line, i) => scene.text(line, labelStyle, labelX, firstBaseline + i * 12, "end"));
    if (chart.stacked) {
      let from = chart.min;
      const y = rowTop + (height - barHeight) / 2;
      for (const dataset of chart.datasets) {
        const value = dataset.data[row] ?? 0;
        if (value <= 0) continue;
        const a = x(from);
        const b = x(from + value);
        box(scene, dataset, Math.min(a, b), y, Math.abs(b - a), barHeight);
        if (Math.abs(b - a) >= 26)
          scene.text(
            formats.percent(value),
            { ...valueStyle, colour: dataset.pattern === "solid" && isDark(dataset.backgroundColor) ? "#ffffff" : chartColours.text },
            (a + b) / 2,
            y + barHeight / 2 + 3,
            "middle",
          );
        from += value;
      }
    } else {
      const groupTop = rowTop + (height - series * (barHeight + 2)) / 2;
      chart.datasets.forEach((dataset, i) => {
        const value = dataset.data[row];
        if (value === null || value === undefined) return;
        const y = groupTop + i * (barHeight + 2);
        const a = x(chart.min);
        const b = x(value);
        box(scene, dataset, Math.min(a, b), y, Math.abs(b - a), barHeight);
        scene.text(formats.value(value), valueStyle, scene.rtl ? b - 3 : b + 3, y + barHeight - 2, "start");
      });
    }
    rowTop += height;
  });
  return legend(scene, chart, top + plotHeight + 22, width) + pad;
}

// ---- radar ----------------------------------------------------------------------------------------------------

function radar(scene: Scene, chart: ChartDefinition, width: number): number {
  const count = chart.labels.length;
  const radius = Math.min(width / 2 - 140, 150);
  const centreX = width / 2;
  const centreY = 16 + 44 + radius;
  const direction = scene.rtl ? -1 : 1;
  const angle = (i: number) => -Math.PI / 2 + (direction * 2 * Math.PI * i) / count;
  const point = (i: number, value: number): [number, number] => {
    const r = ((Math.min(chart.max, Math.max(chart.min, value)) - chart.min) / (chart.max - chart.min)) * radius;
    return [centreX + r * Math.cos(angle(i)), centreY + r * Math.sin(angle(i))];
  };
  const indices = Array.from({ length: count }, (_, i) => i);
  for (let ring = chart.min + 1; ring <= chart.max; ring++) {
    scene.line(
      indices.map((i) => point(i, ring)),
      0.6,
      chartColours.grid,
      undefined,
      true,
    );
    scene.text(
      String(ring),
      { ...valueStyle, colour: mutedText },
      centreX + 3 * direction,
      centreY - ((ring - chart.min) / (chart.max - chart.min)) * radius + 3,
      "start",
    );
  }
  for (const i of indices) scene.line([[centreX, centreY], point(i, chart.max)], 0.6, chartColours.grid);
  for (const dataset of chart.datasets) {
    const points = indices.map((i) => point(i, dataset.data[i] ?? chart.min));
    scene.add(polygon(...points), fillOf(dataset.backgroundColor));
    scene.line(points, 1.6, fillOf(dataset.borderColor).colour, dataset.borderDash, true);
    for (const [px, py] of points) marker(scene, dataset, px, py);
  }
  indices.forEach((i) => {
    const cos = Math.cos(angle(i));
    const sin = Math.sin(angle(i));
    const lines = wrap(chart.labels[i], labelStyle, 128, 3);
    const [lx, ly] = [centreX + (radius + 10) * cos, centreY + (radius + 10) * sin];
    // Left of the centre the text ends at the point, right of it the text starts there (whatever the direction).
    const side = cos > 0.3 ? "right" : cos < -0.3 ? "left" : "centre";
    const anchor = side === "centre" ? "middle" : side === "right" ? "left" : "right";
    const blockHeight = lines.length * 12;
    const firstBaseline = sin < -0.3 ? ly - blockHeight + 9 : sin > 0.3 ? ly + 9 : ly - blockHeight / 2 + 9;
    lines.forEach((line, j) => scene.text(line, labelStyle, lx, firstBaseline + j * 12, anchor));
  });
  return legend(scene, chart, centreY + radius + 48, width) + 8;
}
