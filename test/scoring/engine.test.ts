import { describe, expect, it } from "vitest";
import {
  ABSENT,
  ANSWERED,
  answerSetFromRecords,
  classifySeverity,
  compareForRanking,
  cronbachAlpha,
  DEFAULT_SEVERITY_THRESHOLDS,
  scoreAssessment,
} from "../../src/scoring";
import type {
  AnswerRecord,
  DimensionResult,
  ItemResult,
  ScoringAction,
  ScoringDimension,
  ScoringLevel,
  ScoringModel,
  ScoringRespondent,
} from "../../src/scoring";

// --- small builders: a dimension "x" has items "x-1", "x-2", ... ------------------------------
const dimension = (id: string, items: number, actions: ScoringAction[] = [], weight = 1): ScoringDimension => ({
  id,
  weight,
  items: Array.from({ length: items }, (_, i) => ({ id: `${id}-${i + 1}`, weight: 1 })),
  actions,
});
const level = (id: string, dimensions: ScoringDimension[], weight = 1): ScoringLevel => ({ id, weight, dimensions });
const modelOf = (...levels: ScoringLevel[]): ScoringModel => ({ levels, severity: DEFAULT_SEVERITY_THRESHOLDS });
const people = (count: number, levels: string[], organisationId = 1, firstId = 1): ScoringRespondent[] =>
  Array.from({ length: count }, (_, i) => ({ id: firstId + i, organisationId, levels }));
/** One answer per item of the dimension, given as [current, target, importance]. */
const answersTo = (respondentId: number, dimensionId: string, answers: [number, number, number][]): AnswerRecord[] =>
  answers.map(([current, target, importance], i) => ({
    respondentId,
    itemId: `${dimensionId}-${i + 1}`,
    kind: "answered",
    current,
    target,
    importance,
  }));
const scored = <T extends DimensionResult | ItemResult>(cell: T): Extract<T, { status: "scored" }> => {
  if (cell.status !== "scored") throw new Error(`expected a scored cell, got ${cell.status}`);
  return cell as Extract<T, { status: "scored" }>;
};
const byId = (dimensions: readonly DimensionResult[], id: string) => dimensions.find((d) => d.dimensionId === id) as DimensionResult;

describe("gap severity", () => {
  it.each([
    [0, "none"],
    [0.4999, "none"],
    [0.5, "low"],
    [0.9999, "low"],
    [1.0, "moderate"],
    [1.4999, "moderate"],
    [1.5, "high"],
    [1.4999999999999998, "high"],
    [1.9999, "high"],
    [2.0, "critical"],
    [5, "critical"],
  ] as const)("classifies a mean gap of %s as %s", (gap, severity) => {
    expect(classifySeverity(gap, DEFAULT_SEVERITY_THRESHOLDS)).toBe(severity);
  });

  it("uses the instrument's own thresholds", () => {
    expect(classifySeverity(1.2, { critical: 3, high: 2, moderate: 1.2, low: 0.6 })).toBe("moderate");
  });

  it("classifies a dimension whose mean gap is exactly 1.5 as high", () => {
    const model = modelOf(level("org", [dimension("d", 1)]));
    const gaps = [1, 2, 1, 2];
    const records = gaps.flatMap((gap, i) => answersTo(i + 1, "d", [[1, 1 + gap, 2]]));
    const result = scoreAssessment(model, answerSetFromRecords(model, people(4, ["org"]), records));
    expect(scored(result.dimensions[0]).severity).toBe("high");
  });
});

