// The heatmap's colour says what its printed number says (issue 23): one pure rule (src/reports/level-shade.ts) shades
// the page's, the PDF's and the Word document's cells by the whole level nearest to the printed value, and the key
// lists the printed values of each shade. Checked on the rule, on the stylesheet, and on the page and the DOCX made
// from the demo's published report.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareFirstRun } from "../../src/bootstrap";
import { levelShadeOf, levelShadeRanges, levelShades, printedLevel } from "../../src/reports/level-shade";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";
import { unzip } from "./docx-package";

/** The shade whose key range holds a printed value. */
const shadeInKey = (printed: number) => levelShadeRanges().find((r) => printed >= r.from && printed <= r.to + 1e-9)!.level;

describe("the heatmap's shading rule", () => {
  it("shades every printed value with the shade the key gives that value", () => {
    for (let thousandths = 0; thousandths <= 5000; thousandths += 1) {
      const current = thousandths / 1000;
      const printed = printedLevel(current);
      expect(levelShadeOf(current), `${current} printed ${printed}`).toBe(shadeInKey(printed));
      // The same figure printed gets the same shade, whatever the unrounded level behind it.
      expect(levelShadeOf(printed)).toBe(levelShadeOf(current));
    }
  });

  it("follows the printed number, not the unrounded level: 2.45 prints 2.5 and takes level 3's shade", () => {
    expect(printedLevel(2.45)).toBe(2.5);
    expect(levelShadeOf(2.45)).toBe(3);
    expect(levelShadeOf(2.449)).toBe(2);
    expect(levelShadeOf(0)).toBe(0);
    expect(levelShadeOf(5)).toBe(5);
  });

  it("uses the stylesheet's shades, so the page, the PDF and the DOCX colour alike", () => {
    const css = fs.readFileSync(path.join(__dirname, "../../src/web/assets/app.css"), "utf8");
    levelShades.forEach((shade, level) => {
      const rule = new RegExp(`\\.level-shade-${level} \\{ background: (#[0-9a-f]{6});( color: (#[0-9a-f]{3,6});)? \\}`).exec(css);
      expect(rule?.[1], `level ${level}`).toBe(shade.fill);
      expect(rule?.[3] === "#fff" ? "#ffffff" : "#1a1a1a").toBe(shade.text);
    });
  });
});

describe("the heatmap of the demo's published report", () => {
  let app: AuthTestApp;
  let admin: Browser;
  let publishedId: number;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    publishedId = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, user.password)).status).toBe(303);
  }, 240_000);
  afterAll(() => app.close());

  it("on the page: each cell's class is the shade of the number it prints, with the key below", async () => {
    const page = await admin.get(`/assessments/${publishedId}/report?lang=en`);
    expect(page.status).toBe(200);
    const heatmap = page.text.slice(page.text.indexOf('<section id="heatmap">'), page.text.indexOf("</section>", page.text.indexOf('<section id="heatmap">')));
    const cells = [...heatmap.matchAll(/<td class="num heat level-shade-(\d)">([0-9.]+)<\/td>/g)];
    expect(cells.length).toBeGreaterThan(10);
    for (const [, shade, printed] of cells) expect(Number(shade), printed).toBe(shadeInKey(Number(printed)));
    expect(heatmap).toContain('<ul class="shade-key"');
    expect(heatmap).toContain("2.5–3.4");
  });

  it("in the Word document: each cell's fill is the shade of the number it prints", async () => {
    const reply = await fetch(`${app.url}/assessments/${publishedId}/report.docx?lang=en`, {
      headers: { cookie: admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect(reply.status).toBe(200);
    const xml = (await unzip(Buffer.from(await reply.arrayBuffer()))).get("word/document.xml")!.toString("utf8");
    const fills = new Map(levelShades.map((s, level) => [s.fill.slice(1).toUpperCase(), level]));
    const shaded = [...xml.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)]
      .map(([cell]) => ({ fill: /w:fill="([0-9A-F]{6})"/.exec(cell)?.[1], text: [...cell.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("") }))
      .filter((c) => c.fill !== undefined && fills.has(c.fill) && /^\d\.\d$/.test(c.text));
    expect(shaded.length).toBeGreaterThan(10);
    for (const cell of shaded) expect(fills.get(cell.fill!), cell.text).toBe(shadeInKey(Number(cell.text)));
  });
});
