// Alpha only where it means something (issue 24, method.md): Cronbach's alpha and its "low reliability" flag are
// computed for reflective dimensions (the individual level of the default instrument) and never for formative ones
// (institutional, organisational, societal), in the report model, the report page and the CSV export alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { buildReportModel } from "../../src/reports/build";
import type { ReportModel } from "../../src/reports/model";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";
import { startApp, type AuthTestApp } from "../auth/support";

// Ten respondents whose answers to a dimension's items disagree: alpha well below 0.7 wherever it is computed.
const rows = [
  [0, 5, 2],
  [5, 0, 3],
  [1, 4, 2],
  [4, 1, 3],
  [2, 3, 1],
  [3, 2, 4],
  [0, 4, 3],
  [5, 1, 2],
  [2, 2, 2],
  [3, 3, 3],
];

describe("Cronbach's alpha in a report", () => {
  let app: AuthTestApp;
  let model: ReportModel;

  beforeAll(async () => {
    app = await startApp();
    prepareFirstRun(app.context);
    const levels = ["institutional", "individual"];
    const built = anAssessment(app.context, { status: "open", organisations: ["Ministry of ICT"], levels });
    rows.forEach((row) => {
      const { token } = anInvitation(app.context, built, { levels });
      aSubmittedResponse(app.context, token, (itemId) => ({ current: row[(Number(itemId.split("-").pop()) - 1) % 3], target: 5, importance: 2 }));
    });
    model = buildReportModel(app.context, findAssessment(app.context.database.db, built.id)!, { language: "en" });
  }, 120_000);
  afterAll(() => app?.close());

  const dimensionsOf = (levelId: string) => model.levels.find((l) => l.id === levelId)!.dimensions.filter((d) => d.status === "scored" && d.items >= 3);

  it("computes and flags alpha in the reflective individual dimensions", () => {
    const individual = dimensionsOf("individual").filter((d) => d.id !== "ind-leadership");
    expect(individual.length).toBeGreaterThan(0);
    for (const d of individual) {
      expect(d.alpha, d.id).not.toBeNull();
      expect(d.flags.lowReliability, d.id).toBe(true);
    }
  });

  it("neither computes nor flags alpha in the formative institutional dimensions", () => {
    const institutional = dimensionsOf("institutional");
    expect(institutional.length).toBeGreaterThan(5);
    for (const d of institutional) {
      expect(d.alpha, d.id).toBeNull();
      expect(d.flags.lowReliability, d.id).toBe(false);
    }
  });
});
