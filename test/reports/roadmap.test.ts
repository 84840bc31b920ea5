// The prioritised roadmap (method.md, "Recommendations and roadmap"): actions in the order of their dimensions' rank,
// an action shared by several dimensions once naming every gap, a cap per horizon from the instrument (5, 5, 3 by
// default), and the whole list in the annex of the page and the PDF.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAssessment } from "../../src/assessments/repository";
import { prepareFirstRun } from "../../src/bootstrap";
import { formatNumber } from "../../src/i18n/format";
import type { DimensionResult, Recommendation, Roadmap, RoadmapEntry, Severity } from "../../src/scoring";
import { buildReportModel } from "../../src/reports/build";
import { reportOutline, type SectionOf } from "../../src/reports/outline";
import { defaultRoadmapCaps, listActionsOnce, prioritiseRoadmap, roadmapCapsOf } from "../../src/reports/roadmap";
import { ApiClient, tokenOf } from "../api/support";
import { aUser } from "../support/builders";
import { Browser, insertUser, startApp, type AuthTestApp } from "../auth/support";

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

function entry(actionId: string, dimensionId: string, dimensionRank: number, severity: Severity, horizon: RoadmapEntry["horizon"] = "short"): RoadmapEntry {
  return { actionId, horizon, minSeverity: "low", dimensionId, levelId: "institutional", dimensionRank, severity };
}

function dimension(dimensionId: string, current: number, target: number): DimensionResult {
  return { dimensionId, levelId: "institutional", status: "scored", current, target } as unknown as DimensionResult;
}

describe("prioritiseRoadmap", () => {
  const dimensions = [dimension("legal", 1, 3.5), dimension("strategy", 1.5, 3), dimension("data", 2, 3)];

  it("keeps the engine's order (dimension rank, then the instrument's order) and names each action's gap, current → target", () => {
    const roadmap: Roadmap = {
      short: [entry("legal-a1", "legal", 1, "critical"), entry("legal-a2", "legal", 1, "critical"), entry("strategy-a1", "strategy", 2, "high")],
      medium: [],
      long: [entry("data-a3", "data", 3, "moderate", "long")],
    };
    const result = prioritiseRoadmap(roadmap, dimensions, defaultRoadmapCaps);
    expect(result.horizons.map((h) => [h.horizon, h.cap, h.actions.map((a) => a.actionId)])).toEqual([
      ["short", 5, ["legal-a1", "legal-a2", "strategy-a1"]],
      ["medium", 5, []],
      ["long", 3, ["data-a3"]],
    ]);
    expect(result.horizons[0].actions[2].gaps).toEqual([
      { dimensionId: "strategy", levelId: "institutional", rank: 2, severity: "high", current: 1.5, target: 3 },
    ]);
  });

  it("lists an action shared by several dimensions once, at the place of its best-ranked gap, naming every gap and the most severe", () => {
    const roadmap: Roadmap = {
      short: [entry("legal-a1", "legal", 1, "moderate"), entry("strategy-a1", "strategy", 2, "high"), entry("data-a1", "data", 3, "critical")],
      medium: [],
      long: [],
    };
    // legal-a1 and data-a1 are the same action written out under two dimensions (same text in the source language).
    const sameAction = (id: string) => (id === "data-a1" ? "legal-a1" : id);
    const [short] = prioritiseRoadmap(roadmap, dimensions, defaultRoadmapCaps, sameAction).horizons;
    expect(short.actions.map((a) => a.actionId)).toEqual(["legal-a1", "strategy-a1"]);
    expect(short.actions[0].gaps.map((g) => [g.dimensionId, g.current, g.target])).toEqual([
      ["legal", 1, 3.5],
      ["data", 2, 3],
    ]);
    expect(short.actions[0].severity).toBe("critical");
  });

  it("lists a shared action once in the recommendations by dimension too, under its best-ranked dimension, naming the others", () => {
    const recommendation = (dimensionId: string, rank: number, ...ids: string[]): Recommendation => ({
      dimensionId,
      levelId: "individual",
      severity: "high",
      dimensionRank: rank,
      actions: ids.map((id) => ({ id, horizon: "long", minSeverity: "low" })),
    });
    const sameAction = (id: string) => (id.endsWith("-framework") ? "framework" : id);
    const listed = listActionsOnce(
      [
        recommendation("data", 1, "data-a1", "data-framework"),
        recommendation("service", 2, "service-framework"),
        recommendation("mindset", 3, "mindset-a1", "mindset-framework"),
      ],
      sameAction,
    );
    expect(listed.map((d) => [d.recommendation.dimensionId, d.actions.map((a) => [a.action.id, a.alsoAddresses])])).toEqual([
      [
        "data",
        [
          ["data-a1", []],
          ["data-framework", ["service", "mindset"]],
        ],
      ],
      ["service", []],
      ["mindset", [["mindset-a1", []]]],
    ]);
  });

  it("takes its caps from the instrument, 5 short-term, 5 medium-term and 3 long-term ones by default", () => {
    expect(roadmapCapsOf({})).toEqual({ short: 5, medium: 5, long: 3 });
    expect(roadmapCapsOf({ roadmap: { short: 8, long: 2 } })).toEqual({ short: 8, medium: 5, long: 2 });
  });
});

