// Text of the DOCX charts as glyph outlines: each label is shaped with fontkit (pdfkit's shaping engine, with the
// PDF's Noto fonts) and turned into path commands, so the SVG and its PNG fallback draw exactly the same letters
// without depending on the fonts installed where the document is opened. Arabic is shaped and laid right to left.
import fs from "node:fs";
import { createRequire } from "node:module";
import { fontPath, isCjk, type ScriptFamily, type Weight } from "../pdf/fonts";

/** An outline as absolute path commands (y grows downwards, as in SVG). */
export type PathCommand =
  | { op: "M" | "L"; x: number; y: number }
  | { op: "Q"; cx: number; cy: number; x: number; y: number }
  | { op: "C"; c1x: number; c1y: number; c2x: number; c2y: number; x: number; y: number }
  | { op: "Z" };

interface FontkitGlyph {
  id: number;
  path: { commands: { command: string; args: number[] }[]; toSVG(): string };
}
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): { glyphs: FontkitGlyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[]; advanceWidth: number };
  hasGlyphForCodePoint(codePoint: number): boolean;
}

// fontkit comes with pdfkit (its shaper), so it is the one that shapes the PDF's text too.
const require = createRequire(import.meta.url);
const fontkit = require("fontkit") as { create(data: Buffer): FontkitFont };
const loaded = new Map<string, FontkitFont>();

function font(family: ScriptFamily, weight: Weight): FontkitFont {
  const key = `${family}-${weight}`;
  let parsed = loaded.get(key);
  if (!parsed) {
    parsed = fontkit.create(fs.readFileSync(fontPath(family, weight)));
    loaded.set(key, parsed);
  }
  return parsed;
}

type Layout = ReturnType<FontkitFont["layout"]>;
const layouts = new Map<string, Layout>();

/** Shaping is most of a label's cost and labels repeat (legends, axes, dimension names): shaped runs are kept. */
function layout(family: ScriptFamily, weight: Weight, text: string): { face: FontkitFont; laid: Layout } {
  const face = font(family, weight);
  const key = `${family}${weight}\u0000${text}`;
  let laid = layouts.get(key);
  if (!laid) {
    if (layouts.size > 20_000) layouts.clear();
    laid = face.layout(text);
    layouts.set(key, laid);
  }
  return { face, laid };
}

const arabic = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]/;

function familyOf(character: string, previous: ScriptFamily | null): ScriptFamily {
  const cp = character.codePointAt(0)!;
  if (/\p{M}/u.test(character)) return previous ?? "latin";
  if (arabic.test(character)) return "arabic";
  if (isCjk(cp)) return "cjk";
  if (cp < 0x250 || font("latin", "regular").hasGlyphForCodePoint(cp)) return "latin";
  return font("arabic", "regular").hasGlyphForCodePoint(cp) ? "arabic" : "latin";
}

/**
 * The text cut into runs of one font, in logical order. Spaces are runs of their own, so that when a right-to-left
 * label's runs are laid from the right (an Arabic word, then a figure) the space stays between them.
 */
function runsOf(text: string): { family: ScriptFamily; text: string; isSpace: boolean }[] {
  const runs: { family: ScriptFamily; text: string; isSpace: boolean }[] = [];
  let previous: ScriptFamily | null = null;
  for (const character of text) {
    const isSpace = /\s/u.test(character);
    // Spaces and punctuation take the font of the text before them.
    const family: ScriptFamily = (isSpace || /\p{P}/u.test(character)) && previous ? previous : familyOf(character, previous);
    const last = runs[runs.length - 1];
    if (last && last.family === family && last.isSpace === isSpace) last.text += character;
    else runs.push({ family, text: character, isSpace });
    previous = family;
  }
  return runs;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  /** Right to left: the runs of a label are placed from the right (an Arabic report). */
  rtl?: boolean;
}

export function measure(text: string, style: TextStyle): number {
  return runsOf(text).reduce((width, run) => {
    const { face, laid } = layout(run.family, style.bold ? "bold" : "regular", run.text);
    return width + (laid.advanceWidth * style.size) / face.unitsPerEm;
  }, 0);
}

