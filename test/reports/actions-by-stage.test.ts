// Actions in the right order, for the right country (issue 24, method.md "Recommendations and roadmap"): the default
// instrument's actions carry the range of current levels they fit, so a country without a strategy is told to prepare
// one before anything is published, and a mature country is not told to enact the laws it has. Each action is listed
// once, under its best-ranked dimension, in the instrument's order (foundations first).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { buildReportModel } from "../../src/reports/build";
import type { ReportModel } from "../../src/reports/model";
import { anAssessment, anInvitation, aSubmittedResponse } from "../support/builders";
import { startApp, type AuthTestApp } from "../auth/support";

describe("the actions of a country without a strategy and of a mature country", () => {
  let app: AuthTestApp;
  let early: ReportModel;
  let mature: ReportModel;
  const levels = ["institutional", "organisational", "societal"];

  /** Three respondents of one organisation answering every item of the three levels: current levels in turn, one target. */
  function reportOf(currents: number[], target: number): ReportModel {
    const built = anAssessment(app.context, { status: "open", organisations: ["Ministry of ICT"], levels });
    for (const current of currents) {
      const { token } = anInvitation(app.context, built, { levels });
      aSubmittedResponse(app.context, token, { current, target, importance: 3 });
    }
    return buildReportModel(app.context, findAssessment(app.context.database.db, built.id)!, { language: "en" });
  }

  beforeAll(async () => {
    app = await startApp();
    prepareFirstRun(app.context);
    early = reportOf([0, 1, 0], 4);
    mature = reportOf([3, 4, 3], 5);
  }, 120_000);
  afterAll(() => app?.close());

  const actionIds = (model: ReportModel) => model.recommendations.flatMap((r) => r.actions.map((a) => a.id));
  const roadmapIds = (model: ReportModel) => model.prioritisedRoadmap!.horizons.flatMap((h) => h.actions.map((a) => a.actionId));
  const actionsOf = (model: ReportModel, dimensionId: string) => model.recommendations.find((r) => r.dimensionId === dimensionId)?.actions.map((a) => a.id);

  it("tells the country without a strategy to prepare one, adopt the core laws and set up the coordination body, and nothing that assumes them", () => {
    expect(actionsOf(early, "inst-strategy")).toEqual(["inst-strategy-a3", "inst-strategy-a4"]);
    expect(actionsOf(early, "inst-legal")?.[0]).toBe("inst-legal-a3");
    expect(actionsOf(early, "inst-coordination")?.[0]).toBe("inst-coordination-a4");
    expect(actionsOf(early, "inst-dpi")).toContain("inst-dpi-a4");
    // Publishing the strategy and onboarding agencies to platforms come once a strategy and the platforms exist.
    for (const later of ["inst-strategy-a1", "inst-strategy-a2", "inst-dpi-a1", "inst-coordination-a3", "inst-legal-a4"]) {
      expect(actionIds(early)).not.toContain(later);
      expect(roadmapIds(early)).not.toContain(later);
    }
    const texts = early.recommendations.flatMap((r) => r.actions.map((a) => a.text));
    expect(texts.some((t) => t.startsWith("Prepare a new or fully revised national digital government strategy"))).toBe(true);
    expect(texts.some((t) => t.startsWith("Publish the digital government strategy"))).toBe(false);
  });

  it("does not tell the mature country to enact laws, prepare a strategy or build the foundations it has, and gives it the advanced actions", () => {
    for (const foundation of [
      "inst-legal-a3",
      "inst-strategy-a3",
      "inst-strategy-a4",
      "inst-coordination-a4",
      "inst-dpi-a4",
      "inst-cyber-a4",
      "org-strategy-a2",
    ]) {
      expect(actionIds(mature)).not.toContain(foundation);
      expect(roadmapIds(mature)).not.toContain(foundation);
    }
    expect(actionsOf(mature, "inst-strategy")).toEqual(["inst-strategy-a1", "inst-strategy-a2"]);
    expect(actionsOf(mature, "inst-legal")).toEqual(["inst-legal-a1", "inst-legal-a2", "inst-legal-a5", "inst-legal-a4"]);
    expect(actionsOf(mature, "inst-dpi")).toEqual(["inst-dpi-a3", "inst-dpi-a1"]);
    const texts = mature.recommendations.flatMap((r) => r.actions.map((a) => a.text));
    expect(texts.filter((t) => /^Enact\b/.test(t))).toEqual([]);
    // Every scored dimension with a gap still gets at least one action.
    const withGap = mature.levels.flatMap((l) => l.dimensions.filter((d) => d.status === "scored" && d.severity !== "none").map((d) => d.id));
    expect(withGap.length).toBeGreaterThanOrEqual(24);
    expect(mature.recommendations.map((r) => r.dimensionId).sort()).toEqual(withGap.sort());
  });

  it("keeps the instrument's order within each dimension (foundations first), in both reports", () => {
    const order = new Map(
      app.context.instruments
        .current("digital-government")!
        .levels.flatMap((l) => l.dimensions.flatMap((d) => d.actions.map((a, index) => [a.id, index] as const))),
    );
    for (const model of [early, mature])
      for (const recommendation of model.recommendations) {
        const positions = recommendation.actions.map((a) => order.get(a.id)!);
        expect(positions, recommendation.dimensionId).toEqual([...positions].sort((a, b) => a - b));
      }
  });

  it("lists every action once, in the recommendations by dimension as in the roadmap", () => {
    for (const model of [early, mature]) {
      const texts = model.recommendations.flatMap((r) => r.actions.map((a) => a.text));
      expect(new Set(texts).size).toBe(texts.length);
      const roadmapTexts = model.prioritisedRoadmap!.horizons.flatMap((h) => h.actions.map((a) => a.text));
      expect(new Set(roadmapTexts).size).toBe(roadmapTexts.length);
    }
  });
});
