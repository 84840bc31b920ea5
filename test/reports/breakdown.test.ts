// Results by background category in the report (`?by=`): the HTML page, the PDF and the API, with a category that
// must be hidden and one that would be derivable without complementary suppression.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { findAssessment } from "../../src/assessments/repository";
import { lookupOf } from "../../src/assessments/tokens";
import { buildExport } from "../../src/exchange/export-service";
import { saveBackground } from "../../src/responses/background";
import { findInvitationByLookup } from "../../src/responses/repository";
import { ApiClient, startApp as startApiApp, tokenOf } from "../api/support";
import { Browser, insertUser, textOf } from "../auth/support";
import { anAssessment, anInvitation, aSubmittedResponse, aUser, type BuiltAssessment } from "../support/builders";

describe("the report by background category", () => {
  let app: Awaited<ReturnType<typeof startApiApp>>;
  let assessment: BuiltAssessment;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApiApp();
    assessment = anAssessment(app.context, { status: "open", levels: ["organisational"], minGroupSize: 3 });
    // Grades: 8 professionals, 4 middle managers, 2 senior managers and 5 who prefer not to say; everyone answered.
    const plan: [string | null, number, number][] = [
      ["professional", 8, 2],
      ["middle-manager", 4, 3],
      ["senior-manager", 2, 5],
      ["prefer-not-to-say", 5, 1],
    ];
    for (const [grade, count, current] of plan) {
      for (let i = 0; i < count; i++) {
        const { token } = anInvitation(app.context, assessment, { levels: ["organisational"], organisationId: assessment.organisationIds[i % 2] });
        const invitation = findInvitationByLookup(app.context.database, lookupOf(token))!;
        const answers = [{ questionId: "public-service", value: "yes" }, ...(grade ? [{ questionId: "grade", value: grade }] : [])];
        saveBackground(app.context.database, invitation, answers, { source: "seed", now: app.context.clock() });
        aSubmittedResponse(app.context, token, { current, target: 5, importance: 3 });
      }
    }
    const user = insertUser(app.context, { role: "admin" });
    browser = new Browser(app.url);
    await browser.signIn(user.email, user.password);
  });
  afterAll(() => app.close());

  it("shows a grid by grade on the page, hiding the small category and the one that would give it away", async () => {
    const page = await browser.get(`/assessments/${assessment.id}/report?by=grade`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain("Results by background: Which best describes your grade or seniority?");
    expect(page.text).toContain('<option value="grade" selected>');
    const row = (label: string) => textOf(new RegExp(`<tr><th scope="row">${label}</th>[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? "");
    expect(row("Professional or technical staff")).toMatch(/Professional or technical staff\s+2\.0/);
    expect(row("Senior manager or executive")).toMatch(/fewer than 3/i);
    // Shown, the 4 middle managers would let the 2 senior managers' score be worked out from the national figure.
    expect(row("Middle manager \\(head of unit or division\\)")).not.toMatch(/3\.0/);
    expect(row("Prefer not to say")).toMatch(/1\.0/);
    expect(page.text.replace(/&#x3D;/g, "=").replace(/&amp;/g, "&")).toContain(`href="/assessments/${assessment.id}/report.pdf?lang=en&by=grade"`);
  });

  it("is in the API, and refuses a question it cannot break down by", async () => {
    const api = new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "admin")));
    const results = await api.get(`/api/v1/assessments/${assessment.id}/results?by=grade`);
    expect(results.status).toBe(200);
    const rows = results.body.breakdown.rows as {
      category: string;
      status: string;
      cells: { status: string; withheld: { rule: string } | null; current: number | null }[];
    }[];
    const byCategory = Object.fromEntries(rows.map((r) => [r.category, r]));
    expect(rows.map((r) => r.category)).toEqual(["support", "professional", "middle-manager", "senior-manager", "prefer-not-to-say", "no-answer"]);
    expect(byCategory["senior-manager"]).toMatchObject({ status: "suppressed", withheld: { rule: "group-size", threshold: 3 } });
    expect(byCategory["senior-manager"].cells.every((c) => c.current === null)).toBe(true);
    expect(byCategory["middle-manager"].cells.every((c) => c.withheld?.rule === "complementary" && c.current === null)).toBe(true);
    expect(byCategory.professional.cells[0]).toMatchObject({ status: "scored", current: 2 });
    expect((await api.get(`/api/v1/assessments/${assessment.id}/results`)).body.breakdown).toBeNull();
    const refused = await api.get(`/api/v1/assessments/${assessment.id}/results?by=nonsense`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("must be one of represents, gender, age-band, public-service, years-in-service, grade, function, location");
  });

  it("is in the PDF", async () => {
    const pdf = await browser.get(`/assessments/${assessment.id}/report.pdf?by=grade`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
  });

  it("puts the background answers in the answers export and the results by category in the results workbook", async () => {
    const summary = findAssessment(app.context.database.db, assessment.id)!;
    const wide = await buildExport(app.context, summary, "answers.csv", { shape: "wide", includeIdentity: false, language: "en" });
    const [header, ...lines] = wide.body
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    const columns = header.split(",");
    const grade = columns.indexOf("background.grade");
    expect(grade).toBeGreaterThan(columns.indexOf("submitted_at"));
    expect(lines.map((l) => l.split(",")[grade]).filter((v) => v === "senior-manager")).toHaveLength(2);
    expect(lines.map((l) => l.split(",")[columns.indexOf("background.public-service")])).toContain("yes");

    const results = await buildExport(app.context, summary, "results.xlsx", { shape: "long", includeIdentity: false, language: "en" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(results.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("by_category")!;
    const rows = sheet
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1));
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => head.indexOf(name);
    const senior = rows.filter((r) => r[at("question_id")] === "grade" && r[at("category")] === "senior-manager");
    expect(senior.length).toBeGreaterThan(0);
    expect(senior.every((r) => r[at("status")] === "suppressed" && r[at("withheld")] === "group-size" && (r[at("current")] ?? null) === null)).toBe(true);
    const middle = rows.filter((r) => r[at("question_id")] === "grade" && r[at("category")] === "middle-manager");
    expect(middle.every((r) => r[at("withheld")] === "complementary" && (r[at("current")] ?? null) === null)).toBe(true);
  });
});