describe("means and weights", () => {
  it("weights items within a respondent's dimension score", () => {
    const model: ScoringModel = {
      severity: DEFAULT_SEVERITY_THRESHOLDS,
      levels: [
        level("org", [
          {
            id: "d",
            weight: 1,
            actions: [],
            items: [
              { id: "d-1", weight: 2 },
              { id: "d-2", weight: 1 },
            ],
          },
        ]),
      ],
    };
    const records = [1, 2, 3].flatMap((id) =>
      answersTo(id, "d", [
        [1, 1, 1],
        [4, 4, 1],
      ]),
    );
    const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records));
    expect(scored(result.dimensions[0]).current).toBeCloseTo((2 * 1 + 4) / 3, 12);
  });

  it("weights dimensions within a level and levels within the overall index", () => {
    const model = modelOf(level("inst", [dimension("a", 1, [], 3), dimension("b", 1)]), level("soc", [dimension("c", 1)], 3));
    const records = [1, 2, 3].flatMap((id) => [...answersTo(id, "a", [[1, 1, 1]]), ...answersTo(id, "b", [[3, 3, 1]]), ...answersTo(id, "c", [[5, 5, 1]])]);
    const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["inst", "soc"]), records));
    const inst = result.levels[0];
    if (inst.status !== "scored") throw new Error("inst should be scored");
    expect(inst.current).toBeCloseTo(1.5, 12);
    expect(inst.index).toBeCloseTo(30, 12);
    if (result.overall.status !== "scored") throw new Error("overall should be scored");
    expect(result.overall.index).toBeCloseTo((30 + 3 * 100) / 4, 12);
    expect(result.overall.levelIds).toEqual(["inst", "soc"]);
    // An organisation's overall index weights its levels the same way.
    const organisation = result.organisations[0];
    if (organisation.status !== "scored" || organisation.overall.status !== "scored") throw new Error("the organisation should be scored");
    expect(organisation.overall.index).toBeCloseTo((30 + 3 * 100) / 4, 12);
    expect(organisation.overall.levelIds).toEqual(["inst", "soc"]);
  });

  it("counts a target below the current level as no gap, and priority as gap × importance", () => {
    const model = modelOf(level("org", [dimension("d", 1)]));
    const records = [...answersTo(1, "d", [[4, 1, 3]]), ...answersTo(2, "d", [[1, 3, 3]]), ...answersTo(3, "d", [[0, 5, 3]])];
    const item = scored(scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records)).items[0]);
    expect(item.gap).toBeCloseTo((0 + 2 + 5) / 3, 12);
    expect(item.priority).toBeCloseTo((0 + 6 + 15) / 3, 12);
    expect(item.importance).toBe(3);
  });

  it("excludes not-applicable, don't-know and incomplete answers from every mean, counting them apart", () => {
    const model = modelOf(level("org", [dimension("d", 1)]));
    const records: AnswerRecord[] = [
      ...[1, 2, 3].flatMap((id) => answersTo(id, "d", [[2, 4, 2]])),
      { respondentId: 4, itemId: "d-1", kind: "not-applicable" },
      { respondentId: 5, itemId: "d-1", kind: "dont-know" },
      { respondentId: 6, itemId: "d-1", kind: "answered", current: 0, target: 5 },
    ];
    const item = scored(scoreAssessment(model, answerSetFromRecords(model, people(6, ["org"]), records)).items[0]);
    expect([item.n, item.current, item.notApplicable, item.dontKnow, item.incomplete, item.seen]).toEqual([3, 2, 1, 1, 1, 6]);
  });

  it("ignores answers to levels the respondent was not assigned, and says how many", () => {
    const model = modelOf(level("org", [dimension("d", 1)]), level("soc", [dimension("s", 1)]));
    const records = [1, 2, 3].flatMap((id) => [...answersTo(id, "d", [[2, 4, 2]]), ...answersTo(id, "s", [[0, 5, 3]])]);
    const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records));
    expect(result.ignoredRows).toBe(3);
    expect(result.dimensions[1].status).toBe("suppressed");
  });
});

describe("ranking", () => {
  it("ranks by mean priority, then mean gap, then id", () => {
    const model = modelOf(level("org", [dimension("d-gap1", 1), dimension("d-gap2-b", 1), dimension("d-gap2-a", 1), dimension("d-top", 1)]));
    const records = [1, 2, 3].flatMap((id) => [
      ...answersTo(id, "d-gap1", [[2, 3, 2]]), // gap 1, priority 2
      ...answersTo(id, "d-gap2-b", [[2, 4, 1]]), // gap 2, priority 2
      ...answersTo(id, "d-gap2-a", [[2, 4, 1]]), // gap 2, priority 2
      ...answersTo(id, "d-top", [[1, 4, 3]]), // gap 3, priority 9
    ]);
    const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records));
    const ranks = Object.fromEntries(result.dimensions.map((d) => [d.dimensionId, scored(d).rank]));
    expect(ranks).toEqual({ "d-top": 1, "d-gap2-a": 2, "d-gap2-b": 3, "d-gap1": 4 });
    const itemRanks = result.items.map((item) => [item.itemId, scored(item).rank]);
    expect(itemRanks).toEqual([
      ["d-gap1-1", 4],
      ["d-gap2-b-1", 3],
      ["d-gap2-a-1", 2],
      ["d-top-1", 1],
    ]);
  });

  it("treats means that differ only by rounding error as tied", () => {
    const a = { id: "a", priority: 3, gap: 1 };
    const b = { id: "b", priority: 2.9999999999999996, gap: 2 };
    expect(compareForRanking(a, b)).toBeGreaterThan(0);
    expect(compareForRanking(b, a)).toBeLessThan(0);
  });
});

