// The action plan over real HTTP on the seeded demo: the published 2024 round carries the demo's entries, an expert
// adds and changes entries (each refusal named by its field, each write audited), readers read and export it with
// every cell neutralised, and the open 2026 round shows the 2024 plan's status beside the change measured.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareFirstRun } from "../../src/bootstrap";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";

const entry = (overrides: Record<string, string> = {}) => ({
  actionId: "",
  title: '=HYPERLINK("http://evil")',
  leadOrganisation: "Ministry of Digital Economy",
  othersInvolved: "Statistics office",
  startDate: "2026-01-01",
  endDate: "2026-12-31",
  costAmount: "1500.50",
  costCurrency: "eur",
  fundingSource: "development_partner",
  indicator: "Share of ministries with a data steward",
  dimensionId: "",
  baselineKind: "share",
  baselineValue: "40",
  targetValue: "80",
  targetDate: "2027-06-30",
  status: "planned",
  notes: "",
  ...overrides,
});

describe("the action plan", () => {
  let app: AuthTestApp;
  let expert: Browser;
  let analyst: Browser;
  let publishedId: number;
  let openId: number;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    const sqlite = app.context.database.sqlite;
    publishedId = sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'published'").pluck().get() as number;
    openId = sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
    const admin = insertUser(app.context, { role: "admin" });
    expert = new Browser(app.url);
    expect((await expert.signIn(admin.email, admin.password)).status).toBe(303);
    const reader = insertUser(app.context, { role: "analyst" });
    sqlite.prepare("insert into assessment_members (assessment_id, user_id, role) values (?, ?, 'analyst')").run(publishedId, reader.id);
    analyst = new Browser(app.url);
    expect((await analyst.signIn(reader.email, reader.password)).status).toBe(303);
  }, 120_000);
  afterAll(() => app.close());

  it("holds the demo's entries on the published 2024 round, baselines taken from its results", async () => {
    const rows = app.context.database.sqlite
      .prepare("select status, baseline_kind, baseline_value, dimension_id from plan_entries where assessment_id = ?")
      .all(publishedId) as {
      status: string;
      baseline_kind: string;
      baseline_value: number;
      dimension_id: string;
    }[];
    expect(rows.map((r) => r.status)).toEqual(["done", "in_progress", "done", "dropped"]);
    expect(rows.every((r) => r.baseline_kind === "dimension" && r.baseline_value > 0 && r.dimension_id)).toBe(true);
    const page = await expert.request("GET", `/assessments/${publishedId}/plan`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Ministry of Digital Economy");
    expect(page.text).toContain("Development partner");
  });

  it("shows, in the next round, each entry's status beside the change measured in its dimension", async () => {
    const page = await expert.request("GET", `/assessments/${openId}/plan`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("The 2024 action plan, followed up");
    expect(page.text).toMatch(/action done; [^<]+ moved from \d\.\d to \d\.\d, (a clear change|not a clear change)\./);
    expect(page.text).toMatch(/action dropped; /);
    // In Arabic (the staff member's chosen language), the same follow-up in the catalogue's words.
    app.context.database.sqlite.prepare("update users set locale = 'ar' where role = 'admin'").run();
    const arabic = await expert.request("GET", `/assessments/${openId}/plan`);
    app.context.database.sqlite.prepare("update users set locale = null where role = 'admin'").run();
    expect(arabic.text).toContain('dir="rtl"');
    expect(arabic.text).toContain("متابعة خطة عمل 2024");
    expect(arabic.text).toMatch(/الإجراء: منجز؛ انتقل [^<]+ من \d٫?\.?\d/);
  });

  it("adds an entry, names each refused field, and audits every write", async () => {
    const refused = await expert.post(
      `/assessments/${publishedId}/plan`,
      entry({ leadOrganisation: "", costCurrency: "XYZ", endDate: "2025-01-01", baselineValue: "140" }),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="leadOrganisation-error">name the lead organisation');
    expect(refused.text).toContain('id="costCurrency-error">give the currency as a three-letter ISO 4217 code');
    expect(refused.text).toContain('id="baselineValue-error">give the share of responses in percent');
    expect(refused.text).toContain('value="Share of ministries with a data steward"');

    const before = app.context.database.sqlite.prepare("select count(*) from audit_log where action = 'plan.create'").pluck().get() as number;
    const saved = await expert.post(`/assessments/${publishedId}/plan`, entry());
    expect(saved.status).toBe(303);
    const stored = app.context.database.sqlite
      .prepare("select id, cost_currency, cost_amount from plan_entries where assessment_id = ? order by id desc limit 1")
      .get(publishedId) as {
      id: number;
      cost_currency: string;
      cost_amount: number;
    };
    expect(stored).toMatchObject({ cost_currency: "EUR", cost_amount: 1500.5 });
    expect(app.context.database.sqlite.prepare("select count(*) from audit_log where action = 'plan.create'").pluck().get()).toBe(before + 1);

    const changed = await expert.post(`/assessments/${publishedId}/plan/${stored.id}`, entry({ status: "in_progress", notes: "Tender launched" }));
    expect(changed.status).toBe(303);
    expect(app.context.database.sqlite.prepare("select status from plan_entries where id = ?").pluck().get(stored.id)).toBe("in_progress");
    expect(
      app.context.database.sqlite
        .prepare("select count(*) from audit_log where action = 'plan.update' and details like ?")
        .pluck()
        .get(`%"entryId":${stored.id}%`),
    ).toBe(1);
  });

  it("lets a reader read and export the plan, never change it; the export neutralises formulas", async () => {
    expect((await analyst.request("GET", `/assessments/${publishedId}/plan`)).status).toBe(200);
    expect((await analyst.request("GET", `/assessments/${publishedId}/plan/new`)).status).toBe(403);
    expect((await analyst.post(`/assessments/${publishedId}/plan`, entry())).status).toBe(403);
    const csv = await analyst.request("GET", `/assessments/${publishedId}/plan.csv`);
    expect(csv.status).toBe(200);
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.map((r) => r.title)).toContain('\'=HYPERLINK("http://evil")');
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(["lead_organisation", "cost_currency", "funding_source", "baseline_value", "target_value", "status"]),
    );
    const xlsx = await analyst.request("GET", `/assessments/${publishedId}/plan.xlsx`);
    expect(xlsx.status).toBe(200);
  });
});
