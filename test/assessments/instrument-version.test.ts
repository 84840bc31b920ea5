// The instrument's content hash is for those who manage instrument versions: administrators see its short form on
// the assessment page; experts do not, nor the 64 digits anywhere; the report's methodology keeps the short form so
// a reader can tell which exact questionnaire produced it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, insertUser, startApp, textOf, type AuthTestApp } from "../auth/support";

describe("the instrument's content hash", () => {
  let app: AuthTestApp;
  let expert: Browser;
  let admin: Browser;
  let assessmentId: number;
  let version: string;

  beforeAll(async () => {
    app = await startApp();
    const expertUser = insertUser(app.context, { role: "expert" });
    const adminUser = insertUser(app.context, { role: "admin" });
    expert = new Browser(app.url);
    admin = new Browser(app.url);
    await expert.signIn(expertUser.email, expertUser.password);
    await admin.signIn(adminUser.email, adminUser.password);
    const created = await expert.post("/assessments", {
      countryIso3: "LAO",
      instrumentId: "digital-government",
      roundLabel: "2026",
      levels: ["institutional", "organisational", "individual"],
      languages: ["en"],
      opensOn: "2026-03-01",
      closesOn: "2096-05-31",
    });
    assessmentId = Number(/\/assessments\/(\d+)$/.exec(created.location!)![1]);
    version = app.context.database.sqlite.prepare("select instrument_version from assessments where id = ?").pluck().get(assessmentId) as string;
  });
  afterAll(() => app.close());

  it("is not on the new-assessment form nor, for an expert, on the assessment page", async () => {
    const form = await expert.get("/assessments/new");
    expect(form.status).toBe(200);
    expect(form.text).not.toContain(version.slice(0, 12));
    const page = await expert.get(`/assessments/${assessmentId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(version.slice(0, 12));
  });

  it("is shown in its short form to an administrator", async () => {
    const page = await admin.get(`/assessments/${assessmentId}`);
    expect(page.text).toContain(`(${version.slice(0, 12)})`);
    expect(page.text).not.toContain(version);
  });

  it("appears in the report's methodology in its short form only", async () => {
    const report = await expert.get(`/assessments/${assessmentId}/report`);
    expect(report.status).toBe(200);
    expect(textOf(report.text)).toContain(`Instrument version ${version.slice(0, 12)}.`);
    expect(report.text).not.toContain(version);
  });
});
