import { describe, expect, it } from "vitest";
import { answerSetFromRecords, comparePeers, compareRounds, DEFAULT_SEVERITY_THRESHOLDS, responseRates, scoreAssessment } from "../../src/scoring";
import type { InvitationSummary, ScoringModel, ScoringResult } from "../../src/scoring";

const modelWith = (...dimensionIds: string[]): ScoringModel => ({
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: [
    {
      id: "institutional",
      weight: 1,
      dimensions: dimensionIds.map((id) => ({ id, weight: 1, items: [{ id: `${id}-1`, weight: 1 }], actions: [] })),
    },
  ],
});

/** One respondent per entry of `currents`; each answers every listed dimension with that current level, target 5. */
function roundOf(model: ScoringModel, currents: Record<string, number[]>): ScoringResult {
  const respondentCount = Math.max(...Object.values(currents).map((list) => list.length));
  const respondents = Array.from({ length: respondentCount }, (_, i) => ({ id: i + 1, organisationId: 1, levels: ["institutional"] }));
  const records = Object.entries(currents).flatMap(([dimensionId, list]) =>
    list.map((current, i) => ({ respondentId: i + 1, itemId: `${dimensionId}-1`, kind: "answered" as const, current, target: 5, importance: 2 })),
  );
  return scoreAssessment(model, answerSetFromRecords(model, respondents, records));
}

describe("progress between rounds", () => {
  const previous = roundOf(modelWith("strategy", "law", "old"), { strategy: [1, 2, 3], law: [1, 2], old: [2, 2, 2] });
  const current = roundOf(modelWith("strategy", "law", "new"), { strategy: [3, 4, 5, 4], law: [2, 3, 2, 3], new: [1, 1, 1] });
  const comparison = compareRounds(previous, current);

  it("gives the change with a Welch 95% interval: 2.0 (0.0077 to 3.9923), a clear change", () => {
    // Hand check: variances of the means 1/3 and 1/6, se = √½, df = 27/7, t(0.975, 27/7) = 2.817474.
    const [strategy] = comparison.dimensions;
    expect(strategy.dimensionId).toBe("strategy");
    expect(strategy.change).toBeCloseTo(2, 12);
    expect(strategy.df).toBeCloseTo(27 / 7, 10);
    expect(strategy.interval.lower.toFixed(4)).toBe("0.0077");
    expect(strategy.interval.upper.toFixed(4)).toBe("3.9923");
    expect(strategy.isClear).toBe(true);
    expect(strategy.previous).toEqual({ mean: 2, sd: 1, n: 3 });
  });

  it("compares only dimensions scored in both rounds, and says why the others are left out", () => {
    expect(comparison.dimensions.map((d) => d.dimensionId)).toEqual(["strategy"]);
    expect(comparison.notCompared).toEqual([
      { dimensionId: "law", reason: "not-scored-in-previous" },
      { dimensionId: "new", reason: "not-in-previous" },
      { dimensionId: "old", reason: "not-in-current" },
    ]);
  });

  it("calls a change whose interval contains 0 not clear", () => {
    const before = roundOf(modelWith("strategy"), { strategy: [1, 2, 3] });
    const after = roundOf(modelWith("strategy"), { strategy: [2, 3, 2, 3] });
    const [strategy] = compareRounds(before, after).dimensions;
    expect(strategy.change).toBeCloseTo(0.5, 12);
    expect(strategy.interval.lower).toBeLessThan(0);
    expect(strategy.isClear).toBe(false);
  });
});

