// The PDF report of the seeded demo, over real HTTP and read back with real PDF tools: qpdf checks its structure,
// pdftotext (poppler) and pdf.js extract its text, and the first pages go to test-artifacts/pdf/ as PNG for a look.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { formatNumber, formatPercent } from "../../src/i18n/format";
import { buildReportModel } from "../../src/reports/build";
import type { ReportModel } from "../../src/reports/model";
import { renderReportPdf } from "../../src/reports/pdf/render";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";

const artifacts = path.resolve("test-artifacts/pdf");
const tools = ["qpdf", "pdftotext", "pdftoppm"] as const;
const missingTools = tools.filter((tool) => spawnSync(tool, ["-v"]).error !== undefined);
if (missingTools.length > 0) {
  const message = `PDF tools missing (${missingTools.join(", ")}): install qpdf and poppler-utils. Their checks are SKIPPED.`;
  if (process.env.REQUIRE_BROWSER === "1") throw new Error(message);
  console.warn(`\n*** ${message} ***\n`);
}
const withTools = missingTools.length === 0 ? it : it.skip;

/**
 * A GET with the signed-in cookie. Retried once when the server closed the kept-alive connection just as it was
 * reused (ECONNRESET: a race between client and server, not an answer of the app).
 */
async function get(url: string, cookie?: string, init: RequestInit = {}): Promise<Response> {
  const request = () => fetch(url, { ...init, headers: cookie ? { cookie } : {} });
  try {
    return await request();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw error;
    return request();
  }
}

