// Results by background category (method.md, "Disaggregation by background"): k, the individual-level floor and
// complementary suppression, decided in the engine.
import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, disaggregate } from "../../src/scoring";
import type { AnswerRecord, CategoryResult, ScoringDimension, ScoringModel, ScoringRespondent } from "../../src/scoring";

const dimension = (id: string): ScoringDimension => ({
  id,
  weight: 1,
  items: [
    { id: `${id}-1`, weight: 1 },
    { id: `${id}-2`, weight: 1 },
  ],
  actions: [{ id: `${id}-a`, horizon: "short", minSeverity: "low" }],
});
const model: ScoringModel = {
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: [
    { id: "organisational", weight: 1, dimensions: [dimension("org-lead")] },
    { id: "individual", weight: 1, dimensions: [dimension("ind-literacy")] },
  ],
};

/** Respondents by category: each rates every item of their levels at `current`. */
function answers(groups: { category: string; count: number; levels: string[]; current: number }[]) {
  const respondents: ScoringRespondent[] = [];
  const records: AnswerRecord[] = [];
  const categoryOf = new Map<number, string>();
  let id = 1;
  for (const g of groups) {
    for (let i = 0; i < g.count; i++, id++) {
      // Every respondent is of organisation 1: categories cut across organisations.
      respondents.push({ id, organisationId: 1, levels: g.levels });
      categoryOf.set(id, g.category);
      for (const level of model.levels.filter((l) => g.levels.includes(l.id))) {
        for (const item of level.dimensions[0].items)
          records.push({ respondentId: id, itemId: item.id, kind: "answered", current: g.current, target: 5, importance: 3 });
      }
    }
  }
  return { set: answerSetFromRecords(model, respondents, records), categoryOf: (r: number) => categoryOf.get(r)! };
}

const cell = (results: CategoryResult[], category: string, dimensionId: string) => {
  const result = results.find((r) => r.category === category)!;
  if (result.status !== "scored") return result;
  return result.dimensions.find((d) => d.dimensionId === dimensionId)!;
};

describe("results by background category", () => {
  const org = ["organisational"];
  it("scores each category like an organisation, hides one below k, and hides the next smallest so it cannot be derived", () => {
    const { set, categoryOf } = answers([
      { category: "professional", count: 10, levels: org, current: 2 },
      { category: "middle-manager", count: 4, levels: org, current: 3 },
      { category: "senior-manager", count: 2, levels: org, current: 5 },
      { category: "prefer-not-to-say", count: 5, levels: org, current: 1 },
    ]);
    const results = disaggregate(model, set, categoryOf, ["professional", "middle-manager", "senior-manager", "prefer-not-to-say"], { minGroupSize: 3 });
    expect(cell(results, "professional", "org-lead")).toMatchObject({ status: "scored", respondents: 10, current: 2 });
    // Prefer not to say is a category like the others.
    expect(cell(results, "prefer-not-to-say", "org-lead")).toMatchObject({ status: "scored", respondents: 5, current: 1 });
    // Two senior managers: below k, withheld with no figure at all.
    expect(results.find((r) => r.category === "senior-manager")).toEqual({
      category: "senior-manager",
      status: "suppressed",
      suppressed: true,
      reason: "below-threshold",
    });
    // Shown, the middle managers (the smallest category shown) would give the senior managers' score by difference
    // from the national figure: (21 × national − 10 × 2 − 5 × 1 − 4 × 3) / 2 = 5. They are hidden too.
    expect(cell(results, "middle-manager", "org-lead")).toEqual({
      dimensionId: "org-lead",
      levelId: "organisational",
      status: "suppressed",
      suppressed: true,
      reason: "complementary",
    });
  });

  it("needs five respondents in a category at the individual level", () => {
    const { set, categoryOf } = answers([
      { category: "woman", count: 6, levels: ["individual"], current: 3 },
      { category: "man", count: 6, levels: ["individual"], current: 2 },
      { category: "self-described", count: 4, levels: ["individual"], current: 4 },
      { category: "prefer-not-to-say", count: 4, levels: ["individual"], current: 1 },
    ]);
    const results = disaggregate(model, set, categoryOf, ["woman", "man", "self-described", "prefer-not-to-say"], { minGroupSize: 3 });
    expect(cell(results, "woman", "ind-literacy")).toMatchObject({ status: "scored", respondents: 6, current: 3 });
    // Four each: above k = 3, below the individual floor; two are hidden, so neither can be derived from the other.
    expect(cell(results, "self-described", "ind-literacy")).toMatchObject({ status: "suppressed", reason: "individual-floor" });
    expect(cell(results, "prefer-not-to-say", "ind-literacy")).toMatchObject({ status: "suppressed", reason: "individual-floor" });
  });

  it("lists a category nobody is in as withheld", () => {
    const { set, categoryOf } = answers([{ category: "capital", count: 5, levels: org, current: 2 }]);
    const results = disaggregate(model, set, categoryOf, ["capital", "rural"], { minGroupSize: 3 });
    expect(results.map((r) => [r.category, r.status])).toEqual([
      ["capital", "scored"],
      ["rural", "suppressed"],
    ]);
  });
});
