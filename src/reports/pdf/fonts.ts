// The fonts the PDF embeds and which one draws each character. Fonts come from npm packages in node_modules (Noto
// Sans for Latin, Cyrillic and Greek; Noto Sans Arabic; Noto Sans SC for Chinese), never from the network; see
// docs/pdf-fonts.md for their origin and licence (SIL OFL 1.1).
import fs from "node:fs";
import { createRequire } from "node:module";
// Brings pdfkit's global `PDFKit` type namespace into scope.
import type {} from "pdfkit";

export type ScriptFamily = "latin" | "arabic" | "cjk";
export type Weight = "regular" | "bold";

const fontFiles: Record<ScriptFamily, Record<Weight, string>> = {
  latin: {
    regular: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  },
  arabic: {
    regular: "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf",
  },
  cjk: {
    regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
  },
};

/**
 * Vertical metrics per family, as fractions of the font size: what a line needs above and below its baseline.
 * Arabic needs more room for its marks and descending letters than the fonts' Latin-like defaults suggest.
 */
export const familyMetrics: Record<ScriptFamily, { ascent: number; descent: number }> = {
  latin: { ascent: 1.0, descent: 0.3 },
  arabic: { ascent: 1.08, descent: 0.52 },
  cjk: { ascent: 1.06, descent: 0.32 },
};

const resolveModule = createRequire(import.meta.url).resolve;
/**
 * Fonts are parsed once per process and shared by every document, with the shaped words pdfkit caches for them:
 * shaping is most of the cost of a report, and a word shapes the same in every document. Each document keeps its
 * own subset. The word cache starts afresh when it grows large.
 */
const parsedFonts = new Map<string, FontkitFont>();
const layoutCaches = new Map<string, Record<string, unknown>>();
const layoutCacheLimit = 100_000;

function sharedLayoutCache(name: string): Record<string, unknown> {
  let cache = layoutCaches.get(name);
  if (!cache || Object.keys(cache).length > layoutCacheLimit) {
    cache = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(name, cache);
  }
  return cache;
}
/** Font files are read once per process: the Chinese font alone is 10 MB. */
const fontData = new Map<string, Buffer>();

function fontBuffer(family: ScriptFamily, weight: Weight): Buffer {
  const specifier = fontFiles[family][weight];
  let data = fontData.get(specifier);
  if (!data) {
    data = fs.readFileSync(resolveModule(specifier));
    fontData.set(specifier, data);
  }
  return data;
}

/** The path of a font file inside node_modules (for documentation and checks). */
export function fontPath(family: ScriptFamily, weight: Weight): string {
  return resolveModule(fontFiles[family][weight]);
}

export function fontName(family: ScriptFamily, weight: Weight): string {
  return `${family}-${weight}`;
}

/** What we read of pdfkit's current font object (not in its public typings): glyph coverage, shaping and subsetting. */
interface ShapedGlyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
interface FontkitFont {
  hasGlyphForCodePoint?: (codePoint: number) => boolean;
  _layoutEngine?: { engine?: { substitute?: (run: unknown) => void; glyphInfos?: { codePoints: number[] }[] | null } };
}
interface EmbeddedFontInternals {
  font?: FontkitFont;
  layoutCache?: Record<string, unknown> | null;
  layoutRun?: (text: string, features?: unknown) => { glyphs: ShapedGlyph[]; positions: unknown[]; direction: string };
  subset?: { glyphs: number[]; includeGlyph(id: number): number };
  widths?: number[];
  unicode?: number[][];
  scale?: number;
  encode?: (text: string, features?: unknown) => [string[], unknown[]];
}
interface CurrentFont {
  _font?: EmbeddedFontInternals;
}

const patched = new WeakSet<object>();
/** Per shaping engine: the characters each glyph of its latest layout stands for (logical order). */
const shapedTexts = new WeakMap<object, string[]>();
/** A shaped run with the text of each glyph; shared by the documents of the process, like pdfkit's word cache. */
interface Shape {
  glyphs: ShapedGlyph[];
  positions: unknown[];
  texts: string[];
}
const shapeCache = new WeakMap<object, Map<string, Shape>>();

/**
 * Makes a font give each use of a glyph its own text. A PDF maps each glyph of a subset to one text (ToUnicode);
 * Noto Sans Arabic shapes letters as a dotless base glyph plus dot marks, so one glyph stands for several letters
 * (the medial base of ب ت ث ن ي is one glyph) and a single mapping would make copied or extracted Arabic wrong.
 * The patched encoder puts a glyph into the subset once per distinct text it stands for (duplicate outlines under
 * new subset ids), so every subset glyph maps to exactly one text. Without pdfkit's internals (a future pdfkit) the
 * font stays as it is: the text still draws correctly, only extraction of those letters suffers.
 */
