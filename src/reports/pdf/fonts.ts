// The fonts the PDF embeds and which one draws each character. Fonts come from npm packages in node_modules (Noto
// Sans for Latin, Cyrillic and Greek; Noto Sans Arabic; Noto Sans SC for Chinese), never from the network; see
// docs/pdf-fonts.md for their origin and licence (SIL OFL 1.1).
import fs from "node:fs";
import { createRequire } from "node:module";
// Brings pdfkit's global `PDFKit` type namespace into scope.
import type {} from "pdfkit";
import { giveEachMeaningItsGlyph, layoutCacheLimit, type CurrentFont, type FontkitFont } from "./pdfkit-internals";

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
  return (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x08a0 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefe)
  );
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
  [0x0605, 0x0605],
  [0x060c, 0x060c],
  [0x061b, 0x061b],
  [0x061d, 0x061d],
  [0x061f, 0x061f],
  [0x0640, 0x0640],
  [0x064b, 0x0655],
  [0x0670, 0x0670],
  [0x06dd, 0x06dd],
  [0x08b5, 0x08b5],
  [0x08be, 0x08d2],
  [0x08e2, 0x08e2],
  [0xfbc2, 0xfbd2],
  [0xfd3e, 0xfd4f],
  [0xfd90, 0xfd91],
  [0xfdc8, 0xfdef],
  [0xfdfe, 0xfdff],
  [0xfe75, 0xfe75],
  [0xfefd, 0xfeff],
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
