import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, scoreAssessment } from "../../src/scoring";
import type { AnswerRecord, OrganisationResult, ScoringDimension, ScoringModel, ScoringRespondent } from "../../src/scoring";

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
    { id: "organisational", weight: 1, dimensions: [dimension("org-lead"), dimension("org-data")] },
    { id: "individual", weight: 1, dimensions: [dimension("ind-literacy")] },
  ],
};

let nextId = 1;
/** `count` respondents of an organisation, each answering both items of the given dimensions. */
function group(organisationId: number, count: number, levels: string[], dimensions: string[], current = 2) {
  const respondents: ScoringRespondent[] = [];
  const records: AnswerRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = nextId++;
    respondents.push({ id, organisationId, levels });
    for (const d of dimensions) {
      for (const item of [1, 2]) records.push({ respondentId: id, itemId: `${d}-${item}`, kind: "answered", current, target: 4, importance: 2 });
    }
  }
  return { respondents, records };
}
function score(groups: ReturnType<typeof group>[], options = {}) {
  const respondents = groups.flatMap((g) => g.respondents);
  const records = groups.flatMap((g) => g.records);
  return scoreAssessment(model, answerSetFromRecords(model, respondents, records), options);
}
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}
const organisation = (organisations: readonly OrganisationResult[], id: number) => organisations.find((o) => o.organisationId === id) as OrganisationResult;

