// The flow of a PDF report: pages of A4, a cursor that moves down them, and the blocks the report is made of
// (headings with bookmarks, paragraphs, tables whose header repeats on every page they run over). Everything is
// measured with the typesetter before it is drawn, so a block that does not fit moves to the next page instead of
// running over the footer; right-to-left reports mirror the horizontal placement of everything.
import type {} from "pdfkit";
import { cleanText } from "./sanitize";
import type { Align, TextBlock, TextStyle, Typesetter } from "./typesetter";

export const page = { width: 595.28, height: 841.89, margin: 56, top: 56, bottom: 68 } as const;
export const palette = { text: "#1b1f24", muted: "#57606a", rule: "#c9d1da", band: "#0b3d5c", zebra: "#f3f5f8", header: "#e4e9ef" } as const;

export interface Cell {
  text: string;
  weight?: "regular" | "bold";
  color?: string;
  /** Background of the cell (severity badges); the text says the same, so grey print loses nothing. */
  fill?: string;
  /** A second, smaller line under the text (flags such as "low consensus"). */
  note?: string;
  /** How many columns the cell covers. */
  span?: number;
}

export interface Column {
  header: string;
  /** Share of the table's width. */
  width: number;
  align?: Align;
}

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
}

export interface Destination {
  title: string;
  depth: number;
  name: string;
  page: number;
}