describe("recommendations and roadmap", () => {
  const model = modelOf(
    level("org", [
      dimension("mild", 1, [
        { id: "mild-low", horizon: "medium", minSeverity: "low" },
        { id: "mild-high", horizon: "short", minSeverity: "high" },
      ]),
      dimension("grave", 1, [
        { id: "grave-long", horizon: "long", minSeverity: "critical" },
        { id: "grave-short", horizon: "short", minSeverity: "moderate" },
        { id: "grave-medium", horizon: "medium", minSeverity: "low" },
      ]),
      dimension("fine", 1, [{ id: "fine-low", horizon: "short", minSeverity: "low" }]),
    ]),
  );
  const records = [1, 2, 3].flatMap((id) => [
    ...answersTo(id, "mild", [[3, 4, 2]]), // gap 1: moderate
    ...answersTo(id, "grave", [[1, 4, 3]]), // gap 3: critical
    ...answersTo(id, "fine", [[4, 4, 3]]), // gap 0: none
  ]);
  const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records));

  it("lists, per dimension in rank order, the actions its severity triggers", () => {
    expect(result.recommendations.map((r) => [r.dimensionId, r.severity, r.dimensionRank, r.actions.map((a) => a.id)])).toEqual([
      ["grave", "critical", 1, ["grave-long", "grave-short", "grave-medium"]],
      ["mild", "moderate", 2, ["mild-low"]],
    ]);
  });

  it("groups the triggered actions by horizon, ordered by their dimension's rank", () => {
    const ids = (horizon: "short" | "medium" | "long") => result.roadmap[horizon].map((entry) => entry.actionId);
    expect(ids("short")).toEqual(["grave-short"]);
    expect(ids("medium")).toEqual(["grave-medium", "mild-low"]);
    expect(ids("long")).toEqual(["grave-long"]);
    expect(result.roadmap.medium[1]).toMatchObject({ dimensionId: "mild", dimensionRank: 2, severity: "moderate", minSeverity: "low" });
  });
});

describe("actions fit a range of the dimension's current level (method.md)", () => {
  // One dimension, foundations first: prepare (below 2), publish (from 2), then an advanced one (from 3).
  const model = modelOf(
    level("inst", [
      dimension("strategy", 1, [
        { id: "prepare", horizon: "medium", minSeverity: "moderate", currentBelow: 2 },
        { id: "publish", horizon: "short", minSeverity: "low", currentFrom: 2 },
        { id: "costed", horizon: "short", minSeverity: "moderate", currentFrom: 2, currentBelow: 4 },
        { id: "evaluate", horizon: "long", minSeverity: "high", currentFrom: 3 },
      ]),
    ]),
  );
  const actionsAt = (currents: number[], target: number) => {
    const records = currents.flatMap((current, i) => answersTo(i + 1, "strategy", [[current, target, 3]]));
    const result = scoreAssessment(model, answerSetFromRecords(model, people(currents.length, ["inst"]), records));
    return result.recommendations.flatMap((r) => r.actions.map((a) => a.id));
  };

  it("tells a country without a strategy to prepare one, and not to publish it", () => {
    expect(actionsAt([0, 1, 0], 4)).toEqual(["prepare"]);
  });

  it("tells a mature country the advanced actions, not the foundations it has, in the instrument's order", () => {
    expect(actionsAt([3, 4, 3], 5)).toEqual(["publish", "costed", "evaluate"]);
    // At 4 the costed plan (below 4) no longer fits; the gap of 1 is moderate, below the evaluation's trigger.
    expect(actionsAt([4, 4, 4], 5)).toEqual(["publish"]);
  });

  it("reads the bounds as from (inclusive) and below (exclusive), so that 2 belongs to the next stage", () => {
    expect(actionsAt([2, 2, 2], 5)).toEqual(["publish", "costed"]);
    expect(actionsAt([1, 2, 2], 5)).toEqual(["prepare"]); // a mean of 1.6667 is below 2
  });

  it("still asks the severity: a small gap triggers only the light actions in range", () => {
    expect(actionsAt([3, 3, 3], 3)).toEqual([]);
    expect(actionsAt([0, 1, 1], 1)).toEqual([]);
  });
});

