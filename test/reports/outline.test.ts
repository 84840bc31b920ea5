// The report outline is the one list of sections: the HTML page and the PDF carry the same sections in its order,
// and the PDF has what it long lacked, the organisation × dimension heatmap and the distribution of answers (drawn
// right to left in Arabic).
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { formatNumber, formatPercent } from "../../src/i18n/format";
import { buildReportModel } from "../../src/reports/build";
import type { ReportModel } from "../../src/reports/model";
import { reportOutline } from "../../src/reports/outline";
import { renderReportPdf } from "../../src/reports/pdf/render";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";

interface PdfText {
  str: string;
  x: number;
}
interface PdfOutline {
  title: string;
}

async function readPdf(pdf: Buffer) {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const outline = ((await document.getOutline()) ?? []) as PdfOutline[];
  const pages: PdfText[][] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.flatMap((item) => ("str" in item ? [{ str: item.str, x: item.transform[4] as number }] : [])));
  }
  await document.destroy();
  return { outline, pages, text: pages.map((items) => items.map((i) => i.str).join(" ")) };
}

const squeeze = (text: string) => text.replace(/[\s\u200e\u200f]+/g, "");

describe("the report outline", () => {
  let app: AuthTestApp;
  let demoId: number;
  let english: ReportModel;
  let englishPdf: Awaited<ReturnType<typeof readPdf>>;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    demoId = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    english = buildReportModel(app.context, findAssessment(app.context.database.db, demoId)!, { language: "en" });
    englishPdf = await readPdf(await renderReportPdf(english, { translator: app.context.translator }));
  }, 120_000);
  afterAll(() => app?.close());

  it("is carried section by section, in order, by both the HTML page and the PDF", async () => {
    const outline = reportOutline(english, app.context.translator);
    expect(outline.map((s) => s.kind)).toEqual(expect.arrayContaining(["heatmap", "distribution"]));
    const user = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, user.password);
    const page = await browser.get(`/assessments/${demoId}/report?lang=en`);
    expect(page.status).toBe(200);
    const pageSections = [...page.text.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    expect(pageSections).toEqual(outline.map((s) => s.id));
    expect(englishPdf.outline.map((o) => o.title)).toEqual(outline.map((s) => s.printTitle ?? s.title));
  });

  it("draws the organisation × dimension heatmap in the PDF: every organisation, with its scores and hidden cells marked", () => {
    const start = englishPdf.text.findIndex((text) => text.startsWith("Organisations and dimensions"));
    const end = englishPdf.text.findIndex((text) => text.startsWith("Distribution of answers"));
    expect(start).toBeGreaterThan(0);
    const heatmap = squeeze(englishPdf.text.slice(start, end).join(" "));
    const scored = english.heatmap.rows.filter((r) => r.status === "scored");
    expect(scored.length).toBeGreaterThan(0);
    for (const row of english.heatmap.rows) expect(heatmap, row.name).toContain(squeeze(row.name));
    for (const dimension of english.heatmap.dimensions) expect(heatmap, dimension.title).toContain(squeeze(dimension.title));
    const firstCell = scored.flatMap((r) => r.cells).find((c) => c.status === "scored")!;
    expect(heatmap).toContain(formatNumber("en", firstCell.current!, 1));
    // Shaded by the level printed, as on the page, with the key of each shade's printed values.
    expect(heatmap).toContain(squeeze("Each cell is shaded by the level it prints"));
    expect(heatmap).toContain(squeeze("2.5–3.4"));
  });

  it("draws the distribution of answers in the PDF: a chart per dimension with each scored question and its shares", () => {
    const start = englishPdf.text.findIndex((text) => text.startsWith("Distribution of answers"));
    const end = englishPdf.text.findIndex((text, i) => i > start && text.startsWith("Recommendations and roadmap"));
    const distribution = squeeze(englishPdf.text.slice(start, end).join(" "));
    const scoredItems = english.items.filter((i) => i.status === "scored");
    expect(scoredItems.length).toBeGreaterThan(0);
    for (const item of scoredItems) expect(distribution, item.question).toContain(squeeze(item.question));
    const dimensionsWithAnswers = new Set(scoredItems.map((i) => i.dimensionId));
    for (const level of english.levels)
      for (const d of level.dimensions) if (dimensionsWithAnswers.has(d.id)) expect(distribution).toContain(squeeze(`Answers to the questions of ${d.title}`));
    // The largest share of the first question, written on its segment.
    const item = scoredItems[0];
    const seen = item.counts!.reduce((a, b) => a + b, 0) + item.dontKnow! + item.notApplicable!;
    expect(distribution).toContain(formatPercent("en", Math.round((Math.max(...item.counts!) / seen) * 1000) / 1000));
  });

  it("draws the Arabic distribution bars from the right: the 0% mark stands right of the 100% mark", async () => {
    const arabic = buildReportModel(app.context, findAssessment(app.context.database.db, demoId)!, { language: "ar" });
    const pdf = await readPdf(await renderReportPdf(arabic, { translator: app.context.translator }));
    const t = (key: string) => app.context.translator.t("ar", key);
    expect(pdf.outline.map((o) => o.title)).toEqual(expect.arrayContaining([t("report.heatmap"), t("report.distribution")]));
    const tickX = (pageItems: PdfText[], language: string, ratio: number) =>
      pageItems.find((i) => squeeze(i.str) === squeeze(formatPercent(language, ratio)))?.x;
    const pageOf = (read: Awaited<ReturnType<typeof readPdf>>, language: string) =>
      read.pages.find((items, n) => read.text[n].includes(squeeze(formatPercent(language, 1))) && tickX(items, language, 0) !== undefined)!;
    const arabicPage = pageOf(pdf, "ar");
    const englishPage = pageOf(englishPdf, "en");
    expect(tickX(englishPage, "en", 0)!).toBeLessThan(tickX(englishPage, "en", 1)!);
    expect(tickX(arabicPage, "ar", 0)!).toBeGreaterThan(tickX(arabicPage, "ar", 1)!);
  }, 120_000);
});
