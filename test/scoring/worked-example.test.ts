// The worked example of method.md, reproduced to the last digit the method shows.
import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, scoreAssessment, studentTQuantile } from "../../src/scoring";
import type { AnswerRecord, ScoringModel } from "../../src/scoring";

const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));

const model: ScoringModel = {
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: [
    {
      id: "organisational",
      weight: 1,
      dimensions: [
        {
          id: "D",
          weight: 1,
          items: [
            { id: "item-1", weight: 1 },
            { id: "item-2", weight: 1 },
          ],
          actions: [{ id: "D-a1", horizon: "short", minSeverity: "high" }],
        },
      ],
    },
  ],
};

const A = 1;
const B = 2;
const C = 3;
const respondents = [A, B, C].map((id) => ({ id, organisationId: 10, levels: ["organisational"] }));
const answer = (respondentId: number, itemId: string, current: number, target: number, importance: number): AnswerRecord => ({
  respondentId,
  itemId,
  kind: "answered",
  current,
  target,
  importance,
});
const records: AnswerRecord[] = [
  answer(A, "item-1", 1, 4, 3),
  answer(A, "item-2", 3, 3, 1),
  answer(B, "item-1", 2, 3, 2),
  answer(B, "item-2", 4, 2, 2),
  { respondentId: C, itemId: "item-1", kind: "dont-know" },
  answer(C, "item-2", 2, 5, 3),
];

const result = scoreAssessment(model, answerSetFromRecords(model, respondents, records));

describe("the worked example of method.md", () => {
  it("gives item 1: n 2, current 1.5, target 3.5, gap 2.0, priority 5.5 (withheld in the results: 2 valid answers < k = 3)", () => {
    // Item-level confidentiality: fewer than k respondents gave item 1 a valid answer, so the engine withholds it.
    expect(result.items[0]).toEqual({
      itemId: "item-1",
      dimensionId: "D",
      levelId: "organisational",
      status: "suppressed",
      suppressed: true,
      reason: "below-threshold",
    });
    // Its figures, through the engine's own arithmetic: three copies of every respondent leave every mean unchanged
    // and triple every count (n 6 = 3 × 2, don't know 3 = 3 × 1, seen 9 = 3 × 3).
    const copies = [1, 2, 3];
    const tripled = copies.flatMap((copy) => respondents.map((r) => ({ ...r, id: r.id * 10 + copy })));
    const tripledRecords = copies.flatMap((copy) => records.map((record) => ({ ...record, respondentId: record.respondentId * 10 + copy })));
    const item = scoreAssessment(model, answerSetFromRecords(model, tripled, tripledRecords)).items[0];
    if (item.status !== "scored") throw new Error("item 1 should be scored with three copies of each respondent");
    expect(item.n).toBe(3 * 2);
    expect(round(item.current, 1)).toBe(1.5);
    expect(round(item.target, 1)).toBe(3.5);
    expect(round(item.gap, 1)).toBe(2.0);
    expect(round(item.priority, 1)).toBe(5.5);
    expect(item.dontKnow).toBe(3 * 1);
    expect(item.seen).toBe(3 * 3);
  });

  it("gives item 2: n 3, current 3.0, target 3.3333, gap 1.0 (B's target below current is no gap), priority 3.0", () => {
    const item = result.items[1];
    if (item.status !== "scored") throw new Error("item 2 should be scored");
    expect(item.n).toBe(3);
    expect(round(item.current, 1)).toBe(3.0);
    expect(round(item.target, 4)).toBe(3.3333);
    expect(round(item.gap, 1)).toBe(1.0);
    expect(round(item.priority, 1)).toBe(3.0);
    expect(item.counts).toEqual([0, 0, 1, 1, 1, 0]);
  });

  it("gives each respondent's dimension scores (checked through one-respondent groups)", () => {
    // Each respondent's scores, as the weighted mean of their valid answers, are what the
    // dimension averages; recompute them through the engine's own arithmetic with weights.
    const expected = { [A]: [2.0, 3.5, 1.5, 4.5], [B]: [3.0, 2.5, 0.5, 1.0], [C]: [2.0, 5.0, 3.0, 9.0] };
    for (const [id, scores] of Object.entries(expected)) {
      // Three copies of one respondent form a group of three whose mean is that respondent's score.
      const clones = [1, 2, 3].map((copy) => ({ id: copy, organisationId: 1, levels: ["organisational"] }));
      const cloneRecords = records
        .filter((record) => record.respondentId === Number(id))
        .flatMap((record) => clones.map((clone) => ({ ...record, respondentId: clone.id })));
      const dimension = scoreAssessment(model, answerSetFromRecords(model, clones, cloneRecords)).dimensions[0];
      if (dimension.status !== "scored") throw new Error("dimension should be scored");
      expect([dimension.current, dimension.target, dimension.gap, dimension.priority].map((v) => round(v, 1))).toEqual(scores);
    }
  });

  it("gives dimension D: current 2.3333 (index 46.67), target 3.6667, gap 1.6667 (high), priority 4.8333", () => {
    const dimension = result.dimensions[0];
    if (dimension.status !== "scored") throw new Error("D should be scored");
    expect(dimension.respondents).toBe(3);
    expect(round(dimension.current, 4)).toBe(2.3333);
    expect(round(dimension.index, 2)).toBe(46.67);
    expect(round(dimension.target, 4)).toBe(3.6667);
    expect(round(dimension.gap, 4)).toBe(1.6667);
    expect(dimension.severity).toBe("high");
    expect(round(dimension.priority, 4)).toBe(4.8333);
  });

  it("gives the spread: sd 0.5774, 95% interval 0.8991 to 3.7676 with t(0.975, 2) = 4.3027", () => {
    const dimension = result.dimensions[0];
    if (dimension.status !== "scored") throw new Error("D should be scored");
    expect(round(studentTQuantile(0.975, 2), 4)).toBe(4.3027);
    expect(round(dimension.sdCurrent, 4)).toBe(0.5774);
    expect(round(dimension.ci.lower, 4)).toBe(0.8991);
    expect(round(dimension.ci.upper, 4)).toBe(3.7676);
  });

  it("does not show Cronbach's alpha (two items, two complete respondents)", () => {
    const dimension = result.dimensions[0];
    if (dimension.status !== "scored") throw new Error("D should be scored");
    expect(dimension.reliability.status).toBe("not-shown");
    expect(dimension.flags.lowReliability).toBe(false);
  });

  it("carries the dimension into the level index, the overall index and the roadmap", () => {
    const level = result.levels[0];
    if (level.status !== "scored") throw new Error("level should be scored");
    expect(round(level.index, 2)).toBe(46.67);
    if (result.overall.status !== "scored") throw new Error("overall should be scored");
    expect(round(result.overall.index, 2)).toBe(46.67);
    expect(result.roadmap.short.map((entry) => entry.actionId)).toEqual(["D-a1"]);
  });
});