describe("peer comparison", () => {
  const model = modelWith("strategy", "law");
  const country = roundOf(model, { strategy: [1, 1, 1], law: [2, 2, 2] });
  const peer = (iso3: string, strategy: number, law: number[] = [3, 3, 3]) => ({
    iso3,
    result: roundOf(model, { strategy: [strategy, strategy, strategy], law }),
  });

  it("is insufficient with 2 peer countries", () => {
    const comparison = comparePeers(country, [peer("LAO", 2), peer("NPL", 4)]);
    expect(comparison.dimensions[0]).toEqual({ dimensionId: "strategy", levelId: "institutional", status: "insufficient-peers", peerCountries: 2 });
    expect(comparison.levels[0]).toEqual({ levelId: "institutional", status: "insufficient-peers", peerCountries: 2 });
  });

  it("gives the mean over 3 peer countries, each counting once", () => {
    // KHM has more respondents than the others; it still counts once.
    const khm = { iso3: "KHM", result: roundOf(model, { strategy: Array(9).fill(3), law: [3, 3, 3] }) };
    const comparison = comparePeers(country, [peer("LAO", 2), peer("NPL", 4), khm]);
    expect(comparison.dimensions[0]).toEqual({
      dimensionId: "strategy",
      levelId: "institutional",
      status: "compared",
      peerCountries: 3,
      peerIso3: ["KHM", "LAO", "NPL"],
      peer: { current: 3, target: 5, gap: 2 },
      country: { current: 1, target: 5, gap: 4 },
      difference: -2,
    });
    const level = comparison.levels[0];
    expect(level.status === "compared" && [level.peerIndex, level.countryIndex, level.difference]).toEqual([
      expect.closeTo(60, 10),
      expect.closeTo(30, 10),
      expect.closeTo(-30, 10),
    ]);
  });

  it("leaves out peers whose dimension is suppressed", () => {
    const comparison = comparePeers(country, [peer("LAO", 2), peer("NPL", 4), peer("KHM", 3, [3, 3])]);
    expect(comparison.dimensions[0].status).toBe("compared");
    expect(comparison.dimensions[1]).toMatchObject({ status: "insufficient-peers", peerCountries: 2 });
  });

  it("refuses a country given twice", () => {
    expect(() => comparePeers(country, [peer("LAO", 2), peer("LAO", 4), peer("NPL", 4)])).toThrow(/twice/);
  });
});

describe("response rates", () => {
  const invitation = (organisationId: number, levels: string[], status: InvitationSummary["status"]): InvitationSummary => ({
    organisationId,
    levels,
    status,
  });
  const invitations = [
    invitation(2, ["organisational", "institutional"], "submitted"),
    invitation(2, ["organisational"], "submitted"),
    invitation(2, ["individual"], "started"),
    invitation(2, ["individual"], "invited"),
    invitation(1, ["individual"], "submitted"),
    invitation(1, ["individual"], "invited"),
  ];
  const rates = responseRates(invitations, ["institutional", "organisational", "individual", "societal"]);

  it("gives submitted ÷ invited overall", () => {
    expect(rates.overall).toEqual({ invited: 6, started: 1, submitted: 3, rate: 0.5, lowResponse: false });
  });

  it("gives it per organisation, ordered by id, with each organisation's levels", () => {
    expect(rates.organisations.map((o) => [o.organisationId, o.invited, o.submitted, o.rate, o.lowResponse])).toEqual([
      [1, 2, 1, 0.5, false],
      [2, 4, 2, 0.5, false],
    ]);
    expect(rates.organisations[1].levels).toEqual([
      { levelId: "institutional", invited: 1, started: 0, submitted: 1, rate: 1, lowResponse: false },
      { levelId: "organisational", invited: 2, started: 0, submitted: 2, rate: 1, lowResponse: false },
      { levelId: "individual", invited: 2, started: 1, submitted: 0, rate: 0, lowResponse: true },
    ]);
  });

  it("gives it per level, counting an invitation once for each of its levels, and warns below 50%", () => {
    expect(rates.levels).toEqual([
      { levelId: "institutional", invited: 1, started: 0, submitted: 1, rate: 1, lowResponse: false },
      { levelId: "organisational", invited: 2, started: 0, submitted: 2, rate: 1, lowResponse: false },
      { levelId: "individual", invited: 4, started: 1, submitted: 1, rate: 0.25, lowResponse: true },
      { levelId: "societal", invited: 0, started: 0, submitted: 0, rate: null, lowResponse: false },
    ]);
  });

  it("counts a summary that stands for several alike invitations as that many", () => {
    const counted = [
      { ...invitation(2, ["organisational", "institutional"], "submitted") },
      { ...invitation(2, ["organisational"], "submitted") },
      { ...invitation(2, ["individual"], "started") },
      { ...invitation(2, ["individual"], "invited") },
      { ...invitation(1, ["individual"], "submitted") },
      { ...invitation(1, ["individual"], "invited") },
    ].map((summary, i) => ({ ...summary, count: i + 1 }));
    const expanded = counted.flatMap(({ count, ...summary }) => Array.from({ length: count }, () => summary));
    const levels = ["institutional", "organisational", "individual", "societal"];
    expect(responseRates(counted, levels)).toEqual(responseRates(expanded, levels));
    expect(responseRates(counted, levels).overall.invited).toBe(21);
  });

  it("is empty but well-formed with no invitations", () => {
    expect(responseRates([])).toEqual({
      overall: { invited: 0, started: 0, submitted: 0, rate: null, lowResponse: false },
      organisations: [],
      levels: [],
    });
  });
});
