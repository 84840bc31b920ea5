// Results back to participants: once published, each invitation link shows the national report and its own
// organisation's report (withheld when too few answered); experts make and revoke a public link to the report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionAssessment } from "../../src/assessments/service";
import { publishReport } from "../../src/reports/publishing";
import { Browser, insertUser, textOf } from "../auth/support";
import { startTestApp, type TestApp } from "../support/app";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";

describe("published results for participants", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("shows each invitation the national report and its organisation's report, and serves a revocable public link", async () => {
    const assessment = anAssessment(app.context, { status: "open", organisations: ["Ministry of Finance", "Ministry of Health"] });
    const [finance, health] = assessment.organisationIds;
    const tokens = [0, 1, 2].map(() => anInvitation(app.context, assessment, { organisationId: finance }).token);
    for (const token of tokens) aSubmittedResponse(app.context, token);
    const lone = anInvitation(app.context, assessment, { organisationId: health }).token;
    aSubmittedResponse(app.context, lone);
    const deps = {
      database: app.context.database,
      instruments: app.context.instruments,
      countries: app.context.countries,
      secret: app.context.secret,
      clock: app.context.clock,
    };
    transitionAssessment(deps, assessment.owner, assessment.id, "close");
    publishReport(deps, assessment.owner, assessment.id);

    const respondent = new Browser(app.url);
    expect(textOf((await respondent.get(`/r/${tokens[0]}`)).text)).toContain("The results are published");
    const national = await respondent.get(`/r/${tokens[0]}/results`);
    expect(national.status).toBe(200);
    expect(textOf(national.text)).toContain("Lao People's Democratic Republic");
    const own = await respondent.get(`/r/${tokens[0]}/results/organisation`);
    expect(own.status).toBe(200);
    expect(textOf(own.text)).toContain("Ministry of Finance");
    const withheld = await respondent.get(`/r/${lone}/results/organisation`);
    expect(textOf(withheld.text)).toContain("No report for your organisation");
    expect(textOf(withheld.text)).not.toContain("Ministry of Health");

    const expert = insertUser(app.context, { role: "expert" });
    app.context.database.sqlite.prepare("insert into assessment_members (assessment_id, user_id, role) values (?, ?, 'owner')").run(assessment.id, expert.id);
    const staff = new Browser(app.url);
    await staff.signIn(expert.email, expert.password);
    expect((await staff.post(`/assessments/${assessment.id}/report-links`)).status).toBe(303);
    const page = await staff.get(`/assessments/${assessment.id}/mail`);
    const link = /\/p\/([A-Za-z0-9_-]{43})/.exec(page.text)![1];
    const anonymous = new Browser(app.url);
    const shared = await anonymous.get(`/p/${link}`);
    expect(shared.status).toBe(200);
    expect(shared.text).not.toContain(`<a href="/assessments/${assessment.id}">`);
    const pdf = await anonymous.get(`/p/${link}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    const linkId = app.context.database.sqlite.prepare("select id from report_links where assessment_id = ?").pluck().get(assessment.id) as number;
    expect((await staff.post(`/assessments/${assessment.id}/report-links/${linkId}/revoke`, { confirmed: "yes" })).status).toBe(303);
    expect((await anonymous.get(`/p/${link}`)).status).toBe(404);
    expect((await anonymous.get(`/p/${"x".repeat(43)}`)).status).toBe(404);
  });
});
