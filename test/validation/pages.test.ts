// The validation pages over HTTP, without JavaScript: the overview, a unit's review with its evidence, decisions
// recorded through the form (the rationale rule shown beside its field), the meeting's next step, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionAssessment } from "../../src/assessments/service";
import { insertEvidence, upsertRating } from "../../src/evidence/repository";
import { startTestApp, type TestApp } from "../support/app";
import { aSubmittedResponse, aUser, anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

let app: TestApp;
let assessment: BuiltAssessment;
let expert: FormClient;
let focal: FormClient;
let analyst: FormClient;
let dimensions: string[];
const unitPath = (organisation: number, dimension: string) => `/assessments/${assessment.id}/validation/o${organisation}/${dimension}`;

beforeAll(async () => {
  app = await startTestApp();
  const context = app.context;
  assessment = anAssessment(context, { status: "open", levels: ["institutional", "organisational"] });
  const [a, b] = assessment.organisationIds;
  for (let i = 0; i < 3; i++) {
    aSubmittedResponse(context, anInvitation(context, assessment, { organisationId: a, levels: ["organisational", "institutional"] }).token, (itemId) => ({
      current: 3,
      target: 4,
      importance: 2,
      comment: i === 0 ? `Evidence note on ${itemId}` : null,
    }));
    aSubmittedResponse(context, anInvitation(context, assessment, { organisationId: b, levels: ["organisational", "institutional"] }).token, {
      current: 1,
      target: 3,
      importance: 3,
    });
  }
  // A link attached to the first organisational item by a respondent of the first organisation, rated by an expert.
  const firstItem = context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].items[0].id;
  const responseId = context.database.sqlite
    .prepare("select id from responses where assessment_id = ? and organisation_id = ? order by id limit 1")
    .pluck()
    .get(assessment.id, a) as number;
  insertEvidence(
    context.database,
    responseId,
    assessment.id,
    { itemId: firstItem, kind: "link", url: "https://example.org/strategy-2026.pdf", note: "Adopted strategy" },
    new Date().toISOString(),
  );
  upsertRating(context.database, {
    responseId,
    itemId: firstItem,
    assessmentId: assessment.id,
    rating: "partial",
    ratedBy: assessment.owner.id,
    ratedAt: new Date().toISOString(),
  });
  transitionAssessment(
    { database: context.database, instruments: context.instruments, secret: context.secret, clock: context.clock },
    assessment.owner,
    assessment.id,
    "close",
  );
  dimensions = context.instruments
    .current("digital-government")!
    .levels.find((l) => l.id === "organisational")!
    .dimensions.map((d) => d.id);
  expert = new FormClient(app.url);
  await expert.signIn(assessment.owner.email, TEST_PASSWORD);
  const focalUser = aUser(context, "focal_point", { countries: ["LAO"] });
  focal = new FormClient(app.url);
  await focal.signIn(focalUser.email, TEST_PASSWORD);
  const analystUser = aUser(context, "analyst", { grants: [{ assessmentId: assessment.id, role: "analyst" }] });
  analyst = new FormClient(app.url);
  await analyst.signIn(analystUser.email, TEST_PASSWORD);
});
afterAll(() => app.close());

describe("the validation pages", () => {
  it("list every unit, the country's and each organisation's, with a way into the meeting", async () => {
    const page = await expert.get(`/assessments/${assessment.id}/validation`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Ministry of Finance");
    expect(page.text).toContain("Ministry of Health");
    expect(page.text).toContain("Start the validation meeting");
    expect(page.text).toContain(unitPath(assessment.organisationIds[0], dimensions[0]));
    expect(page.text).toContain("Not reviewed");
    expect(page.text).toContain("National figures");
  });

  it("show a unit's self-assessed figures, its answers by question and the evidence, with the decision form", async () => {
    const page = await expert.get(unitPath(assessment.organisationIds[0], dimensions[0]));
    expect(page.status).toBe(200);
    expect(page.text).toContain("Answers by question");
    expect(page.text).toContain("Evidence note on");
    expect(page.text).toContain("https://example.org/strategy-2026.pdf");
    expect(page.text).toContain("Evidence supports the self-assessment: Partly");
    expect(page.text).toContain('name="current"');
    expect(page.text).toContain('name="evidenceRating"');
  });

  it("refuse a level 1 or more from the self-assessed one without a rationale, saying so beside the field", async () => {
    const reply = await expert.postForm(`${unitPath(assessment.organisationIds[0], dimensions[0])}/decision`, {
      current: "2",
      target: "",
      confidence: "high",
      evidenceRating: "partial",
      rationale: "",
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain("give a rationale: the validated level is 1 or more away from the self-assessed one");
  });

  it("record an adjusted level with its rationale, shown on the unit and in the overview", async () => {
    const reply = await expert.postForm(`${unitPath(assessment.organisationIds[0], dimensions[0])}/decision`, {
      current: "2",
      target: "",
      confidence: "high",
      evidenceRating: "partial",
      rationale: "The plan exists only as a draft.",
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain("Saved: the level is adjusted.");
    expect(reply.text).toContain("The plan exists only as a draft.");
    const overview = await expert.get(`/assessments/${assessment.id}/validation`);
    expect(overview.text).toContain("Adjusted");
    expect(overview.text).toContain("Disagreement");
  });

  it("go on to the next dimension of the meeting after a decision", async () => {
    const meeting = `${unitPath(assessment.organisationIds[1], dimensions[0])}/meeting`;
    const page = await expert.get(meeting);
    expect(page.text).toContain("Dimension 1 of");
    const next = `${unitPath(assessment.organisationIds[1], dimensions[1])}/meeting`;
    expect(page.text).toContain(`value="${next}"`);
    const reply = await expert.postForm(
      `${unitPath(assessment.organisationIds[1], dimensions[0])}/decision`,
      { current: "1", target: "", confidence: "medium", evidenceRating: "sufficient", rationale: "", next },
      { follow: false },
    );
    expect(reply.status).toBe(303);
    expect(reply.headers.get("location")).toBe(next);
  });

  it("let a focal point of the country contest and comment, never decide", async () => {
    const path = unitPath(assessment.organisationIds[0], dimensions[0]);
    const page = await focal.get(path);
    expect(page.text).not.toContain('name="evidenceRating"');
    expect(page.text).toContain("Contest the validated level");
    expect((await focal.postForm(`${path}/decision`, { current: "3", confidence: "high", evidenceRating: "sufficient" })).status).toBe(403);
    const contested = await focal.postForm(`${path}/contest`, { level: "3", note: "The plan was adopted last month." });
    expect(contested.status).toBe(200);
    expect(contested.text).toContain("Disputed");
    expect(contested.text).toContain("The plan was adopted last month.");
    expect((await focal.postForm(`${path}/comment`, { note: "We will send the decree." })).status).toBe(200);
  });

  it("let an analyst read without any form", async () => {
    const page = await analyst.get(unitPath(assessment.organisationIds[0], dimensions[0]));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<form method="post" action="/assessments');
    expect((await analyst.postForm(`${unitPath(assessment.organisationIds[0], dimensions[0])}/comment`, { note: "x" })).status).toBe(403);
  });
});
