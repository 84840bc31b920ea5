// The editable (Word) report of the seeded demo, downloaded over real HTTP like the PDF, and read back part by part:
// well-formed XML, content types and relationships that resolve, Word heading styles carrying each outline section's
// title, a contents field, charts as SVG with a PNG fallback, and right to left in Arabic. Converted by LibreOffice
// when it is installed.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { runCli } from "../../src/cli/run";
import { docxSections } from "../../src/reports/docx/sections";
import { reportOutline } from "../../src/reports/outline";
import { pdfSections } from "../../src/reports/pdf/sections";
import { reportFor } from "../../src/reports/service";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";
import { makeTempDir } from "../support/app";
import { checkDocx, convertWithLibreOffice, hasLibreOffice, type CheckedDocx } from "./docx-package";

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describe("the Word (DOCX) report", () => {
  let app: AuthTestApp;
  let admin: Browser;
  let openId: number;
  let publishedId: number;
  const downloads = new Map<string, { status: number; type: string | null; disposition: string | null; body: Buffer }>();

  async function download(url: string) {
    const cached = downloads.get(url);
    if (cached) return cached;
    const reply = await fetch(`${app.url}${url}`, { headers: { cookie: admin.cookies.map((c) => `${c.name}=${c.value}`).join("; ") } });
    const result = {
      status: reply.status,
      type: reply.headers.get("content-type"),
      disposition: reply.headers.get("content-disposition"),
      body: Buffer.from(await reply.arrayBuffer()),
    };
    downloads.set(url, result);
    return result;
  }

  function titlesOf(assessmentId: number, language: string): string[] {
    const { context } = app;
    const deps = { database: context.database, instruments: context.instruments, countries: context.countries, clock: context.clock, secret: context.secret };
    const model = reportFor(deps, findAssessment(context.database.db, assessmentId)!, { language });
    return reportOutline(model, context.translator, { includeComments: false }).map((s) => s.printTitle ?? s.title);
  }

  async function cli(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runCli(
      argv,
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
      { NODE_ENV: "test", LOG_LEVEL: "silent", SEED_DEMO: "false", DATA_DIR: app.dataDir },
    );
    return { code, stdout, stderr };
  }

  const headings = (docx: CheckedDocx, style: string) => docx.paragraphs.filter((p) => p.style === style).map((p) => p.text);

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    const sqlite = app.context.database.sqlite;
    openId = sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    publishedId = sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    const user = insertUser(app.context, { role: "admin" });
    admin = new Browser(app.url);
    expect((await admin.signIn(user.email, user.password)).status).toBe(303);
    // The two documents every check below reads (each takes a few seconds: some forty charts drawn twice).
    await download(`/assessments/${openId}/report.docx?lang=en`);
    await download(`/assessments/${publishedId}/report.docx?lang=ar`);
  }, 240_000);
  afterAll(() => app.close());

  it("has a DOCX module for every kind of section the PDF draws", () => {
    expect(Object.keys(docxSections).sort()).toEqual(Object.keys(pdfSections).sort());
  });

  it("offers the Word download next to the PDF on the report page", async () => {
    const page = await admin.request("GET", `/assessments/${openId}/report?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`href="/assessments/${openId}/report\\.docx\\?lang(=|&#x3D;)en"`));
    expect(page.text).toContain("Word (DOCX)");
  });

  it("downloads an English report that opens without repair, with a Word heading for each section of the outline", async () => {
    const reply = await download(`/assessments/${openId}/report.docx?lang=en`);
    expect(reply.status).toBe(200);
    expect(reply.type).toBe(docxType);
    expect(reply.disposition).toMatch(/^attachment; filename="XDL-2026-en\.docx"$/);
    const docx = await checkDocx(reply.body);
    expect(docx.problems).toEqual([]);
    expect(headings(docx, "Heading1")).toEqual(titlesOf(openId, "en"));
    expect(headings(docx, "Heading2").length).toBeGreaterThan(0);
    expect(headings(docx, "Title")).toEqual(["Digital government capacity gaps: Demoland (demo)"]);
    // The contents: a TOC field over the three heading levels, filled with the headings already.
    expect(docx.documentXml).toMatch(/TOC \\h \\o &quot;1-3&quot;/);
    expect(docx.paragraphs.filter((p) => p.style === "TOC1").map((p) => p.text.replace(/\d+$/, ""))).toEqual(titlesOf(openId, "en"));
    // Tables and charts: every chart is an SVG with its PNG fallback, and a text alternative.
    expect((docx.documentXml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThan(10);
    const media = [...docx.parts.keys()].filter((name) => name.startsWith("word/media/"));
    const svgs = media.filter((name) => name.endsWith(".svg"));
    expect(svgs.length).toBeGreaterThan(4);
    expect(media.filter((name) => name.endsWith(".png"))).toHaveLength(svgs.length);
    for (const name of media.filter((n) => n.endsWith(".png"))) expect(docx.parts.get(name)!.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(docx.documentXml).toMatch(/<asvg:svgBlip [^>]*r:embed="rId\d+"/);
    const pictures = [...docx.documentXml.matchAll(/<wp:docPr [^>]*descr="([^"]*)" title="([^"]*)"/g)];
    expect(pictures).toHaveLength(svgs.length);
    expect(pictures[0].slice(1)).toEqual([
      expect.stringMatching(/^Strongest dimension: .+; weakest: .+/),
      expect.stringMatching(/^Current and target levels: Institutional/),
    ]);
    // Nothing runs right to left in an English report.
    expect(docx.paragraphs.some((p) => p.bidi || p.rtlRuns > 0)).toBe(false);
  });

  it("downloads the published round in Arabic from its frozen snapshot, right to left", async () => {
    const reply = await download(`/assessments/${publishedId}/report.docx?lang=ar`);
    expect(reply.status).toBe(200);
    const docx = await checkDocx(reply.body);
    expect(docx.problems).toEqual([]);
    const titles = titlesOf(publishedId, "ar");
    expect(headings(docx, "Heading1")).toEqual(titles);
    expect(titles.every((t) => /[\u0600-\u06ff]/.test(t))).toBe(true);
    // Every heading and body paragraph is a right-to-left paragraph of right-to-left runs; tables read from the right.
    const texts = docx.paragraphs.filter((p) => p.text.trim() !== "" && !p.style?.startsWith("TOC"));
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((p) => !p.bidi || p.rtlRuns < p.runs)).toEqual([]);
    expect((docx.documentXml.match(/<w:bidiVisual\/>/g) ?? []).length).toBe((docx.documentXml.match(/<w:tbl>/g) ?? []).length);
    // Arabic text is set in a font that has it; Word takes the complex-script font for right-to-left runs.
    expect(docx.parts.get("word/styles.xml")!.toString("utf8")).toMatch(/<w:rFonts [^>]*w:cs="Noto Sans Arabic"/);
  });

  it.runIf(hasLibreOffice)(
    "converts with LibreOffice headless in English and Arabic",
    async () => {
      for (const [url, name] of [
        [`/assessments/${openId}/report.docx?lang=en`, "demo-en"],
        [`/assessments/${publishedId}/report.docx?lang=ar`, "demo-ar"],
      ]) {
        const pdf = convertWithLibreOffice((await download(url)).body, name);
        expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      }
    },
    240_000,
  );

  it("writes the same document with export report on the command line", async () => {
    const out = path.join(makeTempDir("cna-docx-cli-"), "report.docx");
    const run = await cli(["export", "report", "--assessment", String(publishedId), "--format", "docx", "--lang", "ar", "--out", out]);
    expect(run).toMatchObject({ code: 0, stdout: `${out}\n` });
    const fromCli = await checkDocx(fs.readFileSync(out));
    const fromPage = await checkDocx((await download(`/assessments/${publishedId}/report.docx?lang=ar`)).body);
    expect(fromCli.problems).toEqual([]);
    // The same paragraphs, styles, directions and words (bookmark numbers differ from one document to the next).
    expect(fromCli.paragraphs).toEqual(fromPage.paragraphs);

    const pdf = path.join(path.dirname(out), "report.pdf");
    expect(await cli(["export", "report", "--assessment", String(publishedId), "--format", "pdf", "--lang", "en", "--out", pdf])).toMatchObject({ code: 0 });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }, 240_000);

  it("names the flag that is wrong on the command line", async () => {
    const out = path.join(makeTempDir("cna-docx-cli-"), "report.docx");
    expect((await cli(["export", "report", "--assessment", String(openId), "--format", "odt", "--out", out])).stderr).toContain(
      "--format: must be one of pdf, docx",
    );
    expect((await cli(["export", "report", "--assessment", String(openId), "--format", "docx", "--lang", "de", "--out", out])).stderr).toContain("--lang:");
    expect((await cli(["export", "report", "--assessment", "x", "--format", "docx", "--out", out])).stderr).toContain("--assessment:");
    expect((await cli(["export", "report", "--assessment", String(openId), "--format", "docx"])).stderr).toContain("--out:");
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses the Word report to the signed-out, as the PDF", async () => {
    const reply = await fetch(`${app.url}/assessments/${openId}/report.docx?lang=en`, { redirect: "manual" });
    expect([302, 303, 401, 403]).toContain(reply.status);
    expect(reply.headers.get("content-type") ?? "").not.toContain(docxType);
  });
});
