// The peer section when the group has fewer than three published peers: one sentence in the page and the PDF, not an
// "average of 0 countries" over a table of empty rows.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { buildReportModel } from "../../src/reports/build";
import { renderReportPdf } from "../../src/reports/pdf/render";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await document.destroy();
  return pages.join("\n").replace(/\s+/g, " ");
}

describe("a peer group without three published peers", () => {
  let app: AuthTestApp;
  let assessmentId: number;

  beforeAll(async () => {
    app = await startApp();
    const assessment = anAssessment(app.context, { status: "open", country: "LAO", organisations: ["Ministry of ICT"] });
    for (let i = 0; i < 3; i++) aSubmittedResponse(app.context, anInvitation(app.context, assessment).token, { current: 2, target: 4, importance: 3 });
    assessmentId = assessment.id;
  });
  afterAll(() => app.close());

  it("says so in one sentence on the report page, with no empty table", async () => {
    const user = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, user.password);
    const page = await browser.get(`/assessments/${assessmentId}/report`);
    expect(page.status).toBe(200);
    const section = /<section id="peers">([\s\S]*?)<\/section>/.exec(page.text)![1];
    const text = textOf(section);
    expect(text).toMatch(/Fewer than three countries of the group .+ have a published assessment with this instrument, so no comparison is shown\./);
    expect(text).not.toMatch(/average of 0 countries/);
    expect(section).not.toMatch(/<table/);
  });

  it("says so in one sentence in the PDF, with no empty table", async () => {
    const model = buildReportModel(
      { database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock },
      findAssessment(app.context.database.db, assessmentId)!,
      { language: "en" },
    );
    expect(model.peers).not.toBeNull();
    const text = await pdfText(await renderReportPdf(model, { translator: app.context.translator }));
    expect(text).toContain(
      `Fewer than three countries of the group ${model.peers!.groupLabel} have a published assessment with this instrument, so no comparison is shown.`,
    );
    expect(text).not.toMatch(/average of 0 countries|Peer average|too few peers/);
  });
});
