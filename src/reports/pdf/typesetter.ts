// Typesetting for the PDF. pdfkit shapes glyphs (through fontkit) but neither falls back between fonts nor reorders
// bidirectional text, and its own line wrapping measures with one font. So this module does both: it splits a text
// into runs by script (one font each) and by bidi level (bidi-js), breaks it into lines that fit a width, and draws
// each line's runs at their visual positions. What it measures is exactly what it draws, so callers reserve space
// before drawing (tables, page breaks) and nothing overflows.
import bidiFactory from "bidi-js";
import type {} from "pdfkit";
import { type DocumentFonts, familyMetrics, isCjk, isReversedByShaper, type ScriptFamily, type Weight } from "./fonts";
import { cleanText } from "./sanitize";

type Bidi = ReturnType<typeof bidiFactory>;
type EmbeddingLevels = ReturnType<Bidi["getEmbeddingLevels"]>;

let bidiEngine: Bidi | null = null;
/** bidi-js builds its tables when the factory runs: once per process, on first use. */
function bidi(): Bidi {
  bidiEngine ??= bidiFactory();
  return bidiEngine;
}

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: string;
  /** Extra space below each line, in points. */
  leading?: number;
}

/** A run of one font and one direction, placed on its line. */
export interface PlacedRun {
  /** The characters in the order the shaper needs them (it reverses right-to-left scripts itself). */
  text: string;
  family: ScriptFamily;
  weight: Weight;
  width: number;
  /** Offset from the line's visual left edge. */
  x: number;
  /** Position in the paragraph: runs are written in logical order, so text extraction reads them in that order. */
  logicalStart: number;
}

export interface Line {
  runs: PlacedRun[];
  width: number;
  /** Distance from the top of the line to its baseline. */
  ascent: number;
  height: number;
  style: TextStyle;
}

export interface TextBlock {
  lines: Line[];
  width: number;
  height: number;
}

/** "start" and "end" follow the report's direction (mirrored in right-to-left reports); the others are physical. */
export type Align = "start" | "end" | "center" | "left" | "right";

export interface LayoutOptions {
  /** Keep line breaks in the text (comments, long paragraphs); otherwise white space collapses to single spaces. */
  multiline?: boolean;
}

const strongRtl = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const markPattern = /^[\p{M}\u200c\u200d]$/u;
const letter = /\p{L}/u;
/** Chinese punctuation that must not start a line, and that must not end one. */
const closingPunctuation = new Set([..."、。，．：；！？）」』】〕〉》”’％·…—"]);
const openingPunctuation = new Set([..."（「『【〔〈《“‘"]);
const hyphens = new Set(["-", "/", "\u2010", "\u2013", "\u2014"]);

interface Piece {
  start: number;
  end: number;
  width: number;
  /** Width without the spaces that end the piece (they vanish at the end of a line). */
  bareWidth: number;
}

/** A paragraph split into code points, with what every later step needs to know about each. */
interface Paragraph {
  text: string;
  chars: string[];
  /** UTF-16 offset of each code point (bidi-js works in UTF-16 positions). */
  offsets: number[];
  families: ScriptFamily[];
  embedding: EmbeddingLevels | null;
}

/**
 * Width of a text at 1 pt, per font, plus the form of the text that lays out (see `measureRun`). Shared by every
 * document of the process: a width depends only on the font file and the text, and shaping is most of a report's
 * cost, so the second report of the same assessment measures almost nothing. Bounded: cleared when it grows large.
 */
const unitWidths = new Map<string, { text: string; unit: number }>();
const unitWidthsLimit = 200_000;