/** Text as pdftotext reads it (poppler: reading order, right-to-left lines put back in logical order). */
function pdftotext(pdf: Buffer, name: string, pages?: [number, number]): string {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const range = pages ? ["-f", String(pages[0]), "-l", String(pages[1])] : [];
  return execFileSync("pdftotext", [...range, "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

function qpdfCheck(pdf: Buffer, name: string): { status: number | null; output: string } {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const result = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The first pages as PNG, to look at (test-artifacts/ is kept out of git). */
function renderPages(pdf: Buffer, name: string, last = 6): string[] {
  const file = path.join(artifacts, `${name}.pdf`);
  fs.mkdirSync(artifacts, { recursive: true });
  fs.writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", String(last), file, path.join(artifacts, name)]);
  return fs.readdirSync(artifacts).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"));
}

interface PdfJsOutline {
  title: string;
  items: PdfJsOutline[];
}

/** pdf.js: the outline, the document's metadata, and each page's text items in the order they are drawn. */
async function readWithPdfJs(pdf: Buffer) {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const outline = ((await document.getOutline()) ?? []) as PdfJsOutline[];
  const { info } = (await document.getMetadata()) as unknown as { info: Record<string, unknown> };
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await document.destroy();
  return { outline, info, pages, numPages: pages.length };
}

/**
 * Words that run off the page or into its margins (56 pt at the sides; the footer sits above the bottom edge), by
 * poppler's word boxes (`pdftotext -bbox`, origin at the top left).
 */
function textOutsideMargins(pdf: Buffer, name: string): string[] {
  const file = path.join(artifacts, `${name}.pdf`);
  fs.mkdirSync(artifacts, { recursive: true });
  fs.writeFileSync(file, pdf);
  const xhtml = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const outside: string[] = [];
  xhtml
    .split("<page ")
    .slice(1)
    .forEach((pageText, index) => {
      const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(pageText)!.map(Number);
      for (const [, x0, y0, x1, y1, word] of pageText.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)) {
        if (Number(x0) < 55 || Number(x1) > width - 55 || Number(y0) < 40 || Number(y1) > height - 30)
          outside.push(`page ${index + 1}: "${word}" ${x0},${y0}–${x1},${y1}`);
      }
    });
  return outside;
}

/** White space removed: table cells and chart labels wrap, so words of one name may sit on several lines. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

function expectedSections(model: ReportModel): number {
  // Summary, one per level, priority gaps, response rates, the annex; in a country's report also the heatmap, the
  // distribution of answers, recommendations and peers, and progress when there is a previous round; the evidence
  // share where respondents attached evidence; the annex of every recommended action where some were triggered.
  const national = model.meta.organisation === null;
  const evidence = model.evidence && model.evidence.answered > 0 ? 1 : 0;
  const actions = national && model.prioritisedRoadmap?.horizons.some((h) => h.actions.length > 0) ? 1 : 0;
  return 1 + model.levels.length + 1 + evidence + 1 + 1 + (national ? 4 : 0) + (national && model.progress ? 1 : 0) + actions;
}

describe("the PDF report", () => {
  let app: AuthTestApp;
  let admin: Browser;
  let demoId: number;
  let english: ReportModel;
  let arabic: ReportModel;
  let demoPdf: Buffer;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    demoId = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const assessment = findAssessment(app.context.database.db, demoId)!;
    english = buildReportModel(app.context, assessment, { language: "en" });
    arabic = buildReportModel(app.context, assessment, { language: "ar" });
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, user.password)).status).toBe(303);
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await get(`${app.url}/assessments/${demoId}/report.pdf?lang=en`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/pdf/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="XDL-.*-en\.pdf"/);
    demoPdf = Buffer.from(await res.arrayBuffer());
  }, 120_000);
  afterAll(() => app?.close());

  it("is served to a reader of the report as a PDF that parses, with metadata, language and a page per section", async () => {
    expect(demoPdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const read = await readWithPdfJs(demoPdf);
    expect(read.info.Title).toBe(`Digital government capacity gaps: ${english.meta.countryName}`);
    expect(String(read.info.Author)).toContain(english.meta.instrumentTitle);
    expect(String(read.info.Subject)).toContain(english.meta.countryName);
    expect(read.info.Language).toBe("en");
    expect(read.info.CreationDate).toMatch(/^D:\d{14}/);
    // The outline (bookmarks): one entry per section, in the order of the contents page.
    expect(read.outline.map((o) => o.title)).toEqual([
      "Executive summary",
      ...english.levels.map((l) => l.title),
      "Priority gaps",
      // The demo's respondents attached evidence.
      "Evidence behind the ratings",
      "Organisations and dimensions",
      "Distribution of answers",
      "Recommendations and roadmap",
      "Progress since the last round",
      "Comparison with peers",
      "Response rates",
      "Annex: all recommended actions",
      "Annex: methodology",
    ]);
    expect(read.outline).toHaveLength(expectedSections(english));
    // A running footer with the page number on every page.
    read.pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${read.numPages}`));
    // A table that runs over a page repeats its header row: the page with the last-ranked dimension has it too.
    const last = english.rankedDimensions[english.rankedDimensions.length - 1];
    const gapsPage = read.pages.findIndex((text) => text.startsWith("Priority gaps"));
    const lastPage = read.pages.findIndex((text, i) => i > gapsPage && squeeze(text).includes(squeeze(last.title)));
    expect(gapsPage).toBeGreaterThan(0);
    expect(lastPage).toBeGreaterThan(gapsPage);
    expect(read.pages[lastPage]).toMatch(/Rank\s+Dimension\s+Level\s+Current\s+Target\s+Gap\s+Priority\s+Severity/);
  });

  it("contains the country, every dimension and the figures of the executive summary as text", async () => {
    const read = await readWithPdfJs(demoPdf);
    const all = squeeze(read.pages.join(" "));
    expect(all).toContain(squeeze(english.meta.countryName));
    for (const level of english.levels) {
      expect(all).toContain(squeeze(level.title));
      for (const dimension of level.dimensions) expect(all, dimension.title).toContain(squeeze(dimension.title));
    }
    // The summary opens with the key findings in words, then the figures; it may run over two pages.
    const first = read.pages.findIndex((text) => text.includes("Executive summary") && text.includes("Key findings"));
    expect(first).toBeGreaterThanOrEqual(0);
    const summaryPage = read.pages.slice(first, first + 2).join(" ");
    for (const finding of english.findings) expect(squeeze(summaryPage)).toContain(squeeze(finding.text).slice(0, 40));
    expect(summaryPage).toContain("Overall capacity index");
    expect(summaryPage).toContain(formatNumber("en", english.overall.index!, 0));
    for (const level of english.levels) expect(summaryPage).toContain(formatNumber("en", level.index!, 0));
    for (const dimension of english.rankedDimensions.slice(0, 5)) {
      expect(summaryPage).toContain(formatNumber("en", dimension.priority!, 2));
      expect(summaryPage).toContain(formatNumber("en", dimension.gap!, 2));
    }
    expect(summaryPage).toContain(formatPercent("en", english.responseRates.overall.rate!));
  });

  withTools("passes qpdf --check, and pdftotext reads the headings in order and the figures", () => {
    const check = qpdfCheck(demoPdf, "demo-en");
    expect(textOutsideMargins(demoPdf, "demo-en")).toEqual([]);
    expect(check.status, check.output).toBe(0);
    expect(check.output).toMatch(/No syntax or stream encoding errors/);
    const text = pdftotext(demoPdf, "demo-en");
    const headings = [
      "Contents",
      "Executive summary",
      ...english.levels.map((l) => l.title),
      "Priority gaps",
      "Organisations and dimensions",
      "Distribution of answers",
      "Recommendations and roadmap",
      "Response rates",
      "Annex: methodology",
    ];
    // Each heading appears after the previous one as a section title (the contents page lists them all first).
    let at = text.indexOf("Executive summary", text.indexOf("Annex: methodology"));
    expect(at).toBeGreaterThan(0);
    for (const heading of headings.slice(2)) {
      const next = text.indexOf(heading, at);
      expect(next, heading).toBeGreaterThan(at);
      at = next;
    }
    const summary = pdftotext(demoPdf, "demo-en", [3, 3]);
    expect(summary).toContain(formatNumber("en", english.overall.index!, 0));
    expect(summary).toContain(formatNumber("en", english.rankedDimensions[0].priority!, 2));
    expect(renderPages(demoPdf, "demo-en").length).toBeGreaterThanOrEqual(6);
  });

  withTools(
    "in Arabic: mirrored, shaped, and the Arabic headings come back as text",
    async () => {
      expect(arabic.meta.direction).toBe("rtl");
      const pdf = await renderReportPdf(arabic, { translator: app.context.translator });
      const check = qpdfCheck(pdf, "demo-ar");
      expect(check.status, check.output).toBe(0);
      const text = squeeze(pdftotext(pdf, "demo-ar"));
      const headings = [
        app.context.translator.t("ar", "pdf.executiveSummary"),
        app.context.translator.t("ar", "report.contents"),
        ...arabic.levels.map((l) => l.title),
      ];
      expect(headings.every((h) => /[\u0600-\u06ff]/.test(h))).toBe(true);
      for (const heading of headings) expect(text, heading).toContain(squeeze(heading));
      for (const dimension of arabic.levels[0].dimensions) expect(text, dimension.title).toContain(squeeze(dimension.title));
      const read = await readWithPdfJs(pdf);
      expect(read.info.Language).toBe("ar");
      expect(textOutsideMargins(pdf, "demo-ar")).toEqual([]);
      expect(read.outline.map((o) => o.title)).toContain(arabic.levels[0].title);
      expect(read.outline).toHaveLength(expectedSections(arabic));
      expect(renderPages(pdf, "demo-ar").length).toBeGreaterThanOrEqual(6);
      // Generous: the first Arabic document shapes every word cold, and pdf.js and poppler read all its pages.
    },
    120_000,
  );

  withTools(
    "in French: the French headings, level and dimension titles come back as text",
    async () => {
      const french = buildReportModel(app.context, findAssessment(app.context.database.db, demoId)!, { language: "fr" });
      const pdf = await renderReportPdf(french, { translator: app.context.translator });
      expect(qpdfCheck(pdf, "demo-fr").status).toBe(0);
      const text = squeeze(pdftotext(pdf, "demo-fr"));
      const t = (key: string) => app.context.translator.t("fr", key);
      const headings = [t("pdf.executiveSummary"), t("report.contents"), ...french.levels.map((l) => l.title)];
      // Translated, not English fallbacks: the catalogue's and the instrument's French texts differ from English.
      expect(t("pdf.executiveSummary")).not.toBe(app.context.translator.t("en", "pdf.executiveSummary"));
      expect(french.levels.map((l) => l.title)).not.toEqual(english.levels.map((l) => l.title));
      for (const heading of headings) expect(text, heading).toContain(squeeze(heading));
      for (const dimension of french.levels[0].dimensions) expect(text, dimension.title).toContain(squeeze(dimension.title));
      const read = await readWithPdfJs(pdf);
      expect(read.info.Language).toBe("fr");
      expect(read.outline.map((o) => o.title)).toContain(french.levels[0].title);
    },
    120_000,
  );

  withTools("embeds fonts for Cyrillic and Chinese beside Latin, and their text comes back", async () => {
    const model: ReportModel = structuredClone(english);
    model.meta.countryName = "Демоландия 演示国";
    model.levels[0].dimensions[0].title = "Цифровая стратегия и лидерство";
    model.levels[0].dimensions[1].title = "数字政府战略与领导力";
    model.levels[0].dimensions[2].title = "Mixed 数字 Цифровая ﻿words";
    const pdf = await renderReportPdf(model, { translator: app.context.translator });
    expect(qpdfCheck(pdf, "scripts").status).toBe(0);
    const text = squeeze(pdftotext(pdf, "scripts"));
    for (const expected of ["Демоландия演示国", "Цифроваястратегияилидерство", "数字政府战略与领导力", "Mixed数字Цифроваяwords"])
      expect(text).toContain(expected);
    // Every font is embedded (as a subset): none is left to the reader's machine.
    const fonts = execFileSync("pdffonts", [path.join(artifacts, "scripts.pdf")], { encoding: "utf8" })
      .split("\n")
      .slice(2)
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expect(fonts.join("\n")).toMatch(/NotoSansSC/);
  });

  it("serves an organisation's own report as a PDF, with the national figures beside the organisation's", async () => {
    const organisation = english.responseRates.organisations[0];
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await get(`${app.url}/assessments/${demoId}/organisations/${organisation.organisationId}/report.pdf`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`organisation-${organisation.organisationId}-en\\.pdf`));
    const read = await readWithPdfJs(Buffer.from(await res.arrayBuffer()));
    expect(read.info.Title).toBe(`Self-assessment report: ${organisation.name}`);
    expect(read.pages.join(" ")).toContain("National");
  });

  it("serves a published assessment's frozen snapshot: answers changed afterwards do not reach its PDF", async () => {
    const { sqlite } = app.context.database;
    const publishedId = sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    const cookie = admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const fetchText = async (id: number) => {
      const res = await get(`${app.url}/assessments/${id}/report.pdf?lang=en`, cookie);
      expect(res.status).toBe(200);
      return (await readWithPdfJs(Buffer.from(await res.arrayBuffer()))).pages.join("\n");
    };
    const before = await fetchText(publishedId);
    const liveBefore = await fetchText(demoId);
    // Everyone's answers in both rounds drop to the lowest level, behind the application's back.
    sqlite
      .prepare("update answers set current = 0 where kind = 'answered' and response_id in (select id from responses where assessment_id in (?, ?))")
      .run(publishedId, demoId);
    expect(await fetchText(publishedId)).toBe(before);
    expect(await fetchText(demoId)).not.toBe(liveBefore);
  }, 120_000);

  it("is refused to a visitor who may not read the report", async () => {
    const res = await get(`${app.url}/assessments/${demoId}/report.pdf`, undefined, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/sign-in/);
  });

  withTools("free text with markup, control characters and bidi overrides cannot break the document", async () => {
    const hostile = [
      "<script>alert(1)</script> <b>bold</b> &amp; ) /Type /Page (",
      "Null\u0000byte\u0007bell\u001b[31mansi\u007f and a lone surrogate \ud800 here",
      "Override \u202egnirts desrever\u202c and isolate \u2067عربي\u2069 end",
      "Newlines\r\nand\u2028separators\ttabs",
      "A".repeat(400),
      "",
    ];
    const model: ReportModel = structuredClone(english);
    model.meta.countryName = hostile[0];
    model.meta.organisation = null;
    model.levels[0].title = hostile[1];
    model.levels[0].dimensions[0].title = hostile[2];
    model.levels[0].dimensions[1].title = hostile[4];
    model.levels[1].description = hostile[3];
    model.rankedDimensions[0].title = hostile[2];
    model.responseRates.organisations[0].name = hostile[1];
    model.comments = hostile.map((text, i) => ({ itemId: `item-${i}`, question: hostile[(i + 1) % hostile.length], text }));
    const pdf = await renderReportPdf(model, { translator: app.context.translator, includeComments: true });
    const check = qpdfCheck(pdf, "hostile");
    expect(check.status, check.output).toBe(0);
    const text = pdftotext(pdf, "hostile");
    // Markup is shown as the characters it is made of; controls and overrides are gone, the words stay.
    expect(text).toContain("<script>alert(1)</script> <b>bold</b> &amp; ) /Type /Page (");
    expect(squeeze(text)).toContain("Nullbytebell[31mansiandalonesurrogate");
    // (pdftotext marks right-to-left lines with U+202A–U+202C itself; overrides and isolates must be gone.)
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f\u202d\u202e\u2066-\u2069]/);
    expect(squeeze(text)).toContain("gnirtsdesrever");
    const read = await readWithPdfJs(pdf);
    expect(read.outline).toHaveLength(expectedSections(model) + 1);
    expect(textOutsideMargins(pdf, "hostile")).toEqual([]);
    expect(read.outline[1].title).toBe("Nullbytebell[31mansi and a lone surrogate \ufffd here");
    renderPages(pdf, "hostile", 3);
  });
});
