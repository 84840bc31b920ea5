// Properties that must hold for any answers, checked on random assessments.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, levelThreshold, resolveScoringOptions, scoreAssessment } from "../../src/scoring";
import type { AnswerRecord, AnswerSet, DimensionResult, ScoringModel, ScoringResult } from "../../src/scoring";

const dimension = (id: string, weights: number[]) => ({
  id,
  weight: 1,
  items: weights.map((weight, i) => ({ id: `${id}-${i + 1}`, weight })),
  actions: [],
});
const model: ScoringModel = {
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: [
    { id: "organisational", weight: 1, dimensions: [dimension("a", [1, 1, 1]), { ...dimension("b", [2]), weight: 2 }, dimension("c", [0.5, 1, 2, 1])] },
    { id: "individual", weight: 2, dimensions: [dimension("i1", [1, 3]), dimension("i2", [1, 1, 1])] },
  ],
};
const itemIds = model.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.map((item) => item.id)));

type Answer = Omit<AnswerRecord, "respondentId" | "itemId"> | null;
const answerArbitrary: fc.Arbitrary<Answer> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("answered" as const),
      current: fc.integer({ min: 0, max: 5 }),
      target: fc.integer({ min: 0, max: 5 }),
      importance: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "not-applicable" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "dont-know" as const }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const respondentArbitrary = fc.record({
  organisationId: fc.integer({ min: 1, max: 4 }),
  levels: fc.subarray(["organisational", "individual"], { minLength: 1 }),
  answers: fc.array(answerArbitrary, { minLength: itemIds.length, maxLength: itemIds.length }),
});
const assessmentArbitrary = fc.record({
  respondents: fc.array(respondentArbitrary, { maxLength: 60, size: "+1" }),
  minGroupSize: fc.integer({ min: 3, max: 5 }),
  // Items nobody answers validly, so that coverage sometimes falls short.
  silentItems: fc.subarray(itemIds.map((_, j) => j)),
});
type Assessment = typeof assessmentArbitrary extends fc.Arbitrary<infer T> ? T : never;

function answersOf(assessment: Assessment): AnswerSet {
  const respondents = assessment.respondents.map((r, i) => ({ id: 100 + i, organisationId: r.organisationId, levels: r.levels }));
  const records = assessment.respondents.flatMap((r, i) =>
    r.answers.flatMap((answer, j) => {
      if (answer === null) return [];
      const given = assessment.silentItems.includes(j) ? { kind: "not-applicable" as const } : answer;
      return [{ ...given, respondentId: 100 + i, itemId: itemIds[j] }];
    }),
  );
  return answerSetFromRecords(model, respondents, records);
}

/** The same answers with respondents and rows in another order (a seeded Fisher–Yates shuffle). */
function permuted(answers: AnswerSet, seed: number): AnswerSet {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const shuffle = (n: number) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [order[i], order[k]] = [order[k], order[i]];
    }
    return order;
  };
  const respondentOrder = shuffle(answers.respondents.length); // new position → old index
  const newIndexOf = new Int32Array(respondentOrder.length);
  respondentOrder.forEach((old, position) => (newIndexOf[old] = position));
  const rowOrder = shuffle(answers.rows.length);
  const pick = <T extends Int32Array | Uint8Array | Int8Array>(column: T, make: (n: number) => T) => {
    const out = make(rowOrder.length);
    rowOrder.forEach((old, position) => (out[position] = column[old]));
    return out;
  };
  const respondentColumn = pick(answers.rows.respondent, (n) => new Int32Array(n)).map((old) => newIndexOf[old]);
  return {
    respondents: respondentOrder.map((old) => answers.respondents[old]),
    rows: {
      length: answers.rows.length,
      respondent: respondentColumn,
      item: pick(answers.rows.item, (n) => new Int32Array(n)),
      kind: pick(answers.rows.kind, (n) => new Uint8Array(n)),
      current: pick(answers.rows.current, (n) => new Int8Array(n)),
      target: pick(answers.rows.target, (n) => new Int8Array(n)),
      importance: pick(answers.rows.importance, (n) => new Int8Array(n)),
    },
  };
}

