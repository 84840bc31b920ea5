// Builds the engine's columnar answer set from plain records: for tests, imports and any caller
// that holds answers as objects. Checks what the engine relies on: known respondents and items,
// one row per respondent and item, and values inside the scale.

import { indexModel } from "./model-index";
import { ABSENT, ANSWERED, DONT_KNOW, NOT_APPLICABLE } from "./types";
import type { AnswerSet, ScoringModel, ScoringRespondent } from "./types";

export type AnswerKind = "answered" | "not-applicable" | "dont-know";

export interface AnswerRecord {
  readonly respondentId: number;
  readonly itemId: string;
  readonly kind: AnswerKind;
  readonly current?: number | null;
  readonly target?: number | null;
  readonly importance?: number | null;
}

const KIND_CODES: Readonly<Record<AnswerKind, number>> = {
  answered: ANSWERED,
  "not-applicable": NOT_APPLICABLE,
  "dont-know": DONT_KNOW,
};

function encodeValue(value: number | null | undefined, min: number, max: number, what: string): number {
  if (value === undefined || value === null) return ABSENT;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/**
 * An answer set from records. Respondents keep the order given (row `respondent` indexes into
 * it); rows keep the order of the records. Values of not-applicable and don't-know records are
 * ignored.
 */
export function answerSetFromRecords(model: ScoringModel, respondents: readonly ScoringRespondent[], records: readonly AnswerRecord[]): AnswerSet {
  const { itemIndexById } = indexModel(model);
  const respondentIndexById = new Map<number, number>();
  respondents.forEach((respondent, index) => {
    if (respondentIndexById.has(respondent.id)) throw new RangeError(`respondent ${respondent.id} is listed twice`);
    respondentIndexById.set(respondent.id, index);
  });

  const length = records.length;
  const rows = {
    length,
    respondent: new Int32Array(length),
    item: new Int32Array(length),
    kind: new Uint8Array(length),
    current: new Int8Array(length).fill(ABSENT),
    target: new Int8Array(length).fill(ABSENT),
    importance: new Int8Array(length).fill(ABSENT),
  };
  const answered = new Set<string>();
  records.forEach((record, k) => {
    const where = `answer of respondent ${record.respondentId} to item "${record.itemId}"`;
    const respondentIndex = respondentIndexById.get(record.respondentId);
    if (respondentIndex === undefined) throw new RangeError(`${where}: no such respondent`);
    const itemIndex = itemIndexById.get(record.itemId);
    if (itemIndex === undefined) throw new RangeError(`${where}: no such item in the model`);
    const key = `${respondentIndex}:${itemIndex}`;
    if (answered.has(key)) throw new RangeError(`${where}: given twice`);
    answered.add(key);
    const kind = KIND_CODES[record.kind];
    if (kind === undefined) throw new RangeError(`${where}: unknown kind "${String(record.kind)}"`);
    rows.respondent[k] = respondentIndex;
    rows.item[k] = itemIndex;
    rows.kind[k] = kind;
    if (kind === ANSWERED) {
      rows.current[k] = encodeValue(record.current, 0, 5, `${where}: current`);
      rows.target[k] = encodeValue(record.target, 0, 5, `${where}: target`);
      rows.importance[k] = encodeValue(record.importance, 1, 3, `${where}: importance`);
    }
  });
  return { respondents, rows };
}
