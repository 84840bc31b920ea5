// Answers streamed in batches (what the database loader does for large assessments) score exactly as the same rows
// given at once, also when summed batch by batch; a bad row is named by its number across all batches.
import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, scoreAssessment } from "../../src/scoring";
import type { AnswerRecord, AnswerRows, ScoringModel, ScoringRespondent } from "../../src/scoring";

const model: ScoringModel = {
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: ["a", "b"].map((levelId) => ({
    id: levelId,
    weight: 1,
    dimensions: [1, 2].map((d) => ({ id: `${levelId}${d}`, weight: 1, actions: [], items: [1, 2, 3].map((i) => ({ id: `${levelId}${d}-${i}`, weight: i })) })),
  })),
};
const itemIds = model.levels.flatMap((l) => l.dimensions.flatMap((d) => d.items.map((i) => i.id)));
const respondents: ScoringRespondent[] = Array.from({ length: 14 }, (_, r) => ({
  id: 100 + r,
  organisationId: 1 + (r % 3),
  levels: r % 4 === 0 ? ["a"] : ["a", "b"],
}));
const records: AnswerRecord[] = respondents.flatMap((respondent, r) =>
  itemIds.map((itemId, j): AnswerRecord => {
    const roll = (r * 7 + j * 3) % 11;
    if (roll === 0) return { respondentId: respondent.id, itemId, kind: "not-applicable" };
    if (roll === 1) return { respondentId: respondent.id, itemId, kind: "dont-know" };
    return { respondentId: respondent.id, itemId, kind: "answered", current: roll % 6, target: Math.min(5, (roll % 6) + (j % 3)), importance: 1 + (j % 3) };
  }),
);

/** The rows cut into batches of `size`, each copied into arrays of its own. */
function batchesOf(rows: AnswerRows, size: number): AnswerRows[] {
  const batches: AnswerRows[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const end = Math.min(rows.length, start + size);
    batches.push({
      length: end - start,
      respondent: rows.respondent.slice(start, end),
      item: rows.item.slice(start, end),
      kind: rows.kind.slice(start, end),
      current: rows.current.slice(start, end),
      target: rows.target.slice(start, end),
      importance: rows.importance.slice(start, end),
    });
  }
  return batches;
}

describe("answers in batches", () => {
  const answers = answerSetFromRecords(model, respondents, records);

  it("score exactly as the same rows at once, whatever the batch size", () => {
    const atOnce = scoreAssessment(model, answers, { minGroupSize: 3 });
    expect(atOnce.dimensions.filter((d) => d.status === "scored")).toHaveLength(4);
    expect(atOnce.ignoredRows).toBeGreaterThan(0);
    for (const size of [1, 5, 12, 1000]) {
      expect(scoreAssessment(model, { respondents, batches: batchesOf(answers.rows, size) }, { minGroupSize: 3 })).toEqual(atOnce);
    }
  });

  it("score exactly the same when each batch holds whole respondents, summed one batch at a time", () => {
    const atOnce = scoreAssessment(model, answers, { minGroupSize: 3 });
    // Records are grouped by respondent: 12 rows each, so batches of 12 × n rows hold n whole respondents.
    for (const size of [12, 36, 60, 12 * respondents.length]) {
      expect(scoreAssessment(model, { respondents, batches: batchesOf(answers.rows, size), wholeRespondents: true }, { minGroupSize: 3 })).toEqual(atOnce);
    }
  });

  it("refuse a respondent whose rows come back after their batch", () => {
    const batches = batchesOf(answers.rows, 12 * 3);
    batches[1].respondent[0] = 1;
    expect(() => scoreAssessment(model, { respondents, batches, wholeRespondents: true }, { minGroupSize: 3 })).toThrow(
      /answer row 36: respondent index 1 comes after their batch/,
    );
  });

  it("name a bad row by its number across batches", () => {
    const batches = batchesOf(answers.rows, 10);
    batches[2].current[3] = 9;
    batches[2].kind[3] = 0;
    expect(() => scoreAssessment(model, { respondents, batches }, { minGroupSize: 3 })).toThrow(/answer row 23: values out of range/);
  });
});