describe("signals", () => {
  it("flags a knowledge gap when more than 30% of those who saw an item answered don't know", () => {
    const model = modelOf(level("org", [dimension("a", 1), dimension("b", 1)]), level("soc", [dimension("s", 1)]));
    const dontKnow = (respondentId: number, itemId: string): AnswerRecord => ({ respondentId, itemId, kind: "dont-know" });
    const records = [
      // a-1: 3 of 10 don't know (30%): not flagged. b-1: 4 of 10 (one of them gave no row at all): flagged.
      ...[1, 2, 3].map((id) => dontKnow(id, "a-1")),
      ...[4, 5, 6, 7, 8, 9, 10].flatMap((id) => answersTo(id, "a", [[2, 3, 2]])),
      ...[1, 2, 3, 4].map((id) => dontKnow(id, "b-1")),
      ...[5, 6, 7, 8, 9].flatMap((id) => answersTo(id, "b", [[2, 3, 2]])),
    ];
    // Five more respondents answer only the societal level: they never saw the items of "org".
    const respondents = [...people(10, ["org"]), ...people(5, ["soc"], 2, 11)];
    const result = scoreAssessment(model, answerSetFromRecords(model, respondents, records));
    const [a, b] = result.items.slice(0, 2).map(scored);
    expect([a.seen, a.dontKnow, a.flags.knowledgeGap]).toEqual([10, 3, false]);
    expect([b.seen, b.dontKnow, b.flags.knowledgeGap]).toEqual([10, 4, true]);
  });

  it("flags low consensus on items and dimensions whose current scores have sd ≥ 1.5", () => {
    const model = modelOf(level("org", [dimension("split", 1), dimension("agreed", 1)]));
    const records = [0, 5, 0, 5].flatMap((current, i) => [
      ...answersTo(i + 1, "split", [[current, 5, 2]]),
      ...answersTo(i + 1, "agreed", [[2 + (i % 2), 4, 2]]),
    ]);
    const result = scoreAssessment(model, answerSetFromRecords(model, people(4, ["org"]), records));
    const [split, agreed] = result.dimensions.map(scored);
    expect(split.sdCurrent).toBeCloseTo(Math.sqrt(25 / 3), 12);
    expect([split.flags.lowConsensus, agreed.flags.lowConsensus]).toEqual([true, false]);
    expect(result.items.map((item) => scored(item).flags.lowConsensus)).toEqual([true, false]);
  });

  it("scores a dimension when half its items have an answer, and marks it insufficient data below that", () => {
    const model = modelOf(level("org", [dimension("half", 4), dimension("quarter", 4)]));
    const records = [1, 2, 3].flatMap((id) => [
      ...answersTo(id, "half", [
        [1, 3, 2],
        [2, 3, 2],
      ]),
      { respondentId: id, itemId: "half-3", kind: "not-applicable" as const },
      ...answersTo(id, "quarter", [[1, 3, 2]]),
      { respondentId: id, itemId: "quarter-2", kind: "dont-know" as const },
    ]);
    const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records));
    expect(scored(result.dimensions[0]).coverage).toEqual({ itemsWithAnswers: 2, items: 4, isSufficient: true });
    expect(result.dimensions[1]).toEqual({
      dimensionId: "quarter",
      levelId: "org",
      status: "insufficient-data",
      suppressed: false,
      respondents: 3,
      coverage: { itemsWithAnswers: 1, items: 4, isSufficient: false },
    });
    // Only the covered dimension enters the level.
    const org = result.levels[0];
    expect(org.status === "scored" && org.dimensionIds).toEqual(["half"]);
  });

  it("marks a level with no scored dimension as insufficient data", () => {
    const model = modelOf(level("org", [dimension("d", 3)]));
    const records = [1, 2, 3].flatMap((id) => answersTo(id, "d", [[1, 3, 2]]));
    const result = scoreAssessment(model, answerSetFromRecords(model, people(3, ["org"]), records));
    expect(result.levels[0]).toEqual({ levelId: "org", status: "insufficient-data", suppressed: false, respondents: 3 });
    expect(result.overall).toEqual({ status: "insufficient-data", suppressed: false });
  });
});