function giveEachMeaningItsGlyph(font: EmbeddedFontInternals): void {
  const { layoutRun, subset, widths, unicode, scale } = font;
  const engine = font.font?._layoutEngine?.engine;
  if (patched.has(font) || !layoutRun || !subset || !widths || !unicode || scale === undefined || !font.encode || !engine?.substitute) return;
  patched.add(font);
  // fontkit's shaped glyphs carry the characters of the first text that ever used them; the shaper's own glyph
  // records (logical order, read right after substitution) say which characters each glyph stands for here.
  if (!patched.has(engine)) {
    patched.add(engine);
    const substitute = engine.substitute;
    engine.substitute = function (run: unknown) {
      substitute.call(this, run);
      shapedTexts.set(engine, (engine.glyphInfos ?? []).map((info) => String.fromCodePoint(...info.codePoints)));
    };
  }
  const subsetIds = new Map<string, number>();
  const included = new Set<number>();
  let shapes = shapeCache.get(engine);
  if (!shapes) {
    shapes = new Map();
    shapeCache.set(engine, shapes);
  }
  const cache = shapes;
  const shape = (text: string, features: unknown): Shape => {
    const key = features === undefined ? text : null;
    const known = key === null ? undefined : cache.get(key);
    if (known) return known;
    shapedTexts.delete(engine);
    const run = layoutRun.call(font, text, features);
    const shaped = shapedTexts.get(engine) ?? [];
    let texts: string[];
    if (shaped.length === run.glyphs.length) {
      // A combining mark (shadda, fatha, hamza above) is drawn as its own glyph, which extractors place beside the
      // wrong letter once the line is reordered: its text goes with its base letter's glyph instead.
      const logical = [...shaped];
      for (let i = 1; i < logical.length; i++) {
        if (logical[i] === "" || !/^\p{M}+$/u.test(logical[i])) continue;
        let base = i - 1;
        while (base > 0 && logical[base] === "") base--;
        logical[base] += logical[i];
        logical[i] = "";
      }
      // Extractors read a right-to-left glyph's text as drawn, right to left, and reverse it with the word: a
      // letter and its marks are therefore mapped in that drawn order.
      texts = run.direction === "rtl" ? logical.reverse().map((text) => (text.length > 1 && /\p{M}/u.test(text) ? [...text].reverse().join("") : text)) : logical;
    } else {
      texts = run.glyphs.map((g) => String.fromCodePoint(...g.codePoints));
    }
    const result = { glyphs: run.glyphs, positions: run.positions, texts };
    if (key !== null) {
      if (cache.size >= layoutCacheLimit) cache.clear();
      cache.set(key, result);
    }
    return result;
  };
  font.encode = (text, features) => {
    const run = shape(text, features);
    const encoded = run.glyphs.map((glyph, i) => {
      const meaning = run.texts[i];
      const key = `${glyph.id}:${meaning}`;
      let gid = subsetIds.get(key);
      if (gid === undefined) {
        if (included.has(glyph.id)) {
          subset.glyphs.push(glyph.id);
          gid = subset.glyphs.length - 1;
        } else {
          gid = subset.includeGlyph(glyph.id);
          included.add(glyph.id);
        }
        subsetIds.set(key, gid);
        widths[gid] ??= glyph.advanceWidth * scale;
        unicode[gid] ??= [...meaning].map((c) => c.codePointAt(0)!);
      }
      return gid.toString(16).padStart(4, "0");
    });
    return [encoded, run.positions];
  };
}

/**
 * The fonts of one document. Families register lazily: the Chinese font is only read and parsed when a text needs
 * it, so a report without Chinese costs nothing for it.
 */
export class DocumentFonts {
  private readonly registered = new Set<string>();
  private readonly coverage = new Map<ScriptFamily, Map<number, boolean>>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Makes `family`/`weight` the document's current font and returns its registered name. */
  use(family: ScriptFamily, weight: Weight): string {
    const name = this.ensure(family, weight);
    this.doc.font(name);
    return name;
  }

  ensure(family: ScriptFamily, weight: Weight): string {
    const name = fontName(family, weight);
    if (!this.registered.has(name)) {
      const parsed = parsedFonts.get(name);
      // pdfkit takes a parsed fontkit font as well as a file; each document still makes its own subset of it.
      this.doc.registerFont(name, (parsed ?? fontBuffer(family, weight)) as unknown as Buffer);
      this.registered.add(name);
      this.doc.font(name);
      const embedded = (this.doc as unknown as CurrentFont)._font;
      if (embedded?.font && !parsed) parsedFonts.set(name, embedded.font);
      if (embedded && embedded.layoutCache !== undefined) embedded.layoutCache = sharedLayoutCache(name);
    }
    return name;
  }

