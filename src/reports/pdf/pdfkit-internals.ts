// What the PDF reads and changes of pdfkit's internals (not in its public typings), kept apart from the choice of
// fonts (fonts.ts): the current font's fontkit object (glyph coverage, shaping) and an encoder for Arabic fonts that
// keeps extracted text right. Every access checks for the internal it needs: without it (a future pdfkit) the font
// is used as pdfkit made it.

/** The most words a shared cache keeps before it starts afresh. */
export const layoutCacheLimit = 100_000;

/** What we read of pdfkit's current font object (not in its public typings): glyph coverage, shaping and subsetting. */
interface ShapedGlyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
export interface FontkitFont {
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
export interface CurrentFont {
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
export function giveEachMeaningItsGlyph(font: EmbeddedFontInternals): void {
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
      shapedTexts.set(
        engine,
        (engine.glyphInfos ?? []).map((info) => String.fromCodePoint(...info.codePoints)),
      );
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
      texts =
        run.direction === "rtl" ? logical.reverse().map((text) => (text.length > 1 && /\p{M}/u.test(text) ? [...text].reverse().join("") : text)) : logical;
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