describe("Cronbach's alpha in dimension results", () => {
  // A reflective dimension: its items measure one trait (method.md).
  const model = modelOf(level("org", [{ ...dimension("d", 3), measurement: "reflective" }]));
  const patterns: [number, number, number][] = [
    [1, 2, 2],
    [2, 3, 3],
    [3, 3, 4],
    [4, 5, 5],
  ];
  const score = (rows: number[][], extra: AnswerRecord[] = []) => {
    const records = rows.flatMap((currents, i) =>
      answersTo(
        i + 1,
        "d",
        currents.map((c): [number, number, number] => [c, 5, 2]),
      ),
    );
    return scored(scoreAssessment(model, answerSetFromRecords(model, people(rows.length + 1, ["org"]), [...records, ...extra])).dimensions[0]);
  };

  it("shows α over complete respondents only: 12 complete (hand value 56/57), one incomplete left out", () => {
    const rows = [...patterns, ...patterns, ...patterns];
    const incomplete = answersTo(13, "d", [
      [0, 5, 2],
      [5, 5, 2],
    ]);
    const result = score(rows, incomplete);
    expect(result.respondents).toBe(13);
    expect(result.reliability).toEqual({ status: "shown", alpha: expect.closeTo(56 / 57, 12), completeRespondents: 12 });
    expect(result.flags.lowReliability).toBe(false);
  });

  it("flags α below 0.7", () => {
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
    const result = score(rows);
    const expected = cronbachAlpha(rows) as number;
    expect(expected).toBeLessThan(0.7);
    expect(result.reliability).toEqual({ status: "shown", alpha: expect.closeTo(expected, 12), completeRespondents: 10 });
    expect(result.flags.lowReliability).toBe(true);
  });

  it("does not show α with fewer than 10 complete respondents", () => {
    expect(score([...patterns, ...patterns, patterns[0]]).reliability).toEqual({ status: "not-shown", reason: "fewer-than-10-complete-respondents" });
  });

  it("neither computes nor flags α in a formative dimension (distinct components), nor in one that does not say", () => {
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
    for (const measurement of ["formative", undefined] as const) {
      const formative = modelOf(level("org", [{ ...dimension("d", 3), measurement }]));
      const records = rows.flatMap((currents, i) =>
        answersTo(
          i + 1,
          "d",
          currents.map((c): [number, number, number] => [c, 5, 2]),
        ),
      );
      const result = scored(scoreAssessment(formative, answerSetFromRecords(formative, people(rows.length, ["org"]), records)).dimensions[0]);
      expect(result.reliability).toEqual({ status: "not-shown", reason: "formative" });
      expect(result.flags.lowReliability).toBe(false);
    }
  });
});

describe("input checks", () => {
  const model = modelOf(level("org", [dimension("d", 1)]));

  it("refuses an answer given twice", () => {
    const records = [...answersTo(1, "d", [[1, 2, 3]]), ...answersTo(1, "d", [[1, 2, 3]])];
    expect(() => answerSetFromRecords(model, people(1, ["org"]), records)).toThrow(/given twice/);
  });

  it("refuses columnar rows with values outside the scale or a second row for the same answer", () => {
    const rows = (current: number[]) => ({
      length: current.length,
      respondent: Int32Array.from(current.map(() => 0)),
      item: Int32Array.from(current.map(() => 0)),
      kind: Uint8Array.from(current.map(() => ANSWERED)),
      current: Int8Array.from(current),
      target: Int8Array.from(current.map(() => 3)),
      importance: Int8Array.from(current.map(() => 2)),
    });
    expect(() => scoreAssessment(model, { respondents: people(1, ["org"]), rows: rows([7]) })).toThrow(/out of range/);
    expect(() => scoreAssessment(model, { respondents: people(1, ["org"]), rows: rows([1, 2]) })).toThrow(/second row/);
    expect(scoreAssessment(model, { respondents: people(1, ["org"]), rows: rows([ABSENT]) }).ignoredRows).toBe(0);
  });

  it("refuses a minimum group size below 3 and an individual threshold below 5", () => {
    const answers = answerSetFromRecords(model, people(3, ["org"]), []);
    expect(() => scoreAssessment(model, answers, { minGroupSize: 2 })).toThrow(RangeError);
    expect(() => scoreAssessment(model, answers, { individualMinGroupSize: 4 })).toThrow(RangeError);
  });

  it("refuses a model with a repeated id or a non-positive weight", () => {
    expect(() => scoreAssessment(modelOf(level("org", [dimension("d", 1), dimension("d", 1)])), answerSetFromRecords(model, [], []))).toThrow(/more than once/);
    expect(() => scoreAssessment(modelOf(level("org", [dimension("d", 1, [], 0)])), answerSetFromRecords(model, [], []))).toThrow(/weight/);
  });
});