  /** Whether the family's font has a glyph for the character (asked of the font itself, then remembered). */
  covers(family: ScriptFamily, codePoint: number): boolean {
    let known = this.coverage.get(family);
    if (!known) {
      known = new Map();
      this.coverage.set(family, known);
    }
    const cached = known.get(codePoint);
    if (cached !== undefined) return cached;
    // Switches the current font: callers set the font they draw with before each measurement and drawing.
    this.use(family, "regular");
    const font = (this.doc as unknown as CurrentFont)._font?.font;
    // Without the probe (a future pdfkit), assume coverage: at worst a missing glyph shows as a box.
    const answer = font?.hasGlyphForCodePoint ? font.hasGlyphForCodePoint(codePoint) : true;
    known.set(codePoint, answer);
    return answer;
  }

  /** The registered font to draw a run with (Arabic fonts get an encoder that keeps extracted text right). */
  drawingFont(family: ScriptFamily, weight: Weight): string {
    const name = this.ensure(family, weight);
    if (family === "arabic") {
      this.doc.font(name);
      const font = (this.doc as unknown as CurrentFont)._font;
      if (font) giveEachMeaningItsGlyph(font);
    }
    return name;
  }

  /** Which family draws a character; `previous` is the family of the character before it (marks stay with their base). */
  familyOf(codePoint: number, previous: ScriptFamily | null): ScriptFamily {
    if (codePoint < 0x250) return "latin";
    if (isJoiningOrMark(codePoint)) return previous ?? "latin";
    if (isArabicBlock(codePoint)) return this.covers("arabic", codePoint) ? "arabic" : "latin";
    if (isCjk(codePoint)) return "cjk";
    if (this.covers("latin", codePoint)) return "latin";
    // Symbols the Latin font lacks (√ in the method annex) come from the small Arabic font when it has them, so a
    // report without Chinese text never reads and parses the 10 MB Chinese font for one character.
    if (this.covers("arabic", codePoint)) return "arabic";
    if (this.covers("cjk", codePoint)) return "cjk";
    return "latin";
  }
}

function isArabicBlock(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefe);
}

export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    (cp >= 0x3000 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x2fa1f)
  );
}

const markPattern = /\p{M}/u;

/** Combining marks and the zero-width (non-)joiners belong to the font of the letter before them. */
function isJoiningOrMark(cp: number): boolean {
  if (cp === 0x200c || cp === 0x200d) return true;
  return markPattern.test(String.fromCodePoint(cp));
}

/**
 * Characters that fontkit (pdfkit's shaper) treats as "Common" or unassigned although they sit in the Arabic blocks:
 * a run made only of them is not reversed by fontkit. Measured against fontkit 2.0 by laying out every code point.
 */
const arabicBlockNeutrals: [number, number][] = [
  [0x0605, 0x0605], [0x060c, 0x060c], [0x061b, 0x061b], [0x061d, 0x061d], [0x061f, 0x061f], [0x0640, 0x0640],
  [0x064b, 0x0655], [0x0670, 0x0670], [0x06dd, 0x06dd], [0x08b5, 0x08b5], [0x08be, 0x08d2], [0x08e2, 0x08e2],
  [0xfbc2, 0xfbd2], [0xfd3e, 0xfd4f], [0xfd90, 0xfd91], [0xfdc8, 0xfdef], [0xfdfe, 0xfdff], [0xfe75, 0xfe75], [0xfefd, 0xfeff],
];

/**
 * Whether fontkit lays a run out right to left (and so reverses its glyphs): it does when the first character of a
 * script other than Common/Inherited belongs to a right-to-left script. Our runs never mix scripts, so "contains
 * one" is the same test.
 */
export function isReversedByShaper(text: string): boolean {
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x0590) continue;
    if (isArabicBlock(cp)) {
      if (!arabicBlockNeutrals.some(([a, b]) => cp >= a && cp <= b)) return true;
      continue;
    }
    if ((cp >= 0x0591 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfb4f) || (cp >= 0x10800 && cp <= 0x10fff) || (cp >= 0x1e800 && cp <= 0x1efff)) {
      // Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic and the historic right-to-left scripts (marks excluded).
      if (!markPattern.test(char)) return true;
    }
  }
  return false;
}
