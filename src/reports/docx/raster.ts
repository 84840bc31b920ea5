// A small anti-aliased rasteriser for the DOCX charts' PNG fallback (Word before 2016 and other readers that do not
// show SVG): paths filled by the non-zero rule with four sub-scanlines per pixel and exact horizontal coverage, then
// written as a PNG with Node's zlib. Nothing in node_modules rasterises without a browser or native code, and the
// charts are only rectangles, polygons, lines and glyph outlines (docs/reports-docx.md).
import { deflateSync } from "node:zlib";
import type { PathCommand } from "./chart-text";

export type Rgba = [number, number, number, number];
/** The colour of a filled pixel (device pixels), for patterns; or a plain colour. */
export type Paint = Rgba | ((x: number, y: number) => Rgba);

const subScanlines = 4;

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  top: number;
  bottom: number;
  winding: 1 | -1;
}

export class Raster {
  readonly pixelWidth: number;
  readonly pixelHeight: number;
  private readonly rgb: Float32Array;

  constructor(
    width: number,
    height: number,
    private readonly scale: number,
  ) {
    this.pixelWidth = Math.ceil(width * scale);
    this.pixelHeight = Math.ceil(height * scale);
    this.rgb = new Float32Array(this.pixelWidth * this.pixelHeight * 3).fill(255);
  }

  fill(path: readonly PathCommand[], paint: Paint): void {
    // Edges in order of their top, made active as the scanlines reach them: a label's many glyphs cost each
    // scanline only the few edges that cross it.
    const edges = this.edgesOf(path).sort((a, b) => a.top - b.top);
    if (edges.length === 0) return;
    const active: Edge[] = [];
    let next = 0;
    const top = Math.max(0, Math.floor(edges.reduce((m, e) => Math.min(m, e.top), Infinity)));
    const bottom = Math.min(this.pixelHeight - 1, Math.ceil(edges.reduce((m, e) => Math.max(m, e.bottom), -Infinity)));
    const coverage = new Float32Array(this.pixelWidth + 1);
    // Crossings of one sub-scanline: positions and windings, kept in order by insertion (a few per line).
    const xs = new Float64Array(edges.length);
    const windings = new Int8Array(edges.length);
    for (let py = top; py <= bottom; py++) {
      let touchedFrom = this.pixelWidth;
      let touchedTo = -1;
      for (let s = 0; s < subScanlines; s++) {
        const sy = py + (s + 0.5) / subScanlines;
        while (next < edges.length && edges[next].top <= sy) active.push(edges[next++]);
        let kept = 0;
        for (const e of active) if (e.bottom > sy) active[kept++] = e;
        active.length = kept;
        let count = 0;
        for (const e of active) {
          if (sy < e.top) continue;
          const x = e.x0 + ((sy - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0);
          let j = count++;
          while (j > 0 && xs[j - 1] > x) {
            xs[j] = xs[j - 1];
            windings[j] = windings[j - 1];
            j--;
          }
          xs[j] = x;
          windings[j] = e.winding;
        }
        if (count < 2) continue;
        let winding = 0;
        for (let i = 0; i < count - 1; i++) {
          winding += windings[i];
          if (winding === 0) continue;
          const from = Math.max(0, xs[i]);
          const to = Math.min(this.pixelWidth, xs[i + 1]);
          if (to <= from) continue;
          const first = Math.floor(from);
          const last = Math.min(this.pixelWidth - 1, Math.floor(to));
          if (first < touchedFrom) touchedFrom = first;
          if (last > touchedTo) touchedTo = last;
          if (first === last) coverage[first] += to - from;
          else {
            coverage[first] += first + 1 - from;
            for (let x = first + 1; x < last; x++) coverage[x] += 1;
            coverage[last] += to - last;
          }
        }
      }
      if (touchedTo < 0) continue;
      for (let px = touchedFrom; px <= touchedTo; px++) {
        const cover = Math.min(1, coverage[px] / subScanlines);
        coverage[px] = 0;
        if (cover <= 0) continue;
        const [r, g, b, a] = typeof paint === "function" ? paint(px, py) : paint;
        const alpha = cover * a;
        const i = (py * this.pixelWidth + px) * 3;
        this.rgb[i] += (r - this.rgb[i]) * alpha;
        this.rgb[i + 1] += (g - this.rgb[i + 1]) * alpha;
        this.rgb[i + 2] += (b - this.rgb[i + 2]) * alpha;
      }
    }
  }

  /** The path flattened to straight edges in device pixels (curves cut into short segments). */
  private edgesOf(path: readonly PathCommand[]): Edge[] {
    const edges: Edge[] = [];
    const k = this.scale;
    let start: [number, number] | null = null;
    let at: [number, number] = [0, 0];
    const lineTo = (x: number, y: number) => {
      if (at[1] !== y) edges.push({ x0: at[0], y0: at[1], x1: x, y1: y, top: Math.min(at[1], y), bottom: Math.max(at[1], y), winding: y > at[1] ? 1 : -1 });
      at = [x, y];
    };
    const close = () => {
      if (start) lineTo(start[0], start[1]);
    };
    for (const c of path) {
      if (c.op === "M") {
        close();
        start = [c.x * k, c.y * k];
        at = start;
      } else if (c.op === "L") lineTo(c.x * k, c.y * k);
      else if (c.op === "Q") {
        const [x0, y0] = at;
        for (let i = 1; i <= 8; i++) {
          const t = i / 8;
          const u = 1 - t;
          lineTo(u * u * x0 + 2 * u * t * c.cx * k + t * t * c.x * k, u * u * y0 + 2 * u * t * c.cy * k + t * t * c.y * k);
        }
      } else if (c.op === "C") {
        const [x0, y0] = at;
        for (let i = 1; i <= 12; i++) {
          const t = i / 12;
          const u = 1 - t;
          lineTo(
            u * u * u * x0 + 3 * u * u * t * c.c1x * k + 3 * u * t * t * c.c2x * k + t * t * t * c.x * k,
            u * u * u * y0 + 3 * u * u * t * c.c1y * k + 3 * u * t * t * c.c2y * k + t * t * t * c.y * k,
          );
        }
      } else {
        close();
        if (start) at = start;
        start = null;
      }
    }
    close();
    return edges;
  }

  /** The image as a PNG (8-bit RGB, no filter: deflate does well on a chart's flat colours). */
  png(): Buffer {
    const { pixelWidth: width, pixelHeight: height } = this;
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) {
      const row = y * (width * 3 + 1);
      raw[row] = 0;
      for (let x = 0; x < width * 3; x++) raw[row + 1 + x] = Math.round(this.rgb[y * width * 3 + x]);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(raw, { level: 6 })),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