export class Typesetter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    readonly fonts: DocumentFonts,
    /** The report's direction: it decides the paragraph direction of right-to-left text and what "start" means. */
    readonly rtl: boolean,
  ) {}

  /** Lays `text` out in lines no wider than `maxWidth`. */
  layout(text: string, style: TextStyle, maxWidth: number, options: LayoutOptions = {}): TextBlock {
    const clean = cleanText(text, { multiline: options.multiline });
    const lines: Line[] = [];
    if (clean !== "") {
      for (const paragraph of clean.split("\n")) {
        if (paragraph === "") lines.push(this.emptyLine(style));
        else lines.push(...this.layoutParagraph(paragraph, style, Math.max(maxWidth, style.size)));
      }
    }
    return { lines, width: lines.reduce((w, l) => Math.max(w, l.width), 0), height: lines.reduce((h, l) => h + l.height, 0) };
  }

  /** The natural width of a text on one line. */
  widthOf(text: string, style: TextStyle): number {
    return this.layout(text, style, Number.POSITIVE_INFINITY).width;
  }

  /** The height of one line of Latin text in this style (for fixed rows such as headers of charts). */
  lineHeight(style: TextStyle): number {
    return (familyMetrics.latin.ascent + familyMetrics.latin.descent) * style.size + (style.leading ?? 0);
  }

  /**
   * Draws lines `from`–`to` of a block in a box starting at `x` (its physical left edge) and `width` wide, the first
   * line's top at `y`. Returns the height drawn.
   */
  draw(block: TextBlock, x: number, y: number, width: number, align: Align = "start", from = 0, to = block.lines.length): number {
    let top = y;
    for (let i = from; i < to; i++) {
      const line = block.lines[i];
      const left = this.lineLeft(line.width, x, width, align);
      const baseline = top + line.ascent;
      this.doc.fillColor(line.style.color ?? "#1b1f24");
      // Written in logical order (so extraction reads the words in order), each at its visual position.
      for (const run of line.runs) {
        const font = this.fonts.drawingFont(run.family, run.weight);
        this.doc
          .font(font)
          .fontSize(line.style.size)
          .text(run.text, left + run.x, baseline, {
            lineBreak: false,
            baseline: "alphabetic",
            textWidth: run.width,
            wordCount: 1,
          } as PDFKit.Mixins.TextOptions);
      }
      top += line.height;
    }
    return top - y;
  }

  private lineLeft(lineWidth: number, x: number, width: number, align: Align): number {
    const physical = align === "start" ? (this.rtl ? "right" : "left") : align === "end" ? (this.rtl ? "left" : "right") : align;
    if (physical === "left") return x;
    if (physical === "right") return x + width - lineWidth;
    return x + (width - lineWidth) / 2;
  }

  private emptyLine(style: TextStyle): Line {
    return { runs: [], width: 0, ascent: familyMetrics.latin.ascent * style.size, height: this.lineHeight(style), style };
  }

  private prepare(text: string): Paragraph {
    const chars: string[] = [];
    const offsets: number[] = [];
    const families: ScriptFamily[] = [];
    let offset = 0;
    let previous: ScriptFamily | null = null;
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      // Spaces always take the Latin font: a space inside an Arabic run would make pdfkit shape the words separately
      // and put them back in logical order, which reverses the words of right-to-left text.
      const family: ScriptFamily = cp === 0x20 ? "latin" : this.fonts.familyOf(cp, previous);
      chars.push(char);
      offsets.push(offset);
      families.push(family);
      offset += char.length;
      previous = family;
    }
    let embedding: EmbeddingLevels | null = null;
    if (strongRtl.test(text)) {
      // Right-to-left text takes the report's direction as its paragraph direction in a right-to-left report (so
      // a translated sentence stays right to left even when it starts with a Latin name) and its own otherwise.
      embedding = bidi().getEmbeddingLevels(text, this.rtl ? "rtl" : "auto");
    } else if (this.rtl && !letter.test(text)) {
      // Figures and punctuation alone ("2.41 – 3.11") read right to left in a right-to-left report, as on its HTML
      // page; Latin words alone (a name) keep their own direction.
      embedding = bidi().getEmbeddingLevels(text, "rtl");
    }
    return { text, chars, offsets, families, embedding };
  }

  private levelAt(p: Paragraph, index: number): number {
    return p.embedding ? p.embedding.levels[p.offsets[index]] : 0;
  }

  private layoutParagraph(text: string, style: TextStyle, maxWidth: number): Line[] {
    const p = this.prepare(text);
    const weight = style.weight ?? "regular";
    const pieces = this.pieces(p, weight, style.size);
    const ranges: [number, number][] = [];
    let lineStart = 0;
    let lineWidth = 0;
    for (const piece of pieces) {
      if (piece.bareWidth > maxWidth) {
        // A word longer than the line (a long URL, a name without spaces): break it between characters.
        if (lineStart < piece.start) ranges.push([lineStart, piece.start]);
        let chunkStart = piece.start;
        for (;;) {
          const chunkEnd = this.fitChars(p, chunkStart, piece.end, weight, style.size, maxWidth);
          if (chunkEnd >= piece.end) {
            lineStart = chunkStart;
            lineWidth = this.spanWidth(p, chunkStart, piece.end, weight, style.size);
            break;
          }
          ranges.push([chunkStart, chunkEnd]);
          chunkStart = chunkEnd;
        }
        continue;
      }
      if (lineStart === piece.start) {
        lineWidth = piece.width;
      } else if (lineWidth + piece.bareWidth <= maxWidth) {
        lineWidth += piece.width;
      } else {
        ranges.push([lineStart, piece.start]);
        lineStart = piece.start;
        lineWidth = piece.width;
      }
    }
    if (lineStart < p.chars.length) ranges.push([lineStart, p.chars.length]);
    return ranges.map(([start, end]) => this.buildLine(p, start, end, style));
  }

  /** Splits a paragraph where a line may break: after spaces, after hyphens and slashes, around Chinese characters. */
  private pieces(p: Paragraph, weight: Weight, size: number): Piece[] {
    const pieces: Piece[] = [];
    let start = 0;
    const n = p.chars.length;
    for (let k = 1; k <= n; k++) {
      if (k < n && !this.breaksBefore(p, k, start)) continue;
      let bareEnd = k;
      while (bareEnd > start && p.chars[bareEnd - 1] === " ") bareEnd--;
      const bareWidth = this.spanWidth(p, start, bareEnd, weight, size);
      const width = bareEnd === k ? bareWidth : bareWidth + this.spanWidth(p, bareEnd, k, weight, size);
      pieces.push({ start, end: k, width, bareWidth });
      start = k;
    }
    return pieces;
  }

  private breaksBefore(p: Paragraph, k: number, pieceStart: number): boolean {
    const before = p.chars[k - 1];
    const here = p.chars[k];
    if (markPattern.test(here)) return false;
    if (before === " ") return here !== " ";
    if (here === " ") return false;
    if (hyphens.has(before) && k - 1 > pieceStart && p.chars[k - 2] !== " ") return true;
    const cjkHere = isCjk(here.codePointAt(0)!);
    const cjkBefore = isCjk(before.codePointAt(0)!);
    if ((cjkHere || cjkBefore) && !closingPunctuation.has(here) && !openingPunctuation.has(before)) return true;
    return false;
  }

  /** The end of the longest span from `start` (at least one character with its marks) that fits in `maxWidth`. */
  private fitChars(p: Paragraph, start: number, end: number, weight: Weight, size: number, maxWidth: number): number {
    let k = start;
    let width = 0;
    while (k < end) {
      let next = k + 1;
      while (next < end && markPattern.test(p.chars[next])) next++;
      const charWidth = this.spanWidth(p, k, next, weight, size);
      if (k > start && width + charWidth > maxWidth) break;
      width += charWidth;
      k = next;
    }
    // Character widths do not add up exactly once shaped together (Arabic joining forms, kerning): shrink to fit.
    while (k - start > 1 && this.spanWidth(p, start, k, weight, size) > maxWidth) {
      k--;
      while (k - start > 1 && markPattern.test(p.chars[k])) k--;
    }
    return k;
  }

  /** Width of code points `start`–`end` (logical order), measured per font. */
  private spanWidth(p: Paragraph, start: number, end: number, weight: Weight, size: number): number {
    let width = 0;
    let k = start;
    while (k < end) {
      const family = p.families[k];
      let next = k + 1;
      while (next < end && p.families[next] === family) next++;
      width += this.measureRun(family, weight, p.chars.slice(k, next).join("")).unit * size;
      k = next;
    }
    return width;
  }

  /**
   * Measures a run at 1 pt. fontkit throws on a few malformed mark sequences (an Arabic mark with no base letter
   * its font can anchor it to); such a run loses its marks, or failing that the characters that cannot be laid
   * out, so that no text can stop the document. The text returned is the one to draw.
   */
  private measureRun(family: ScriptFamily, weight: Weight, text: string): { text: string; unit: number } {
    const font = this.fonts.ensure(family, weight);
    const key = `${font}\u0000${text}`;
    const known = unitWidths.get(key);
    if (known) return known;
    const attempt = (candidate: string): number | null => {
      try {
        return this.doc.font(font).fontSize(1).widthOfString(candidate);
      } catch {
        return null;
      }
    };
    let result: { text: string; unit: number };
    const direct = attempt(text);
    if (direct !== null) {
      result = { text, unit: direct };
    } else {
      const withoutMarks = text.replace(/\p{M}/gu, "");
      const stripped = attempt(withoutMarks);
      if (stripped !== null) {
        result = { text: withoutMarks, unit: stripped };
      } else {
        const kept = [...withoutMarks].filter((char) => attempt(char) !== null).join("");
        const width = attempt(kept);
        result = width === null ? { text: "", unit: 0 } : { text: kept, unit: width };
      }
    }
    if (unitWidths.size >= unitWidthsLimit) unitWidths.clear();
    unitWidths.set(key, result);
    return result;
  }

  private buildLine(p: Paragraph, start: number, end: number, style: TextStyle): Line {
    // Spaces at the end of a line take no room and are not drawn.
    while (end > start && p.chars[end - 1] === " ") end--;
    const weight = style.weight ?? "regular";
    const from = p.offsets[start];
    const to = end > start ? p.offsets[end - 1] + p.chars[end - 1].length - 1 : from;
    const engine = p.embedding ? bidi() : null;
    const mirrored = engine && end > start ? engine.getMirroredCharactersMap(p.text, p.embedding!.levels, from, to) : null;

    interface Pending {
      start: number;
      end: number;
      family: ScriptFamily;
      level: number;
    }
    const pending: Pending[] = [];
    for (let k = start; k < end; k++) {
      const family = p.families[k];
      const level = this.levelAt(p, k);
      const last = pending[pending.length - 1];
      // Right-to-left runs also break at spaces: pdfkit lays out word by word in logical order (see prepare()).
      const splitsAtSpace = level % 2 === 1 && (p.chars[k] === " " || p.chars[k - 1] === " ");
      if (last && last.family === family && last.level === level && !splitsAtSpace) last.end = k + 1;
      else pending.push({ start: k, end: k + 1, family, level });
    }

    const runs: PlacedRun[] = pending.map((run) => {
      let text = "";
      for (let k = run.start; k < run.end; k++) text += mirrored?.get(p.offsets[k]) ?? p.chars[k];
      // The shaper reverses runs of right-to-left scripts on its own; every other run arrives in the order it is
      // to be drawn, so reverse it here when its direction disagrees with the shaper's.
      if ((run.level % 2 === 1) !== isReversedByShaper(text)) text = [...text].reverse().join("");
      const measured = this.measureRun(run.family, weight, text);
      return { text: measured.text, family: run.family, weight, width: measured.unit * style.size, x: 0, logicalStart: run.start };
    });

    // Visual order: bidi-js says which stretches of the line to reverse; a run's place is that of its first character.
    if (engine && end > start) {
      const order: number[] = [];
      for (let i = from; i <= to; i++) order.push(i);
      for (const [s, e] of engine.getReorderSegments(p.text, p.embedding!, from, to)) {
        const head = order.slice(s - from, e - from + 1).reverse();
        order.splice(s - from, head.length, ...head);
      }
      const visualPosition = new Map<number, number>();
      order.forEach((index, position) => visualPosition.set(index, position));
      const placeOf = (run: PlacedRun, source: Pending) =>
        Math.min(visualPosition.get(p.offsets[source.start]) ?? 0, visualPosition.get(p.offsets[source.end - 1]) ?? 0);
      const visual = runs.map((run, i) => ({ run, place: placeOf(run, pending[i]) })).sort((a, b) => a.place - b.place);
      let x = 0;
      for (const { run } of visual) {
        run.x = x;
        x += run.width;
      }
    } else {
      let x = 0;
      for (const run of runs) {
        run.x = x;
        x += run.width;
      }
    }

    const used = new Set(runs.map((r) => r.family));
    if (used.size === 0) used.add("latin");
    const ascent = Math.max(...[...used].map((f) => familyMetrics[f].ascent)) * style.size;
    const descent = Math.max(...[...used].map((f) => familyMetrics[f].descent)) * style.size;
    return { runs, width: runs.reduce((w, r) => w + r.width, 0), ascent, height: ascent + descent + (style.leading ?? 0), style };
  }
}