describe("the prioritised roadmap of the demo report", () => {
  let app: AuthTestApp;
  let demoId: number;

  beforeAll(async () => {
    app = await startApp({ env: { SEED_DEMO: "true" } });
    prepareFirstRun(app.context);
    demoId = app.context.database.sqlite.prepare("select id from assessments where country_iso3 = 'XDL' and status = 'open'").pluck().get() as number;
  }, 120_000);
  afterAll(() => app?.close());

  it("shows at most the cap of each horizon in the roadmap and every action once in the annex, the same in the page, the PDF's outline and the API", async () => {
    const model = buildReportModel(app.context, findAssessment(app.context.database.db, demoId)!, { language: "en" });
    const prioritised = model.prioritisedRoadmap!;
    const all = prioritised.horizons.flatMap((h) => h.actions);
    const flat = (["short", "medium", "long"] as const).flatMap((h) => model.roadmap[h]);
    expect(all.length).toBeGreaterThan(13);
    expect(new Set(all.map((a) => a.actionId)).size).toBe(all.length);
    expect(new Set(all.map((a) => a.actionId))).toEqual(new Set(flat.map((e) => e.actionId)));
    for (const action of all) expect(action.gaps.length).toBeGreaterThan(0);

    const outline = reportOutline(model, app.context.translator);
    const section = outline.find((s) => s.kind === "recommendations") as SectionOf<"recommendations">;
    expect(section.priorities!.map((h) => h.actions.length)).toEqual(prioritised.horizons.map((h) => Math.min(h.cap, h.actions.length)));
    const annex = outline.find((s) => s.kind === "actions") as SectionOf<"actions">;
    expect(annex.horizons.flatMap((h) => h.actions)).toHaveLength(all.length);
    expect(outline.map((s) => s.kind).slice(-2)).toEqual(["actions", "methodology"]);

    const user = insertUser(app.context, { role: "admin" });
    const browser = new Browser(app.url);
    await browser.signIn(user.email, user.password);
    const page = await browser.get(`/assessments/${demoId}/report?lang=en`);
    const roadmapHtml = page.text.slice(page.text.indexOf('<section id="recommendations"'), page.text.indexOf('<section id="actions"'));
    const first = prioritised.horizons[0].actions[0];
    expect(roadmapHtml).toContain(html(first.text));
    expect(roadmapHtml).toContain(
      `${html(first.gaps[0].dimensionTitle)}: from ${formatNumber("en", first.gaps[0].current, 1)} to ${formatNumber("en", first.gaps[0].target, 1)}`,
    );
    const beyondCap = prioritised.horizons.find((h) => h.actions.length > h.cap);
    if (beyondCap) expect(roadmapHtml).not.toContain(html(beyondCap.actions[beyondCap.cap].text));
    const annexHtml = page.text.slice(page.text.indexOf('<section id="actions"'));
    for (const action of all) expect(annexHtml).toContain(html(action.text));

    // The API serves the same model: its prioritised roadmap is this one.
    const api = await new ApiClient(app.url, tokenOf(app.context, aUser(app.context, "admin"))).get(`/api/v1/assessments/${demoId}/results`);
    expect(api.status).toBe(200);
    expect(api.body.prioritisedRoadmap.horizons.map((h: { actions: { actionId: string }[] }) => h.actions.map((a) => a.actionId))).toEqual(
      prioritised.horizons.map((h) => h.actions.map((a) => a.actionId)),
    );
  });
});
