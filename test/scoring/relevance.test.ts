// Relevance in scoring: an item whose condition is false, given the respondent's other answers, counts as not
// applicable wherever results are computed, whatever answer is stored for it (method.md).
import { describe, expect, it } from "vitest";
import { answerSetFromRecords, DEFAULT_SEVERITY_THRESHOLDS, scoreAssessment } from "../../src/scoring";
import type { AnswerRecord, AnswerRows, ItemResult, ScoringModel, ScoringRespondent } from "../../src/scoring";
import { indexModel } from "../../src/scoring/model-index";
import { decideHidden, relevancePlan } from "../../src/scoring/relevance";

// q2 is asked only when q1's current level is at least 1; q3 only when q2 was answered (hidden q2 hides q3 too).
const model: ScoringModel = {
  severity: DEFAULT_SEVERITY_THRESHOLDS,
  levels: [
    {
      id: "org",
      weight: 1,
      dimensions: [
        {
          id: "d",
          weight: 1,
          actions: [],
          items: [
            { id: "q1", weight: 1 },
            { id: "q2", weight: 1, relevance: 'current("q1") >= 1' },
            { id: "q3", weight: 1, relevance: 'answered("q2")' },
          ],
        },
      ],
    },
  ],
};
const withoutConditions: ScoringModel = {
  ...model,
  levels: model.levels.map((l) => ({ ...l, dimensions: l.dimensions.map((d) => ({ ...d, items: d.items.map(({ id, weight }) => ({ id, weight })) })) })),
};

const respondents: ScoringRespondent[] = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, organisationId: 1, levels: ["org"] }));
const answer = (respondentId: number, itemId: string, current: number, target: number, importance: number): AnswerRecord => ({
  respondentId,
  itemId,
  kind: "answered",
  current,
  target,
  importance,
});

// Respondents 1-4 have q1 ≥ 1: they see q2 and q3. Respondents 5-7 rated q1 at 0 after answering q2 and q3 (the
// stored answers stay, but the follow-ups are hidden). Respondent 8 gave no answer at all.
const shown = [1, 2, 3, 4].flatMap((r) => [answer(r, "q1", r, 4, 2), answer(r, "q2", 1, 3, 2), answer(r, "q3", 2, 4, 3)]);
const hiddenRows = [5, 6, 7].flatMap((r) => [
  answer(r, "q1", 0, 3, 3),
  answer(r, "q2", 5, 5, 1),
  { respondentId: r, itemId: "q3", kind: "dont-know" } as AnswerRecord,
]);
const records = [...shown, ...hiddenRows];
// The same respondents with the hidden answers marked not applicable.
const asNotApplicable = [
  ...shown,
  ...[5, 6, 7].flatMap((r): AnswerRecord[] => [
    answer(r, "q1", 0, 3, 3),
    { respondentId: r, itemId: "q2", kind: "not-applicable" },
    { respondentId: r, itemId: "q3", kind: "not-applicable" },
  ]),
];

const item = (items: readonly ItemResult[], id: string) => {
  const found = items.find((i) => i.itemId === id)!;
  if (found.status !== "scored") throw new Error(`item ${id} is ${found.status}`);
  return found;
};

/** Rows cut into batches of whole respondents (three rows each here), each copied. */
function wholeBatches(rows: AnswerRows, rowsPerBatch: number): AnswerRows[] {
  const batches: AnswerRows[] = [];
  for (let start = 0; start < rows.length; start += rowsPerBatch) {
    const end = Math.min(rows.length, start + rowsPerBatch);
    const cut = <T extends Int8Array | Int32Array | Uint8Array>(column: T) => column.slice(start, end) as T;
    batches.push({
      length: end - start,
      respondent: cut(rows.respondent),
      item: cut(rows.item),
      kind: cut(rows.kind),
      current: cut(rows.current),
      target: cut(rows.target),
      importance: cut(rows.importance),
    });
  }
  return batches;
}

