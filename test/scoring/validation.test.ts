// Validated figures: method.md's worked example of expert validation to the last digit shown, and properties that
// hold for any validations.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, scoreAssessment, validateResults } from "../../src/scoring";
import type { AnswerRecord, ScoringModel, UnitValidation } from "../../src/scoring";

const round = (value: number, digits: number) => Number(value.toFixed(digits));

const model: ScoringModel = {
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: [
    {
      id: "organisational",
      weight: 1,
      dimensions: [{ id: "D", weight: 1, items: [{ id: "d-1", weight: 1 }], actions: [{ id: "D-a1", horizon: "short", minSeverity: "critical" }] }],
    },
    {
      id: "institutional",
      weight: 1,
      dimensions: [{ id: "E", weight: 1, items: [{ id: "e-1", weight: 1 }], actions: [] }],
    },
  ],
};

const A = 1;
const B = 2;
// Organisation A: 4 respondents, current 2.5, target 4.0, gap 1.5, importance 2.5.
// Organisation B: 3 respondents, current 1.0, target 3.0, gap 2.0, importance 2.0, priority 4.0.
const people = [
  { id: 1, organisationId: A, current: 2, importance: 2, target: 4 },
  { id: 2, organisationId: A, current: 3, importance: 3, target: 4 },
  { id: 3, organisationId: A, current: 2, importance: 2, target: 4 },
  { id: 4, organisationId: A, current: 3, importance: 3, target: 4 },
  { id: 5, organisationId: B, current: 1, importance: 2, target: 3 },
  { id: 6, organisationId: B, current: 1, importance: 2, target: 3 },
  { id: 7, organisationId: B, current: 1, importance: 2, target: 3 },
];
const respondents = people.map(({ id, organisationId }) => ({ id, organisationId, levels: ["organisational"] }));
const records: AnswerRecord[] = people.map(({ id, current, target, importance }) => ({
  respondentId: id,
  itemId: "d-1",
  kind: "answered",
  current,
  target,
  importance,
}));
const scored = scoreAssessment({ ...model, levels: [model.levels[0]] }, answerSetFromRecords(model, respondents, records));

describe("the worked example of expert validation in method.md", () => {
  const validated = validateResults(model, scored, [{ organisationId: A, dimensionId: "D", current: 1.5, target: null }]);
  const self = scored.dimensions[0];
  const national = validated.dimensions[0];

  it("starts from the self-assessed organisations and the national current 1.8571 (index 37.14)", () => {
    const unitA = validated.units.find((u) => u.organisationId === A)!;
    const unitB = validated.units.find((u) => u.organisationId === B)!;
    expect([unitA.respondents, unitA.self.current, unitA.self.target, unitA.self.gap, unitA.self.importance]).toEqual([4, 2.5, 4, 1.5, 2.5]);
    expect([unitB.respondents, unitB.self.current, unitB.self.target, unitB.self.gap, unitB.self.importance, unitB.self.priority]).toEqual([3, 1, 3, 2, 2, 4]);
    if (self.status !== "scored") throw new Error("D is scored");
    expect(round(self.current, 4)).toBe(1.8571);
    expect(round(self.index, 2)).toBe(37.14);
  });

  it("flags A as a disagreement (|2.5 − 1.5| = 1.0) and gives it gap 2.5 and priority 6.25; B keeps its figures", () => {
    const unitA = validated.units.find((u) => u.organisationId === A)!;
    expect(unitA).toMatchObject({ isValidated: true, disagreement: true, validated: { current: 1.5, target: 4, gap: 2.5, priority: 6.25 } });
    const unitB = validated.units.find((u) => u.organisationId === B)!;
    expect(unitB).toMatchObject({ isValidated: false, disagreement: false, validated: { current: 1, target: 3, gap: 2, priority: 4 } });
  });

  it("gives the national validated current 1.2857 (index 25.71), gap 2.2857 (critical), priority 5.2857 and coverage 57.1%", () => {
    if (national.status !== "scored") throw new Error("D is scored");
    expect(round(national.current, 4)).toBe(1.2857);
    expect(round(national.index, 2)).toBe(25.71);
    expect(round(national.gap, 4)).toBe(2.2857);
    expect(national.severity).toBe("critical");
    expect(round(national.priority, 4)).toBe(5.2857);
    expect(round(national.validation.share * 100, 1)).toBe(57.1);
    expect(national.validation).toMatchObject({ validatedRespondents: 4, respondents: 7, disagreements: 1 });
  });

  it("carries the validated figures into the level, the overall index, the recommendations and the roadmap", () => {
    const level = validated.levels[0];
    if (level.status !== "scored" || validated.overall.status !== "scored") throw new Error("scored");
    expect(round(level.index, 2)).toBe(25.71);
    expect(round(validated.overall.index, 2)).toBe(25.71);
    // The self-assessed gap (1.7143, high) triggers nothing; the validated one (critical) triggers the action.
    expect(scored.recommendations).toEqual([]);
    expect(validated.recommendations.map((r) => r.dimensionId)).toEqual(["D"]);
    expect(validated.roadmap.short.map((e) => e.actionId)).toEqual(["D-a1"]);
  });

  it("uses a validated target when one is given", () => {
    const withTarget = validateResults(model, scored, [{ organisationId: A, dimensionId: "D", current: 1.5, target: 3 }]);
    expect(withTarget.units.find((u) => u.organisationId === A)!.validated).toEqual({ current: 1.5, target: 3, gap: 1.5, priority: 3.75 });
  });

  it("gives every organisation its own validated figures, ranked among its dimensions", () => {
    const organisationA = validated.organisations.find((o) => o.organisationId === A)!;
    expect(organisationA.dimensions[0]).toMatchObject({ status: "scored", current: 1.5, gap: 2.5, rank: 1, severity: "critical" });
  });
});