export class Flow {
  y: number = page.top;
  /** Where each bookmarked heading landed, for the contents page. */
  readonly destinations: Destination[] = [];
  private pageIndex = 0;
  private outlineStack: OutlineItem[] = [];

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly ts: Typesetter,
  ) {}

  get left(): number {
    return page.margin;
  }
  get width(): number {
    return page.width - 2 * page.margin;
  }
  get bottom(): number {
    return page.height - page.bottom;
  }
  get rtl(): boolean {
    return this.ts.rtl;
  }
  get currentPage(): number {
    return this.pageIndex;
  }

  newPage(): void {
    this.doc.addPage({ size: "A4", margin: 0 });
    this.pageIndex++;
    this.y = page.top;
  }

  /** Moves to a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > page.top) this.newPage();
  }

  space(points: number): void {
    this.y = Math.min(this.y + points, this.bottom);
  }

  /** A heading, bookmarked in the outline at `depth` (0 = section), kept on a page with `keepWith` points after it. */
  heading(title: string, depth: 0 | 1 | 2, options: { keepWith?: number; bookmark?: boolean } = {}): void {
    const style: TextStyle =
      depth === 0 ? { size: 17, weight: "bold", color: palette.band } : depth === 1 ? { size: 12.5, weight: "bold" } : { size: 10.5, weight: "bold" };
    const block = this.ts.layout(title, style, this.width);
    const before = depth === 0 ? 0 : this.y === page.top ? 0 : depth === 1 ? 12 : 8;
    this.ensure(before + block.height + (options.keepWith ?? 60));
    if (this.y > page.top) this.space(before);
    if (options.bookmark !== false) {
      const name = `section-${this.destinations.length + 1}`;
      this.doc.addNamedDestination(name, "XYZ", 0, page.height - this.y + 6, null);
      this.destinations.push({ title, depth, name, page: this.pageIndex });
      const outline = (this.doc as unknown as { outline: OutlineItem }).outline;
      this.outlineStack.length = Math.min(this.outlineStack.length, depth);
      const parent = depth === 0 ? outline : (this.outlineStack[depth - 1] ?? outline);
      this.outlineStack[depth] = parent.addItem(cleanText(title), { expanded: depth === 0 });
    }
    this.ts.draw(block, this.left, this.y, this.width, "start");
    this.y += block.height;
    if (depth === 0) {
      this.doc
        .save()
        .moveTo(this.left, this.y + 3)
        .lineTo(this.left + this.width, this.y + 3)
        .lineWidth(1.2)
        .strokeColor(palette.band)
        .stroke()
        .restore();
      this.y += 12;
    } else {
      this.y += 5;
    }
  }

  /** A paragraph that may run over pages, line by line. */
  paragraph(text: string, style: TextStyle = { size: 9.5 }, options: { after?: number; align?: Align; multiline?: boolean; indent?: number } = {}): void {
    const indent = options.indent ?? 0;
    const block = this.ts.layout(text, { leading: 2.5, ...style }, this.width - indent);
    this.drawBlock(block, indent, options.align ?? "start");
    this.space(options.after ?? 6);
  }

  drawBlock(block: TextBlock, indent = 0, align: Align = "start"): void {
    let from = 0;
    while (from < block.lines.length) {
      let to = from;
      let height = 0;
      while (to < block.lines.length && this.y + height + block.lines[to].height <= this.bottom) height += block.lines[to++].height;
      if (to === from) {
        this.newPage();
        continue;
      }
      const x = this.rtl ? this.left : this.left + indent;
      this.ts.draw(block, x, this.y, this.width - indent, align, from, to);
      this.y += height;
      from = to;
      if (from < block.lines.length) this.newPage();
    }
  }

  /** Physical x of a box that starts `offset` from the start edge and is `width` wide (mirrored in right to left). */
  boxX(offset: number, width: number, left = this.left, total = this.width): number {
    return this.rtl ? left + total - offset - width : left + offset;
  }

  /** A table: rows never split, the header row repeats at the top of every page the table continues on. */
  table(columns: Column[], rows: Cell[][], options: { caption?: string; size?: number } = {}): void {
    const size = options.size ?? 8.5;
    const pad = 4;
    const totalShare = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / totalShare) * this.width);
    // A column is at least as wide as the longest word of its header (no header breaks inside a word); the room
    // comes from the widest column, which holds names and wraps.
    const donor = widths.indexOf(Math.max(...widths));
    for (let i = 0; i < columns.length; i++) {
      if (i === donor) continue;
      const longest = Math.max(...columns[i].header.split(/\s+/).map((word) => this.ts.widthOf(word, { size, weight: "bold" }))) + 2 * pad + 1;
      if (widths[i] < longest) {
        widths[donor] -= longest - widths[i];
        widths[i] = longest;
      }
    }
    const offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));

    const layoutRow = (cells: Cell[], header: boolean) => {
      let column = 0;
      const laid = cells.map((cell) => {
        const span = Math.max(1, Math.min(cell.span ?? 1, columns.length - column));
        const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
        const offset = offsets[column];
        const align = span === 1 ? (columns[column].align ?? "start") : "start";
        column += span;
        const main = this.ts.layout(
          cell.text,
          { size, weight: header ? "bold" : (cell.weight ?? "regular"), color: cell.color ?? palette.text },
          width - 2 * pad,
        );
        const note = cell.note ? this.ts.layout(cell.note, { size: size - 1.5, color: palette.muted }, width - 2 * pad) : null;
        return { cell, width, offset, align, main, note, height: main.height + (note?.height ?? 0) };
      });
      return { laid, height: Math.max(size * 1.3, ...laid.map((c) => c.height)) + 2 * pad };
    };

    const drawRow = (row: ReturnType<typeof layoutRow>, shade: string | null) => {
      const y = this.y;
      if (shade) this.doc.save().rect(this.left, y, this.width, row.height).fill(shade).restore();
      for (const c of row.laid) {
        const x = this.boxX(c.offset, c.width);
        if (c.cell.fill)
          this.doc
            .save()
            .rect(x + 1.5, y + 1.5, c.width - 3, row.height - 3)
            .fill(c.cell.fill)
            .restore();
        this.ts.draw(c.main, x + pad, y + pad, c.width - 2 * pad, c.align);
        if (c.note) this.ts.draw(c.note, x + pad, y + pad + c.main.height, c.width - 2 * pad, c.align);
      }
      this.doc
        .save()
        .moveTo(this.left, y + row.height)
        .lineTo(this.left + this.width, y + row.height)
        .lineWidth(0.4)
        .strokeColor(palette.rule)
        .stroke()
        .restore();
      this.y += row.height;
    };

    const header = layoutRow(
      columns.map((c) => ({ text: c.header })),
      true,
    );
    const caption = options.caption ? this.ts.layout(options.caption, { size: 9, weight: "bold", color: palette.muted }, this.width) : null;
    const drawHeader = () => drawRow(header, palette.header);
    const laidRows = rows.map((r) => layoutRow(r, false));

    this.ensure((caption?.height ?? 0) + 4 + header.height + (laidRows[0]?.height ?? 0));
    if (caption) {
      this.ts.draw(caption, this.left, this.y, this.width, "start");
      this.y += caption.height + 4;
    }
    drawHeader();
    laidRows.forEach((row, i) => {
      if (this.y + row.height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      drawRow(row, i % 2 === 1 ? palette.zebra : null);
    });
    this.space(10);
  }
}