describe("relevance in scoring", () => {
  const result = scoreAssessment(model, answerSetFromRecords(model, respondents, records), { minGroupSize: 3 });

  it("counts an answer to an item hidden by its condition as not applicable, hiding what depends on it too", () => {
    const q2 = item(result.items, "q2");
    expect(q2).toMatchObject({ n: 4, current: 1, target: 3, notApplicable: 3, dontKnow: 0 });
    const q3 = item(result.items, "q3");
    expect(q3).toMatchObject({ n: 4, current: 2, notApplicable: 3, dontKnow: 0 });
    // Dimension, level and overall figures are those of the same answers marked not applicable.
    const reference = scoreAssessment(model, answerSetFromRecords(model, respondents, asNotApplicable), { minGroupSize: 3 });
    expect(result.dimensions).toEqual(reference.dimensions);
    expect(result.levels).toEqual(reference.levels);
    expect(result.overall).toEqual(reference.overall);
    // Without the conditions the stored answers would have counted.
    const unconditional = scoreAssessment(withoutConditions, answerSetFromRecords(withoutConditions, respondents, records), { minGroupSize: 3 });
    expect(item(unconditional.items, "q2").n).toBe(7);
    expect(result.dimensions[0]).not.toEqual(unconditional.dimensions[0]);
  });

  it("counts as having seen an item only the respondents its condition showed it to", () => {
    // Respondent 8 answered nothing: q1 has no current level, so q2 and q3 were not shown to them either.
    expect(item(result.items, "q1").seen).toBe(8);
    expect(item(result.items, "q2").seen).toBe(4);
    expect(item(result.items, "q3").seen).toBe(4);
    // Don't-know answers to a hidden item are no knowledge gap.
    expect(item(result.items, "q3").flags.knowledgeGap).toBe(false);
    expect(item(unconditionalItems(), "q3").flags.knowledgeGap).toBe(true);
  });

  it("decides the same whether the rows come at once, in batches, or in batches of whole respondents", () => {
    const answers = answerSetFromRecords(model, respondents, records);
    for (const size of [3, 6, 9]) {
      expect(scoreAssessment(model, { respondents, batches: wholeBatches(answers.rows, size), wholeRespondents: true }, { minGroupSize: 3 })).toEqual(result);
    }
    // Batches that cut a respondent's rows apart: a condition still reads the answer in the other batch.
    for (const size of [1, 2, 4, 5]) {
      expect(scoreAssessment(model, { respondents, batches: wholeBatches(answers.rows, size) }, { minGroupSize: 3 })).toEqual(result);
    }
  });
});

describe("relevance decided once per combination of the answers conditions read", () => {
  // Conditions reading current, target and importance, of items with and without conditions of their own.
  const wide: ScoringModel = {
    severity: DEFAULT_SEVERITY_THRESHOLDS,
    levels: [
      {
        id: "org",
        weight: 1,
        dimensions: [
          {
            id: "d",
            weight: 1,
            actions: [],
            items: [
              { id: "a", weight: 1 },
              { id: "b", weight: 1, relevance: 'target("a") > current("a")' },
              { id: "c", weight: 1, relevance: 'importance("a") >= 2 and answered("b")' },
              { id: "e", weight: 1, relevance: 'current("a") >= 2 or na("a")' },
            ],
          },
        ],
      },
    ],
  };
  const many: ScoringRespondent[] = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, organisationId: 1 + (i % 3), levels: ["org"] }));
  const kinds = ["answered", "answered", "answered", "not-applicable", "dont-know"] as const;
  // A small linear congruential generator: varied, repeatable answers.
  let state = 7;
  const draw = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
  const wideRecords: AnswerRecord[] = many.flatMap((r) =>
    ["a", "b", "c", "e"].flatMap((itemId): AnswerRecord[] => {
      const pick = draw(8);
      if (pick === 7) return [];
      if (pick === 6) return [{ respondentId: r.id, itemId, kind: "not-applicable" }];
      if (pick === 5) return [{ respondentId: r.id, itemId, kind: "dont-know" }];
      return [answer(r.id, itemId, draw(6), draw(6), 1 + draw(3))];
    }),
  );

  it("hides for each respondent what deciding that respondent alone hides", () => {
    const rows = answerSetFromRecords(wide, many, wideRecords).rows;
    const index = indexModel(wide);
    const together = decideHidden(relevancePlan(index)!, rows, 0, many.length, () => true);
    const alone = many.flatMap((_, r) => [...decideHidden(relevancePlan(index)!, rows, r, 1, () => true)]);
    expect([...together]).toEqual(alone);
    // Both outcomes occur for every conditional item, so the comparison says something.
    for (let c = 0; c < 3; c++) expect(new Set(alone.filter((_, k) => k % 3 === c)).size).toBe(2);
  });
});

function unconditionalItems(): readonly ItemResult[] {
  return scoreAssessment(withoutConditions, answerSetFromRecords(withoutConditions, respondents, records), { minGroupSize: 3 }).items;
}