/** One glyph of a set text: which glyph of which font, where its origin stands and at what scale. */
export interface PlacedGlyph {
  /** Unique per font and glyph: the SVG defines each glyph once and places it by this id. */
  key: string;
  glyph: FontkitGlyph;
  x: number;
  y: number;
  scale: number;
}

/** The glyphs of `text` set from `x` (its left edge) on the baseline `y`, shaped, in visual order. */
export function placeGlyphs(text: string, style: TextStyle, x: number, y: number): PlacedGlyph[] {
  const runs = runsOf(text).map((run) => {
    const weight: Weight = style.bold ? "bold" : "regular";
    const { face, laid } = layout(run.family, weight, run.text);
    return { prefix: `${run.family[0]}${weight[0]}`, face, laid, width: (laid.advanceWidth * style.size) / face.unitsPerEm };
  });
  const placed: PlacedGlyph[] = [];
  let cursor = x;
  for (const { prefix, face, laid, width } of style.rtl ? rightToLeft(runs, runsOf(text)) : runs) {
    const scale = style.size / face.unitsPerEm;
    let pen = cursor;
    laid.glyphs.forEach((glyph, i) => {
      const position = laid.positions[i];
      if (glyph.path.commands.length > 0)
        placed.push({ key: `${prefix}${glyph.id}`, glyph, x: pen + position.xOffset * scale, y: y - position.yOffset * scale, scale });
      pen += position.xAdvance * scale;
    });
    cursor += width;
  }
  return placed;
}

/**
 * Runs in the order they stand from the left in a right-to-left label: reversed, except that a stretch of
 * left-to-right runs (Latin words and the spaces between them, a figure such as 2.41) keeps its own order.
 */
function rightToLeft<R>(laid: R[], runs: { family: ScriptFamily; isSpace: boolean }[]): R[] {
  const segments: R[][] = [];
  let i = 0;
  while (i < runs.length) {
    if (runs[i].isSpace || runs[i].family === "arabic") {
      segments.push([laid[i]]);
      i++;
      continue;
    }
    let last = i;
    for (let k = i + 1; k < runs.length && runs[k].family !== "arabic"; k++) if (!runs[k].isSpace) last = k;
    segments.push(laid.slice(i, last + 1));
    i = last + 1;
  }
  return segments.reverse().flat();
}

/** A placed glyph's outline in the chart's coordinates (for the rasteriser). */
export function glyphOutline({ glyph, x, y, scale }: PlacedGlyph): PathCommand[] {
  const px = (value: number) => x + value * scale;
  const py = (value: number) => y - value * scale;
  const commands: PathCommand[] = [];
  for (const { command, args } of glyph.path.commands) {
    if (command === "moveTo") commands.push({ op: "M", x: px(args[0]), y: py(args[1]) });
    else if (command === "lineTo") commands.push({ op: "L", x: px(args[0]), y: py(args[1]) });
    else if (command === "quadraticCurveTo") commands.push({ op: "Q", cx: px(args[0]), cy: py(args[1]), x: px(args[2]), y: py(args[3]) });
    else if (command === "bezierCurveTo")
      commands.push({ op: "C", c1x: px(args[0]), c1y: py(args[1]), c2x: px(args[2]), c2y: py(args[3]), x: px(args[4]), y: py(args[5]) });
    else if (command === "closePath") commands.push({ op: "Z" });
  }
  return commands;
}

/** A glyph's outline in font units, y up, as SVG path data (placed with a transform that flips it). */
export function glyphPathData(glyph: PlacedGlyph["glyph"]): string {
  return glyph.path.toSVG();
}

/** Words wrapped to `width`, at most `maxLines` lines (the last one shortened with an ellipsis). */
export function wrap(text: string, style: TextStyle, width: number, maxLines = 3): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  const push = (word: string) => {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || measure(candidate, style) <= width) {
      line = candidate;
      return;
    }
    lines.push(line);
    line = word;
  };
  for (const word of words) {
    // A word wider than the line (Chinese has no spaces) is cut between characters.
    if (measure(word, style) > width) {
      let piece = "";
      for (const character of word) {
        if (piece && measure(piece + character, style) > width) {
          push(piece);
          piece = "";
        }
        piece += character;
      }
      push(piece);
    } else push(word);
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last.length > 1 && measure(`${last}…`, style) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}