describe("confidentiality in the engine", () => {
  it("returns an organisation with 2 respondents as suppressed, with no number anywhere in it", () => {
    const result = score([group(1, 3, ["organisational"], ["org-lead", "org-data"]), group(2, 2, ["organisational"], ["org-lead", "org-data"], 5)]);
    const { organisationId, ...rest } = organisation(result.organisations, 2);
    expect(organisationId).toBe(2);
    expect(rest).toEqual({ status: "suppressed", suppressed: true, reason: "below-threshold" });
    expect(numbersIn(rest)).toEqual([]);
  });

  it("suppresses the national results too when fewer than k respondents contributed", () => {
    const result = score([group(1, 2, ["organisational"], ["org-lead", "org-data"])]);
    for (const cell of [...result.dimensions, ...result.levels, ...result.items]) {
      expect(cell.status).toBe("suppressed");
    }
    expect(numbersIn([result.dimensions, result.levels, result.items, result.overall, result.recommendations, result.roadmap])).toEqual([]);
  });

  it("suppresses individual-level results for 4 respondents and shows them for 5", () => {
    const four = score([group(1, 4, ["individual"], ["ind-literacy"])]);
    expect(four.levels[1]).toEqual({ levelId: "individual", status: "suppressed", suppressed: true, reason: "individual-floor" });
    expect(four.dimensions[2].status).toBe("suppressed");
    expect(four.items.filter((item) => item.levelId === "individual").every((item) => item.status === "suppressed")).toBe(true);
    const own = organisation(four.organisations, 1);
    // The organisation (4 ≥ k) is shown, but its individual level is not.
    expect(own.status === "scored" && own.levels[1].status).toBe("suppressed");

    const five = score([group(1, 5, ["individual"], ["ind-literacy"])]);
    expect(five.levels[1].status).toBe("scored");
    expect(five.thresholds.individualMinGroupSize).toBe(5);
  });

  it("raises every threshold with a larger k, the individual one included", () => {
    const result = score([group(1, 5, ["organisational", "individual"], ["org-lead", "ind-literacy"]), group(2, 6, ["organisational"], ["org-lead"])], {
      minGroupSize: 6,
    });
    expect(organisation(result.organisations, 1).status).toBe("suppressed");
    expect(organisation(result.organisations, 2).status).toBe("scored");
    expect(result.levels[1].status).toBe("suppressed");
    expect(result.thresholds.individualMinGroupSize).toBe(6);
  });

  it("hides a dimension answered by fewer than k respondents of an organisation that is itself shown", () => {
    const result = score([
      group(1, 3, ["organisational"], ["org-lead"]),
      group(1, 2, ["organisational"], ["org-data"]),
      group(2, 3, ["organisational"], ["org-lead", "org-data"]),
    ]);
    const own = organisation(result.organisations, 1);
    if (own.status !== "scored") throw new Error("organisation 1 should be shown");
    expect(own.respondents).toBe(5);
    expect(own.dimensions.map((d) => d.status)).toEqual(["scored", "suppressed", "suppressed"]);
    expect(numbersIn(own.dimensions[1])).toEqual([]);
  });

  it("also hides the smallest shown organisation when the national figure would reveal a small one by difference", () => {
    // National: 3 + 4 + 2 = 9 respondents. Organisation 3 (2) is below k; shown alone, the
    // national mean minus organisations 1 and 2 would give its mean. Organisation 1, the smaller
    // of the others, is hidden too, so that the hidden remainder holds 5 respondents.
    const result = score([
      group(1, 3, ["organisational"], ["org-lead"], 1),
      group(2, 4, ["organisational"], ["org-lead"], 3),
      group(3, 2, ["organisational"], ["org-lead"], 5),
      group(4, 3, ["organisational"], ["org-data"]),
    ]);
    expect(result.dimensions[0].status).toBe("scored");
    const lead = (id: number) => {
      const o = organisation(result.organisations, id);
      return o.status === "scored" ? o.dimensions[0] : o;
    };
    expect(lead(1)).toMatchObject({ status: "suppressed", reason: "complementary" });
    expect(lead(2)).toMatchObject({ status: "scored", respondents: 4 });
    expect(lead(3)).toMatchObject({ status: "suppressed", reason: "below-threshold" });
    // Organisation 1's level score then has no dimension to draw on.
    const first = organisation(result.organisations, 1);
    expect(first.status === "scored" && first.levels[0]).toEqual({
      levelId: "organisational",
      status: "insufficient-data",
      suppressed: false,
      respondents: 3,
    });
  });

  it("needs no extra suppression when the hidden remainder already reaches k", () => {
    const result = score([
      group(1, 3, ["organisational"], ["org-lead"]),
      group(2, 2, ["organisational"], ["org-lead"]),
      group(3, 1, ["organisational"], ["org-lead"]),
    ]);
    expect(result.organisations.map((o) => (o.status === "scored" ? o.dimensions[0].status : o.status))).toEqual(["scored", "suppressed", "suppressed"]);
  });
  it("withholds an item that fewer than k respondents answered validly, naming the rule, though its dimension is shown", () => {
    // Five respondents in org-lead; only two of them gave org-lead-2 a valid answer, the others did not know.
    const answers = group(1, 5, ["organisational"], ["org-lead"]);
    const records = answers.records.map((record, i) =>
      record.itemId === "org-lead-2" && i >= 4 ? ({ respondentId: record.respondentId, itemId: record.itemId, kind: "dont-know" } as AnswerRecord) : record,
    );
    const result = scoreAssessment(model, answerSetFromRecords(model, answers.respondents, records));
    expect(result.dimensions[0].status).toBe("scored");
    expect(result.items[0]).toMatchObject({ itemId: "org-lead-1", status: "scored", n: 5 });
    expect(result.items[1]).toEqual({
      itemId: "org-lead-2",
      dimensionId: "org-lead",
      levelId: "organisational",
      status: "suppressed",
      suppressed: true,
      reason: "below-threshold",
    });
  });

  it("withholds an individual-level item with 4 valid answers under the individual-level floor, and the overall index with every level", () => {
    const answers = group(1, 5, ["individual"], ["ind-literacy"]);
    const records = answers.records.map((record, i) =>
      record.itemId === "ind-literacy-2" && i === 1 ? ({ ...record, kind: "not-applicable" } as AnswerRecord) : record,
    );
    const result = scoreAssessment(model, answerSetFromRecords(model, answers.respondents, records));
    expect(result.levels[1].status).toBe("scored");
    expect(result.items.find((i) => i.itemId === "ind-literacy-1")).toMatchObject({ status: "scored", n: 5 });
    expect(result.items.find((i) => i.itemId === "ind-literacy-2")).toMatchObject({ status: "suppressed", reason: "individual-floor" });

    const hidden = score([group(1, 2, ["organisational", "individual"], ["org-lead", "org-data", "ind-literacy"])]);
    expect(hidden.overall).toEqual({ status: "suppressed", suppressed: true, reason: "below-threshold" });
    expect(hidden.levels.map((l) => l.status === "suppressed" && l.reason)).toEqual(["below-threshold", "individual-floor"]);
  });
});