describe("validated figures", () => {
  it("equal the self-assessed ones when nothing is validated", () => {
    const validated = validateResults(model, scored, []);
    expect(validated.dimensions.map((d) => (d.status === "scored" ? [d.current, d.gap, d.priority, d.rank, d.severity] : d.status))).toEqual(
      scored.dimensions.map((d) => (d.status === "scored" ? [d.current, d.gap, d.priority, d.rank, d.severity] : d.status)),
    );
    expect(validated.levels).toEqual(scored.levels);
    expect(validated.overall).toEqual(scored.overall);
    expect(validated.coverage).toBe(0);
  });

  it("ignore a unit whose self-assessed cell is withheld, so that no small group shows a figure", () => {
    const small = scoreAssessment(model, answerSetFromRecords(model, respondents.slice(0, 6), records.slice(0, 6)));
    // B has 2 respondents: below k = 3, withheld.
    const validated = validateResults(model, small, [{ organisationId: B, dimensionId: "D", current: 5, target: null }]);
    expect(validated.units.some((u) => u.organisationId === B)).toBe(false);
    expect(validated.validatedUnits).toBe(0);
    expect(validated.organisations.map((o) => o.organisationId)).toEqual([A]);
  });

  it("replace the national figure of a country-level dimension by the validated one, with full coverage", () => {
    const countryRespondents = people.map(({ id, organisationId }) => ({ id, organisationId, levels: ["institutional"] }));
    const countryRecords: AnswerRecord[] = people.map(({ id, current, target, importance }) => ({
      respondentId: id,
      itemId: "e-1",
      kind: "answered",
      current,
      target,
      importance,
    }));
    const country = scoreAssessment(model, answerSetFromRecords(model, countryRespondents, countryRecords));
    const validated = validateResults(model, country, [{ organisationId: null, dimensionId: "E", current: 3, target: 4 }]);
    const e = validated.dimensions.find((d) => d.dimensionId === "E")!;
    expect(e).toMatchObject({ status: "scored", current: 3, target: 4, gap: 1, severity: "moderate", validation: { share: 1, respondents: 7 } });
    // An organisation validation at a country level is not a unit: ignored.
    const ignored = validateResults(model, country, [{ organisationId: A, dimensionId: "E", current: 0, target: null }]);
    expect(ignored.validatedUnits).toBe(0);
  });

  it("keep the national current within 0–5, move it toward each validated level, and keep the coverage within 0–1", () => {
    const validationArbitrary = fc.record({
      a: fc.option(
        fc.integer({ min: 0, max: 10 }).map((x) => x / 2),
        { nil: undefined },
      ),
      b: fc.option(
        fc.integer({ min: 0, max: 10 }).map((x) => x / 2),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(validationArbitrary, ({ a, b }) => {
        const validations: UnitValidation[] = [];
        if (a !== undefined) validations.push({ organisationId: A, dimensionId: "D", current: a, target: null });
        if (b !== undefined) validations.push({ organisationId: B, dimensionId: "D", current: b, target: null });
        const result = validateResults(model, scored, validations);
        const d = result.dimensions[0];
        if (d.status !== "scored") return false;
        const expected = (4 * (a ?? 2.5) + 3 * (b ?? 1)) / 7;
        expect(d.current).toBeCloseTo(expected, 9);
        expect(d.current).toBeGreaterThanOrEqual(0);
        expect(d.current).toBeLessThanOrEqual(5);
        expect(d.gap).toBeGreaterThanOrEqual(-1e-9);
        expect(d.validation.share).toBe(((a !== undefined ? 4 : 0) + (b !== undefined ? 3 : 0)) / 7);
        return true;
      }),
    );
  });
});
