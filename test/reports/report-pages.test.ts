// The report pages over real HTTP: live while open, frozen once published, the organisation's own report beside the
// national average, and progress between rounds and the peer comparison on the seeded demo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { buildReportModel } from "../../src/reports/build";
import { reportModelSchema } from "../../src/reports/model";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse, grant } from "../support/builders";

async function signedIn(app: AuthTestApp, role: "admin" | "expert" | "analyst", countries: string[] = []): Promise<{ browser: Browser; id: number }> {
  const user = insertUser(app.context, { role, countries });
  const browser = new Browser(app.url);
  const reply = await browser.signIn(user.email, user.password);
  expect(reply.status, reply.text.slice(0, 200)).toBe(303);
  return { browser, id: user.id };
}

describe("country and organisation report pages", () => {
  let app: AuthTestApp;
  let admin: Browser;

  beforeAll(async () => {
    app = await startApp();
    admin = (await signedIn(app, "admin")).browser;
  });
  afterAll(() => app.close());

  function answeredAssessment(options: { respondents: number; current: number; organisations?: string[] }) {
    const assessment = anAssessment(app.context, { status: "open", country: "LAO", organisations: options.organisations });
    for (let i = 0; i < options.respondents; i++) {
      const { token } = anInvitation(app.context, assessment, { organisationId: assessment.organisationIds[i % assessment.organisationIds.length] });
      aSubmittedResponse(app.context, token, { current: options.current, target: 4, importance: 3 });
    }
    return assessment;
  }

  it("shows live results with a draft watermark while the round is open, and follows new answers", async () => {
    const assessment = answeredAssessment({ respondents: 3, current: 1, organisations: ["Ministry of ICT"] });
    const before = await admin.get(`/assessments/${assessment.id}/report`);
    expect(before.status).toBe(200);
    expect(before.text).toMatch(/class="watermark"/);
    expect(textOf(before.text)).toMatch(/Digital government capacity gaps: Lao People's Democratic Republic/);
    expect(textOf(before.text)).toMatch(/Based on 3 submitted responses\./);
    // Every chart has a data table beside it for screen readers and printing without JavaScript.
    expect((before.text.match(/<canvas /g) ?? []).length).toBeGreaterThan(0);
    expect((before.text.match(/<table/g) ?? []).length).toBeGreaterThan((before.text.match(/<canvas /g) ?? []).length);

    const { token } = anInvitation(app.context, assessment, { organisationId: assessment.organisationIds[0] });
    aSubmittedResponse(app.context, token, { current: 3, target: 4, importance: 3 });
    const after = await admin.get(`/assessments/${assessment.id}/report`);
    expect(textOf(after.text)).toMatch(/Based on 4 submitted responses\./);
  });

  it("freezes the report when published: answers changed afterwards do not reach it until it is unpublished (audited)", async () => {
    const assessment = answeredAssessment({ respondents: 3, current: 2, organisations: ["Ministry of Planning"] });
    const deps = { database: app.context.database, instruments: app.context.instruments, secret: app.context.secret, clock: app.context.clock };
    const { transitionAssessment } = await import("../../src/assessments/service");
    transitionAssessment(deps, assessment.owner, assessment.id, "close");

    const published = await admin.post(`/assessments/${assessment.id}/report/publish`, { confirmed: "yes" });
    expect(published.status).toBe(303);
    const frozen = await admin.get(`/assessments/${assessment.id}/report`);
    expect(frozen.status).toBe(200);
    expect(frozen.text).not.toMatch(/class="watermark"/);
    const snapshotRows = app.context.database.sqlite
      .prepare("select instrument_version, model from report_snapshots where assessment_id = ? and withdrawn_at is null")
      .all(assessment.id) as { instrument_version: string; model: string }[];
    expect(snapshotRows).toHaveLength(1);
    expect(snapshotRows[0].instrument_version).toBe(findAssessment(app.context.database.db, assessment.id)!.instrumentVersion);
    expect(() => reportModelSchema.parse(JSON.parse(snapshotRows[0].model))).not.toThrow();

    // Answers written behind the published report (as a direct database change would) do not reach it.
    app.context.database.sqlite
      .prepare("update answers set current = 5 where response_id in (select id from responses where assessment_id = ?)")
      .run(assessment.id);
    const still = await admin.get(`/assessments/${assessment.id}/report`);
    expect(textOf(still.text)).toBe(textOf(frozen.text));
    const live = buildReportModel({ ...deps, countries: app.context.countries }, findAssessment(app.context.database.db, assessment.id)!, { language: "en" });
    expect(live.overall.index).not.toBe(JSON.parse(snapshotRows[0].model).overall.index);

    const unpublished = await admin.post(`/assessments/${assessment.id}/report/unpublish`, { confirmed: "yes" });
    expect(unpublished.status).toBe(303);
    const audit = app.context.database.sqlite
      .prepare("select action from audit_log where object_id = ? and action like 'assessment.%publish' order by id")
      .pluck()
      .all(String(assessment.id));
    expect(audit).toEqual(["assessment.publish", "assessment.unpublish"]);
    const afterUnpublish = await admin.get(`/assessments/${assessment.id}/report`);
    expect(textOf(afterUnpublish.text)).not.toBe(textOf(frozen.text));
  });

  it("refuses to publish an open assessment and leaves it unpublished", async () => {
    const assessment = answeredAssessment({ respondents: 3, current: 2 });
    const reply = await admin.post(`/assessments/${assessment.id}/report/publish`, { confirmed: "yes" });
    expect(reply.status).toBe(409);
    expect(app.context.database.sqlite.prepare("select count(*) from report_snapshots where assessment_id = ?").pluck().get(assessment.id)).toBe(0);
  });

  it("shows an organisation's own results beside the national average", async () => {
    const assessment = answeredAssessment({ respondents: 6, current: 2, organisations: ["Ministry of Justice", "Ministry of Education"] });
    const reply = await admin.get(`/assessments/${assessment.id}/organisations/${assessment.organisationIds[0]}/report`);
    expect(reply.status).toBe(200);
    const text = textOf(reply.text);
    expect(text).toMatch(/Self-assessment report: Ministry of Justice/);
    expect(text).toMatch(/National/);
    expect(text).toMatch(/Based on 3 submitted responses\./);
  });

  it("lets an analyst read only the reports granted to them", async () => {
    const assessment = answeredAssessment({ respondents: 3, current: 2 });
    const other = answeredAssessment({ respondents: 3, current: 2 });
    const analyst = await signedIn(app, "analyst");
    grant(app.context, { id: analyst.id, assessmentRoles: {} } as never, assessment.id, "analyst");
    expect((await analyst.browser.get(`/assessments/${assessment.id}/report`)).status).toBe(200);
    expect((await analyst.browser.get(`/assessments/${other.id}/report`)).status).toBe(403);
    expect((await new Browser(app.url).get(`/assessments/${assessment.id}/report`)).location).toMatch(/^\/sign-in/);
  });
});

describe("progress between rounds and peer comparison on the seeded demo", () => {
  let app: AuthTestApp;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
  });
  afterAll(() => app.close());

  it("compares the open Demoland round with its published 2024 round and with published peers", async () => {
    const id = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const { browser } = await signedIn(app, "admin");
    const reply = await browser.get(`/assessments/${id}/report`);
    expect(reply.status).toBe(200);
    const text = textOf(reply.text);
    expect(text).toMatch(/Progress since the last round/);
    expect(text).toMatch(/Change in each dimension's current level since round 2024/);
    expect(text).toMatch(/Compared with the average of \d+ countries of the group/);

    const model = buildReportModel(
      { database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock },
      findAssessment(app.context.database.db, id)!,
      { language: "en" },
    );
    // Dimensions matched by their stable ids have a change with its 95% interval; a clear change excludes zero.
    expect(model.progress!.previousRound).toBe("2024");
    expect(model.progress!.dimensions.length).toBeGreaterThan(20);
    for (const d of model.progress!.dimensions) {
      expect(d.lower).toBeLessThanOrEqual(d.change);
      expect(d.upper).toBeGreaterThanOrEqual(d.change);
      expect(d.isClear).toBe(d.lower > 0 || d.upper < 0);
    }
    expect(model.progress!.dimensions.some((d) => d.isClear)).toBe(true);
    expect(model.peers!.dimensions.filter((d) => d.peer !== null).length).toBeGreaterThan(0);
  });
});
