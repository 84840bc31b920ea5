// The portfolio (issue 22): every assessment a user may see with its headline figures, the same on the page and in the
// API; focal points see only their country, withheld indices stay withheld, filters by group, region and instrument.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { reportFor } from "../../src/reports/service";
import { ApiClient, tokenOf } from "../api/support";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse, aUser } from "../support/builders";

describe("the portfolio", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
  }, 120_000);
  afterAll(() => app?.close());

  it("lists every demo country and round for an administrator, with the figures of their reports, the same in the API", async () => {
    const api = await new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "admin"))).get("/api/v1/portfolio");
    expect(api.status).toBe(200);
    const rows = api.body.assessments as { assessmentId: number; countryIso3: string; isDemo: boolean; overall: { index: number | null }; status: string }[];
    const demo = rows.filter((r) => r.isDemo);
    expect(new Set(demo.map((r) => r.countryIso3))).toEqual(new Set(["XDL", "XAR", "XBO", "XCO"]));
    expect(demo).toHaveLength(5);
    for (const row of demo) {
      const model = reportFor(app.context, findAssessment(app.context.database.db, row.assessmentId)!, { language: "en" });
      expect(row.overall.index, `${row.countryIso3} ${row.status}`).toBeCloseTo(model.overall.index!, 6);
    }

    const admin = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(admin.email, admin.password);
    const page = await browser.get("/portfolio");
    expect(page.status).toBe(200);
    expect(page.text.match(/<tr>\s*<th scope="row">/g)?.length).toBe(rows.length);
    for (const row of demo) expect(page.text).toContain(`href="/assessments/${row.assessmentId}/report"`);
    const sids = await browser.get("/portfolio?group=SIDS");
    expect(sids.text).toContain("Coralia");
    expect(sids.text).not.toContain("Demoland");
    const refused = await browser.get("/portfolio?group=G20");
    expect(refused.status).toBe(400);
  });

  it("shows a focal point only the assessments of their country, and an index withheld below k as not shown", async () => {
    const small = anAssessment(app.context, { country: "NPL", status: "open", organisations: ["Ministry of ICT"] });
    for (let i = 0; i < 2; i++) aSubmittedResponse(app.context, anInvitation(app.context, small).token, { current: 1, target: 4 });
    anAssessment(app.context, { country: "LAO", status: "open" });
    const focal = insertUser(app.context, { role: "focal_point", countries: ["NPL"] });
    const browser = new Browser(app.url);
    await browser.signIn(focal.email, focal.password);
    const page = await browser.get("/portfolio");
    expect(page.status).toBe(200);
    expect(page.text.match(/<tr>\s*<th scope="row">/g)?.length).toBe(1);
    expect(page.text).toContain("Nepal");
    expect(page.text).not.toContain("Lao");
    expect(page.text).toContain("not shown");

    const asFocal = new ApiClient(
      app.url,
      tokenOf(app.context, { id: focal.id, email: focal.email, name: "", role: "focal_point", countries: ["NPL"], assessmentRoles: {}, locale: null }),
    );
    const api = await asFocal.get("/api/v1/portfolio");
    expect(api.body.assessments.map((r: { countryIso3: string }) => r.countryIso3)).toEqual(["NPL"]);
    expect(api.body.assessments[0].overall).toEqual({ status: "suppressed", index: null });
  });
});
