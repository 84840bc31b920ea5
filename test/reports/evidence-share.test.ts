// The share of ratings backed by evidence in the report (issue 18): per level and dimension, counted over the answered
// ratings of submitted responses, with the expert ratings of that evidence; nothing for a scope the confidentiality
// rule withholds, and no section at all for an assessment without evidence. Page, PDF and model agree.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { lookupOf } from "../../src/assessments/tokens";
import { upsertRating } from "../../src/evidence/repository";
import { prepareEvidence, recordEvidence } from "../../src/evidence/service";
import { renderReportPdf } from "../../src/reports/pdf/render";
import { reportFor } from "../../src/reports/service";
import { findInvitationByLookup } from "../../src/responses/repository";
import { saveAnswers } from "../../src/responses/service";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse, type BuiltAssessment } from "../support/builders";
import { pdfFile } from "../support/evidence-files";

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

let app: AuthTestApp;
let assessment: BuiltAssessment;
let firstDimension: { id: string; items: { id: string }[] };
let secondDimension: { id: string; items: { id: string }[] };
let levelItems: number;

/** A respondent of `organisationId` who attaches evidence to `itemIds` (files and links as given), then submits. */
async function respondentWithEvidence(organisationId: number, evidence: { itemId: string; file?: Buffer; link?: string }[]): Promise<number> {
  const { context } = app;
  const { token } = anInvitation(context, assessment, { organisationId, levels: ["organisational"] });
  const invitation = findInvitationByLookup(context.database, lookupOf(token))!;
  const prepared = await prepareEvidence(
    context.config,
    evidence.map((e) => ({ itemId: e.itemId, files: e.file ? [{ originalName: "proof.pdf", content: e.file }] : [], link: e.link ?? "", note: "" })),
  );
  context.database.sqlite.transaction(() => {
    saveAnswers(
      context.database,
      invitation,
      evidence.map((e) => ({ itemId: e.itemId, kind: "answered", current: 2, target: 4, importance: 2, comment: null })),
      { source: "form", now: new Date() },
    );
    recordEvidence(context.database, context.config, invitation, prepared, new Date());
  })();
  aSubmittedResponse(context, token, { current: 2, target: 4, importance: 2 });
  return findInvitationByLookup(context.database, lookupOf(token))!.responseId!;
}

beforeAll(async () => {
  app = await startApp();
  const { context } = app;
  assessment = anAssessment(context, {
    status: "open",
    levels: ["organisational"],
    languages: ["en", "fr"],
    organisations: ["Ministry of Finance", "Ministry of Health", "Ministry of ICT"],
  });
  const level = context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!;
  [firstDimension, secondDimension] = level.dimensions;
  levelItems = level.dimensions.reduce((n, d) => n + d.items.length, 0);
  const pdf = await pdfFile("Minutes of the digital steering committee");
  const [finance, health, ict] = assessment.organisationIds;
  // Finance: three respondents (at k); one backs an item of the first dimension with a file and a link (one rating
  // backed, not two), one backs an item of the second with a link, one attaches nothing.
  const rated = await respondentWithEvidence(finance, [{ itemId: firstDimension.items[0].id, file: pdf, link: "https://gov.example.org/minutes" }]);
  await respondentWithEvidence(finance, [{ itemId: secondDimension.items[0].id, link: "https://gov.example.org/plan" }]);
  await respondentWithEvidence(finance, []);
  // Health (two respondents) and ICT (one) are below k: their own reports withhold every dimension (two withheld, so
  // Finance needs no complementary suppression); the national figures count them.
  await respondentWithEvidence(health, [{ itemId: firstDimension.items[1].id, link: "https://health.example.org/policy" }]);
  await respondentWithEvidence(health, []);
  await respondentWithEvidence(ict, []);
  upsertRating(context.database, {
    responseId: rated,
    itemId: firstDimension.items[0].id,
    assessmentId: assessment.id,
    rating: "sufficient",
    ratedBy: assessment.owner.id,
    ratedAt: new Date().toISOString(),
  });
});
afterAll(() => app.close());

const summary = () => findAssessment(app.context.database.db, assessment.id)!;

describe("the share of ratings backed by evidence", () => {
  it("counts, per dimension and level, the answered ratings of submitted responses that carry evidence, and the expert ratings of it", () => {
    const { evidence } = reportFor(app.context, summary(), { language: "en" });
    expect(evidence).not.toBeNull();
    const level = evidence!.levels[0];
    const first = level.dimensions.find((d) => d.id === firstDimension.id)!;
    const second = level.dimensions.find((d) => d.id === secondDimension.id)!;
    expect(first).toMatchObject({ shown: true, answered: 6 * firstDimension.items.length, evidenced: 2, rated: 1, sufficient: 1 });
    expect(first.share).toBeCloseTo(2 / (6 * firstDimension.items.length), 10);
    expect(second).toMatchObject({ shown: true, answered: 6 * secondDimension.items.length, evidenced: 1, rated: 0, sufficient: 0 });
    expect(level).toMatchObject({ answered: 6 * levelItems, evidenced: 3 });
    expect(evidence).toMatchObject({ answered: 6 * levelItems, evidenced: 3 });
  });

  it("counts an organisation's own respondents in its report, and nothing where the organisation is withheld", () => {
    const [finance, health] = assessment.organisationIds;
    const own = reportFor(app.context, summary(), { language: "en", organisation: { id: finance } }).evidence!;
    expect(own.levels[0].dimensions.find((d) => d.id === firstDimension.id)).toMatchObject({ answered: 3 * firstDimension.items.length, evidenced: 1 });
    expect(own).toMatchObject({ answered: 3 * levelItems, evidenced: 2 });
    const withheld = reportFor(app.context, summary(), { language: "en", organisation: { id: health } }).evidence!;
    expect(withheld.levels[0].dimensions.every((d) => !d.shown && d.answered === 0 && d.evidenced === 0)).toBe(true);
    expect(withheld).toMatchObject({ answered: 0, evidenced: 0, share: null });
  });

  it("is a section of the report page and of the PDF, worded in the reader's language", async () => {
    const admin = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(admin.email, admin.password);
    const page = await browser.get(`/assessments/${assessment.id}/report`);
    expect(page.status).toBe(200);
    const section = textOf(/<section id="evidence">([\s\S]*?)<\/section>/.exec(page.text)![1]);
    expect(section).toContain(`3 of ${6 * levelItems} ratings backed by evidence`);
    expect(section).toContain("1 / 1");

    const french = reportFor(app.context, summary(), { language: "fr" });
    const text = await pdfText(await renderReportPdf(french, { translator: app.context.translator }));
    expect(text).toContain("Justificatifs des notations");
    expect(text).toMatch(new RegExp(`Notations appuyées sur un justificatif\\s: 3 sur ${6 * levelItems} `));
  });

  it("is left out of a report whose assessment holds no evidence", async () => {
    const bare = anAssessment(app.context, { status: "open", organisations: ["Ministry of ICT"] });
    for (let i = 0; i < 3; i++) aSubmittedResponse(app.context, anInvitation(app.context, bare).token);
    const model = reportFor(app.context, findAssessment(app.context.database.db, bare.id)!, { language: "en" });
    expect(model.evidence).toBeNull();
    const admin = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(admin.email, admin.password);
    expect((await browser.get(`/assessments/${bare.id}/report`)).text).not.toContain('<section id="evidence">');
  });
});
