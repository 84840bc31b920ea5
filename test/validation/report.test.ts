// Self-assessed and validated side by side in the report: the HTML page, the PDF, the API's model and the results
// tables carry both; rationales only where comments are; publishing freezes the validation state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireAssessment, transitionAssessment } from "../../src/assessments/service";
import { publishReport, unpublishReport } from "../../src/reports/publishing";
import { reportFor } from "../../src/reports/service";
import { resultsTables } from "../../src/exchange/exports";
import { decide } from "../../src/validation/service";
import { startTestApp, type TestApp } from "../support/app";
import { aSubmittedResponse, anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { FormClient } from "../support/form-client";

let app: TestApp;
let assessment: BuiltAssessment;
let expert: FormClient;
let dimension: string;
const deps = () => ({ database: app.context.database, instruments: app.context.instruments, countries: app.context.countries, clock: app.context.clock });

beforeAll(async () => {
  app = await startTestApp();
  const context = app.context;
  assessment = anAssessment(context, { status: "open", levels: ["organisational"] });
  const [a, b] = assessment.organisationIds;
  for (let i = 0; i < 3; i++) {
    aSubmittedResponse(context, anInvitation(context, assessment, { organisationId: a }).token, { current: 4, target: 5, importance: 3 });
    aSubmittedResponse(context, anInvitation(context, assessment, { organisationId: b }).token, { current: 2, target: 4, importance: 2 });
  }
  transitionAssessment({ ...deps(), secret: context.secret }, assessment.owner, assessment.id, "close");
  dimension = context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].id;
  decide(deps(), assessment.owner, assessment.id, a, dimension, {
    current: 2,
    target: null,
    confidence: "high",
    evidenceRating: "none",
    rationale: "No document supports level 4.",
    organisationView: null,
    organisationNote: null,
  });
  decide(deps(), assessment.owner, assessment.id, b, dimension, {
    current: 2,
    target: null,
    confidence: "medium",
    evidenceRating: "sufficient",
    rationale: null,
    organisationView: null,
    organisationNote: null,
  });
  expert = new FormClient(app.url);
  await expert.signIn(assessment.owner.email, TEST_PASSWORD);
});
afterAll(() => app.close());

describe("the report with validations", () => {
  it("carries both sets in the model: headline indices, coverage, dimensions and the largest disagreements", () => {
    const model = reportFor(deps(), requireAssessment(app.context, assessment.id));
    const validation = model.validation!;
    expect(validation.validatedUnits).toBe(2);
    const d = validation.dimensions.find((x) => x.id === dimension)!;
    expect(d).toMatchObject({ self: 3, validated: 2, coverage: 1, disagreements: 1 });
    expect(validation.disagreements).toEqual([
      expect.objectContaining({ unit: "Ministry of Finance", self: 4, validated: 2, status: "adjusted", rationale: null }),
    ]);
    expect(validation.validatedIndex!).toBeLessThan(validation.selfIndex!);
  });

  it("shows the section on the page, with rationales only when comments are asked for", async () => {
    const page = await expert.get(`/assessments/${assessment.id}/report`);
    expect(page.text).toContain('id="validation"');
    expect(page.text).toContain("Expert validation");
    expect(page.text).not.toContain("No document supports level 4.");
    const withComments = await expert.get(`/assessments/${assessment.id}/report?comments=1`);
    expect(withComments.text).toContain("No document supports level 4.");
  });

  it("draws the PDF with the section", async () => {
    const pdf = await expert.get(`/assessments/${assessment.id}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
  });

  it("puts both sets in the results tables", () => {
    const tables = resultsTables(reportFor(deps(), requireAssessment(app.context, assessment.id)));
    const dimensions = tables.find((t) => t.name === "dimensions")!;
    const row = dimensions.rows.find((r) => r[0] === dimension)!;
    expect(row[dimensions.columns.indexOf("current")]).toBe(3);
    expect(row[dimensions.columns.indexOf("validated_current")]).toBe(2);
    const overall = tables.find((t) => t.name === "overall")!;
    expect(overall.rows[0][overall.columns.indexOf("validation_coverage")]).toBeGreaterThan(0);
  });

  it("freezes the validation state when published, and follows it again once unpublished", async () => {
    publishReport(deps(), assessment.owner, assessment.id);
    // A change straight in the database (validation is refused once published) does not reach the published report.
    app.context.database.sqlite.prepare("update validations set current = 5").run();
    const frozen = reportFor(deps(), requireAssessment(app.context, assessment.id));
    expect(frozen.validation!.dimensions.find((x) => x.id === dimension)!.validated).toBe(2);
    unpublishReport(deps(), assessment.owner, assessment.id);
    const live = reportFor(deps(), requireAssessment(app.context, assessment.id));
    expect(live.validation!.dimensions.find((x) => x.id === dimension)!.validated).toBe(5);
  });
});

describe("an organisation's report with validations", () => {
  it("shows the organisation's own validated units beside its self-assessment, and none of another organisation's", () => {
    const [a, b] = assessment.organisationIds;
    const own = reportFor(deps(), requireAssessment(app.context, assessment.id), { organisation: { id: a } });
    expect(own.validation!.dimensions.find((x) => x.id === dimension)).toMatchObject({ self: 4, validated: 5, coverage: 1 });
    expect(own.validation!.disagreements.every((d) => d.organisationId === a)).toBe(true);
    const other = reportFor(deps(), requireAssessment(app.context, assessment.id), { organisation: { id: b } });
    expect(other.validation!.disagreements.every((d) => d.organisationId === b)).toBe(true);
  });
});

describe("the validation API", () => {
  it("gives the validation state per unit, with rationales only to readers of per-respondent data", async () => {
    const { tokenOf } = await import("../api/support");
    const { aUser } = await import("../support/builders");
    const get = async (token: string) => {
      const reply = await fetch(`${app.url}/api/v1/assessments/${assessment.id}/validations`, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      });
      return {
        status: reply.status,
        body: (await reply.json()) as {
          isOpen: boolean;
          units: { organisationId: number | null; dimensionId: string; status: string; rationale: string | null; self: { current: number } }[];
        },
      };
    };
    const expert = await get(tokenOf(app.context, assessment.owner));
    expect(expert.status).toBe(200);
    expect(expert.body.isOpen).toBe(true);
    const unit = expert.body.units.find((u) => u.organisationId === assessment.organisationIds[0] && u.dimensionId === dimension)!;
    expect(unit).toMatchObject({ status: "adjusted", rationale: "No document supports level 4.", self: { current: 4 } });
    const analyst = aUser(app.context, "analyst", { grants: [{ assessmentId: assessment.id, role: "analyst" }] });
    const read = await get(tokenOf(app.context, analyst));
    expect(read.status).toBe(200);
    expect(read.body.units.every((u) => u.rationale === null)).toBe(true);
  });
});
