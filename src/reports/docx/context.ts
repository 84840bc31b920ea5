// What every DOCX section builds with: Word headings (the Heading 1–3 styles, so the navigation pane and the table of
// contents find them), paragraphs and tables in the report's direction, charts as images, and the report's language
// for words and numbers. Built once per document by render.ts and handed to each section module (sections/).
import {
  AlignmentType,
  HeadingLevel,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from "docx";
import { formatNumber, formatPercent } from "../../i18n/format";
import type { Translator } from "../../i18n/translate";
import type { ChartDefinition } from "../charts";
import type { ReportDimension, ReportModel } from "../model";
import { cleanText } from "../pdf/sanitize";
import { notShownMessage, type NotShown } from "../withheld";
import { chartImages } from "./chart-image";

export type Severity = NonNullable<ReportDimension["severity"]>;

/** Light backgrounds for severity cells, as in the PDF; the cell also names the severity. */
export const severityFill: Record<Severity, string> = {
  critical: "F4C7C3",
  high: "FBDCBF",
  moderate: "FCEFC2",
  low: "DCEFD9",
  none: "ECEFF3",
};

export const colours = { muted: "5B6673", warning: "9A3412", header: "E4ECF3", band: "0B3C5D" } as const;

export interface TextStyle {
  bold?: boolean;
  muted?: boolean;
  warning?: boolean;
  /** A text colour of its own (hex without #): white on the heatmap's dark shades. */
  color?: string;
  /** Half-points, as Word counts them. */
  size?: number;
  keepNext?: boolean;
}

export interface Column {
  header: string;
  /** Relative width: the columns share the page's width in these proportions. */
  width: number;
  align?: "start" | "end" | "center";
}

export interface Cell {
  text: string;
  bold?: boolean;
  muted?: boolean;
  fill?: string;
  /** The text's colour (hex without #), for a cell whose fill needs it. */
  color?: string;
  /** Columns this cell takes (the rest of the row's cells are left out). */
  span?: number;
  /** A smaller line under the text (a flag). */
  note?: string;
}

export interface TableOptions {
  caption?: string;
  /** Half-points. */
  size?: number;
  /** Without the header row (the cover's facts). */
  headerless?: boolean;
}

export interface DocxContext {
  model: ReportModel;
  rtl: boolean;
  t: (key: string, params?: Record<string, unknown>) => string;
  num: (value: number | null | undefined, digits?: number) => string;
  percent: (ratio: number | null) => string;
  severityCell: (severity: Severity | null) => Cell;
  statusNote: (cell: NotShown, subject?: "group" | "item") => string;
  levelTitle: (levelId: string) => string;
  heading: (text: string, level: 1 | 2 | 3) => Paragraph;
  paragraph: (text: string, style?: TextStyle) => Paragraph;
  /** Several paragraphs from a text with line breaks (comments, rationales). */
  paragraphs: (text: string, style?: TextStyle) => Paragraph[];
  bullet: (text: string, style?: TextStyle) => Paragraph;
  /** A table with its caption above it; a header row repeated on each page. */
  table: (columns: Column[], rows: Cell[][], options?: TableOptions) => FileChild[];
  /** A chart as an image (SVG with a PNG fallback), its title above and its text summary below. */
  chart: (definition: ChartDefinition | null) => FileChild[];
}

const headingLevels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** The page's text width in twentieths of a point (A4, 2 cm margins), for table columns. */
export const textWidthTwips = 9638;
/** The same width in pixels at 96 per inch (how docx sizes images). */
const textWidthPixels = Math.floor((textWidthTwips / 1440) * 96);

export function docxContext(model: ReportModel, translator: Translator): DocxContext {
  const language = model.meta.language;
  const rtl = model.meta.direction === "rtl";
  const t = (key: string, params?: Record<string, unknown>) => translator.t(language, key, params);
  const num = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? "—" : formatNumber(language, value, digits));
  const levelTitles = new Map(model.levels.map((l) => [l.id, l.title]));

  const run = (text: string, style: TextStyle = {}) =>
    new TextRun({
      text: cleanText(text),
      bold: style.bold,
      boldComplexScript: style.bold,
      color: style.color ?? (style.warning ? colours.warning : style.muted ? colours.muted : undefined),
      size: style.size,
      sizeComplexScript: style.size,
      rightToLeft: rtl || undefined,
    });
  const paragraph = (children: ParagraphChild[], style: TextStyle = {}, align?: Column["align"]) =>
    new Paragraph({
      children,
      bidirectional: rtl || undefined,
      keepNext: style.keepNext,
      alignment: align === "end" ? AlignmentType.END : align === "center" ? AlignmentType.CENTER : AlignmentType.START,
      spacing: { after: 120 },
    });

  const table = (columns: Column[], rows: Cell[][], options: TableOptions = {}): FileChild[] => {
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => Math.round((c.width / total) * textWidthTwips));
    const size = options.size ?? 17;
    const cellParagraphs = (cell: Cell, align: Column["align"]) => [
      new Paragraph({
        children: [run(cell.text, { bold: cell.bold, muted: cell.muted, color: cell.color, size })],
        bidirectional: rtl || undefined,
        alignment: align === "end" ? AlignmentType.END : align === "center" ? AlignmentType.CENTER : AlignmentType.START,
      }),
      ...(cell.note ? [new Paragraph({ children: [run(cell.note, { muted: true, size: size - 2 })], bidirectional: rtl || undefined })] : []),
    ];
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: columns.map(
        (column, i) =>
          new TableCell({
            width: { size: widths[i], type: WidthType.DXA },
            shading: { type: ShadingType.CLEAR, color: "auto", fill: colours.header },
            children: cellParagraphs({ text: column.header, bold: true }, column.align),
          }),
      ),
    });
    const body = rows.map((cells) => {
      let position = 0;
      return new TableRow({
        cantSplit: true,
        children: cells.map((cell) => {
          const span = Math.min(cell.span ?? 1, columns.length - position);
          const width = widths.slice(position, position + span).reduce((a, b) => a + b, 0);
          const align = columns[position]?.align;
          position += span;
          return new TableCell({
            width: { size: width, type: WidthType.DXA },
            columnSpan: span > 1 ? span : undefined,
            shading: cell.fill ? { type: ShadingType.CLEAR, color: "auto", fill: cell.fill } : undefined,
            children: cellParagraphs(cell, span > 1 ? "start" : align),
          });
        }),
      });
    });
    return [
      ...(options.caption ? [paragraph([run(options.caption, { bold: true, muted: true, size: 18 })], { keepNext: true })] : []),
      new Table({
        rows: options.headerless ? body : [header, ...body],
        width: { size: textWidthTwips, type: WidthType.DXA },
        columnWidths: widths,
        visuallyRightToLeft: rtl || undefined,
      }),
      new Paragraph({ children: [], bidirectional: rtl || undefined, spacing: { after: 120 } }),
    ];
  };

  const chart = (definition: ChartDefinition | null): FileChild[] => {
    if (!definition) return [];
    const images = chartImages(definition, textWidthPixels, {
      value: (v) => num(v),
      percent: (share) => formatPercent(language, share / 100),
    });
    const image = new ImageRun({
      type: "svg",
      data: images.svg,
      fallback: { type: "png", data: images.png },
      transformation: { width: images.width, height: images.height },
      altText: { name: definition.id, title: cleanText(definition.title), description: cleanText(definition.summary) },
    });
    return [
      paragraph([run(definition.title, { bold: true, size: 19 })], { keepNext: true }),
      new Paragraph({ children: [image], alignment: AlignmentType.CENTER, bidirectional: rtl || undefined, keepNext: true }),
      paragraph([run(definition.summary, { muted: true, size: 16 })]),
    ];
  };

  return {
    model,
    rtl,
    t,
    num,
    percent: (ratio) => (ratio === null ? "—" : formatPercent(language, ratio)),
    severityCell: (severity) => (severity ? { text: t(`severity.${severity}`), fill: severityFill[severity] } : { text: "—" }),
    statusNote: (cell, subject) => {
      const message = notShownMessage(cell, subject);
      return t(message.key, message.params);
    },
    levelTitle: (levelId) => levelTitles.get(levelId) ?? levelId,
    heading: (text, level) => new Paragraph({ heading: headingLevels[level], bidirectional: rtl || undefined, children: [run(text)], keepNext: true }),
    paragraph: (text, style) => paragraph([run(text, style)], style),
    paragraphs: (text, style) =>
      cleanText(text, { multiline: true })
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => paragraph([run(line, style)], style)),
    bullet: (text, style) =>
      new Paragraph({ children: [run(text, style)], bullet: { level: 0 }, bidirectional: rtl || undefined, spacing: { after: 60 }, keepNext: style?.keepNext }),
    table,
    chart,
  };
}
