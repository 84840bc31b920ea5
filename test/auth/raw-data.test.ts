// Raw data (individual answers and comments) is a permission of its own: the assessment's team holds it, an analyst
// only when an expert opens it for that assessment (audited), and respondents are told exactly that.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { aSubmittedResponse, aUser, anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";
import { tokenOf } from "../api/support";
import type { Actor } from "../../src/auth/policy";

describe("raw data and small groups", () => {
  let app: TestApp;
  let assessment: BuiltAssessment;
  let analyst: Actor;
  let analystPages: FormClient;
  let ownerPages: FormClient;
  let respondentToken: string;

  const api = (path: string, token: string) => fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  const auditActions = () =>
    app.context.database.sqlite.prepare("select action from audit_log where action like 'assessment.member.raw_data.%' order by id").pluck().all();

  beforeAll(async () => {
    app = await startTestApp();
    // Two respondents in one organisation: fewer than the group minimum, so its results are hidden.
    assessment = anAssessment(app.context, { levels: ["organisational"], status: "open", minGroupSize: 3 });
    for (let i = 0; i < 2; i++) {
      const { token } = anInvitation(app.context, assessment);
      aSubmittedResponse(app.context, token, (itemId) => ({ comment: `private remark on ${itemId}` }));
      respondentToken = token;
    }
    analyst = aUser(app.context, "analyst", { grants: [{ assessmentId: assessment.id, role: "analyst" }] });
    analystPages = new FormClient(app.url);
    await analystPages.signIn(analyst.email, TEST_PASSWORD);
    ownerPages = new FormClient(app.url);
    await ownerPages.signIn(assessment.owner.email, TEST_PASSWORD);
  });
  afterAll(() => app.close());

  it("gives an analyst results only: no answer files, no responses in the API, no comments; codebook and results still", async () => {
    for (const file of ["answers.csv", "answers.xlsx"]) expect((await analystPages.get(`/assessments/${assessment.id}/data/${file}`)).status).toBe(403);
    expect((await analystPages.get(`/assessments/${assessment.id}/data/answers.csv?shape=wide`)).status).toBe(403);
    expect((await analystPages.get(`/assessments/${assessment.id}/data/codebook.csv`)).status).toBe(200);
    expect((await analystPages.get(`/assessments/${assessment.id}/data/results-items.csv`)).status).toBe(200);
    const data = await analystPages.get(`/assessments/${assessment.id}/data`);
    expect(data.text).not.toContain("/data/answers.csv");
    expect(data.text).toContain("Individual answers are not open to you");
    const token = tokenOf(app.context, analyst);
    expect((await api(`/assessments/${assessment.id}/responses`, token)).status).toBe(403);
    const report = await analystPages.get(`/assessments/${assessment.id}/report?comments=1`);
    expect(report.text).not.toContain("private remark");
  });

  it("lets an expert of the assessment open raw data to the analyst on the member's page, audited, and close it again", async () => {
    expect((await ownerPages.get(`/assessments/${assessment.id}/members`)).text).toContain(`/assessments/${assessment.id}/members/${analyst.id}/edit`);
    const page = await ownerPages.get(`/assessments/${assessment.id}/members/${analyst.id}/edit`);
    expect(page.text).toContain(`/assessments/${assessment.id}/members/${analyst.id}/raw-data`);
    expect((await ownerPages.postForm(`/assessments/${assessment.id}/members/${analyst.id}/raw-data`, { grant: "1" })).status).toBe(200);
    expect(auditActions()).toEqual(["assessment.member.raw_data.grant"]);

    expect((await analystPages.get(`/assessments/${assessment.id}/data/answers.csv`)).status).toBe(200);
    const token = tokenOf(app.context, analyst);
    const responses = await api(`/assessments/${assessment.id}/responses`, token);
    expect(responses.status).toBe(200);
    const first = (await responses.json()).data[0];
    const one = await (await api(`/assessments/${assessment.id}/responses/${first.id}`, token)).json();
    expect(one.answers.some((a: { comment: string | null }) => a.comment?.startsWith("private remark"))).toBe(true);
    // Still never who answered: that is another right.
    expect(first.invitationId).toBeUndefined();

    await ownerPages.get(`/assessments/${assessment.id}/members/${analyst.id}/edit`);
    await ownerPages.postForm(`/assessments/${assessment.id}/members/${analyst.id}/raw-data`, { grant: "0" });
    expect(auditActions()).toEqual(["assessment.member.raw_data.grant", "assessment.member.raw_data.revoke"]);
    expect((await analystPages.get(`/assessments/${assessment.id}/data/answers.csv`)).status).toBe(403);
    expect((await api(`/assessments/${assessment.id}/responses`, token)).status).toBe(403);
  });

  it("does not let the analyst open raw data to themselves, nor grant it to an expert running the assessment", async () => {
    await analystPages.get(`/assessments/${assessment.id}/data`);
    expect((await analystPages.postForm(`/assessments/${assessment.id}/members/${analyst.id}/raw-data`, { grant: "1" })).status).toBe(403);
    await ownerPages.get(`/assessments/${assessment.id}/members`);
    const refused = await ownerPages.postForm(`/assessments/${assessment.id}/members/${assessment.owner.id}/raw-data`, { grant: "1" });
    expect(refused.status).toBe(409);
  });

  it("tells respondents on the welcome page who can see individual answers", async () => {
    const welcome = await new FormClient(app.url).get(`/r/${respondentToken}`);
    expect(welcome.text).toContain("Your individual answers and comments can be seen only by the people running this assessment");
    expect(welcome.text).toContain("analysts they have explicitly allowed");
  });
});