/** Deep equality, with numbers equal to 1e-9 (sums in another order differ in the last bits). */
function expectSame(actual: unknown, expected: unknown, path = "result"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Math.abs(actual - expected) > 1e-9) throw new Error(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (expected && typeof expected === "object" && actual && typeof actual === "object") {
    expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) {
      expectSame((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

function allDimensions(result: ScoringResult): DimensionResult[] {
  return [...result.dimensions, ...result.organisations.flatMap((o) => (o.status === "scored" ? o.dimensions : []))];
}

const inScale = (value: number | null) => value === null || (value >= -1e-12 && value <= 5 + 1e-12);

describe("properties of the scores", () => {
  it("keeps scores within 0–5, gaps never negative, priorities within 0–15, indices within 0–100", () => {
    fc.assert(
      fc.property(assessmentArbitrary, (assessment) => {
        const result = scoreAssessment(model, answersOf(assessment), { minGroupSize: assessment.minGroupSize });
        for (const item of result.items) {
          if (item.status !== "scored") continue;
          expect([item.current, item.target, item.gap].every(inScale)).toBe(true);
          expect(item.gap === null || item.gap >= 0).toBe(true);
          expect(item.priority === null || (item.priority >= 0 && item.priority <= 15)).toBe(true);
          expect(item.importance === null || (item.importance >= 1 && item.importance <= 3)).toBe(true);
        }
        for (const d of allDimensions(result)) {
          if (d.status !== "scored") continue;
          expect([d.current, d.target, d.gap, d.ci.lower, d.ci.upper].every(inScale)).toBe(true);
          expect(d.gap).toBeGreaterThanOrEqual(0);
          expect(d.priority).toBeGreaterThanOrEqual(0);
          expect(d.priority).toBeLessThanOrEqual(15);
          expect(d.ci.lower).toBeLessThanOrEqual(d.current + 1e-12);
          expect(d.ci.upper).toBeGreaterThanOrEqual(d.current - 1e-12);
          expect(d.index).toBeGreaterThanOrEqual(0);
          expect(d.index).toBeLessThanOrEqual(100);
        }
        const levels = [...result.levels, ...result.organisations.flatMap((o) => (o.status === "scored" ? o.levels : []))];
        for (const l of levels) {
          if (l.status !== "scored") continue;
          expect([l.current, l.target, l.gap].every(inScale)).toBe(true);
          expect(l.index).toBeGreaterThanOrEqual(0);
          expect(l.index).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("never shows a group below its threshold, nor lets one be computed by difference", () => {
    fc.assert(
      fc.property(assessmentArbitrary, (assessment) => {
        const options = resolveScoringOptions({ minGroupSize: assessment.minGroupSize });
        const result = scoreAssessment(model, answersOf(assessment), options);
        const thresholdOf = (levelId: string) => levelThreshold(levelId, options);
        for (const cell of [...allDimensions(result), ...result.levels]) {
          if (cell.status === "suppressed") {
            expect(Object.keys(cell).sort()).toEqual(["reason", "status", "suppressed", "levelId", ...("dimensionId" in cell ? ["dimensionId"] : [])].sort());
          } else {
            expect(cell.respondents).toBeGreaterThanOrEqual(thresholdOf(cell.levelId));
          }
        }
        for (const item of result.items) {
          const dimension = result.dimensions.find((d) => d.dimensionId === item.dimensionId) as DimensionResult;
          // An item is shown only when its dimension is, and when at least the level's threshold gave it a valid answer.
          if (dimension.status === "suppressed") expect(item.status).toBe("suppressed");
          if (item.status === "scored") expect(item.n).toBeGreaterThanOrEqual(thresholdOf(item.levelId));
          else expect(Object.keys(item).sort()).toEqual(["dimensionId", "itemId", "levelId", "reason", "status", "suppressed"]);
        }
        for (const organisation of result.organisations) {
          if (organisation.status === "scored") expect(organisation.respondents).toBeGreaterThanOrEqual(options.minGroupSize);
          else expect(Object.keys(organisation).sort()).toEqual(["organisationId", "reason", "status", "suppressed"]);
        }
        result.dimensions.forEach((national, d) => {
          if (national.status !== "scored") return;
          const shown = result.organisations.reduce((sum, o) => {
            const cell = o.status === "scored" ? o.dimensions[d] : null;
            return sum + (cell && cell.status === "scored" ? cell.respondents : 0);
          }, 0);
          const hidden = national.respondents - shown;
          expect(hidden === 0 || hidden >= thresholdOf(national.levelId)).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("does not change when respondents and rows come in another order", () => {
    fc.assert(
      fc.property(assessmentArbitrary, fc.integer(), (assessment, seed) => {
        const answers = answersOf(assessment);
        const options = { minGroupSize: assessment.minGroupSize };
        expectSame(scoreAssessment(model, permuted(answers, seed), options), scoreAssessment(model, answers, options));
      }),
      { numRuns: 100 },
    );
  });

  it("scores each organisation, in the same pass, as it would be scored alone", () => {
    fc.assert(
      fc.property(assessmentArbitrary, (assessment) => {
        const options = { minGroupSize: assessment.minGroupSize };
        const result = scoreAssessment(model, answersOf(assessment), options);
        for (const organisation of result.organisations) {
          if (organisation.status !== "scored") continue;
          const alone = scoreAssessment(
            model,
            answersOf({ ...assessment, respondents: assessment.respondents.filter((r) => r.organisationId === organisation.organisationId) }),
            options,
          );
          organisation.dimensions.forEach((cell, d) => {
            const own = alone.dimensions[d];
            if (cell.status === "suppressed" && cell.reason === "complementary") return;
            if (cell.status === "scored" && own.status === "scored") {
              const { rank: _rank, ...figures } = cell;
              const { rank: _ownRank, ...ownFigures } = own;
              expectSame(figures, ownFigures);
            } else {
              expect(cell).toEqual(own);
            }
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
