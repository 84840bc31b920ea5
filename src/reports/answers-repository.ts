// Loads the submitted answers of an assessment for scoring into typed arrays, whatever the number of respondents
// (no query per respondent or item). The fast path reads each response's answer vector (one short string kept by
// triggers, see migration 0002); the row path reads the answers table and serves databases whose vectors are missing.
import type { AppDatabase } from "../db/client";
import { ABSENT, ANSWERED, DONT_KNOW, NOT_APPLICABLE, type AnswerSet, type ScoringModel } from "../scoring";

export interface LoadedAnswers extends AnswerSet {
  /** Latest submission time among the respondents loaded (the report's data date). */
  dataDate: string | null;
}

const kindCode: Record<string, number> = { answered: ANSWERED, na: NOT_APPLICABLE, dontknow: DONT_KNOW };

export function itemOrder(model: ScoringModel): Map<string, number> {
  const order = new Map<string, number>();
  for (const level of model.levels) for (const dimension of level.dimensions) for (const item of dimension.items) order.set(item.id, order.size);
  return order;
}

const vectorKind: Record<string, number> = { a: ANSWERED, n: NOT_APPLICABLE, d: DONT_KNOW };
/** Character code of "0": vector digits are single characters. */
const ZERO = 48;
const DASH = 45;

export function loadSubmittedAnswers(database: AppDatabase, assessmentId: number, model: ScoringModel, options: { organisationId?: number } = {}): LoadedAnswers {
  const organisationFilter = options.organisationId ? " and r.organisation_id = ?" : "";
  const params: number[] = options.organisationId ? [assessmentId, options.organisationId] : [assessmentId];
  const respondentRows = database.sqlite
    .prepare(
      `select r.id, r.organisation_id, i.levels, r.submitted_at, r.answer_vector from responses r join invitations i on i.id = r.invitation_id
       where r.assessment_id = ? and r.status = 'submitted'${organisationFilter} order by r.id`,
    )
    .raw()
    .all(...params) as [number, number, string, string | null, string | null][];
  if (respondentRows.some((row) => row[4] === null)) return loadSubmittedAnswersFromRows(database, assessmentId, model, options);

  // Where each item of the scoring model sits in the vectors (the pinned instrument's document order).
  const positions = new Map(
    (database.sqlite
      .prepare("select p.item_id, p.position from instrument_item_positions p join assessments a on a.instrument_version = p.instrument_version where a.id = ?")
      .raw()
      .all(assessmentId) as [string, number][]),
  );
  const order = itemOrder(model);
  const itemPositions = [...order.keys()].map((id) => positions.get(id) ?? -1);

  let dataDate: string | null = null;
  const respondents = respondentRows.map(([id, organisationId, levels, submittedAt]) => {
    if (submittedAt && (!dataDate || submittedAt > dataDate)) dataDate = submittedAt;
    return { id, organisationId, levels: JSON.parse(levels) as string[] };
  });
  const capacity = respondentRows.length * itemPositions.length;
  const respondent = new Int32Array(capacity);
  const item = new Int32Array(capacity);
  const kind = new Uint8Array(capacity);
  const current = new Int8Array(capacity);
  const target = new Int8Array(capacity);
  const importance = new Int8Array(capacity);
  const digit = (code: number) => (code === DASH ? ABSENT : code - ZERO);
  let length = 0;
  respondentRows.forEach((row, respondentPosition) => {
    const vector = row[4]!;
    for (let itemIndex = 0; itemIndex < itemPositions.length; itemIndex++) {
      const at = itemPositions[itemIndex] * 4;
      if (at < 0 || at + 4 > vector.length) continue;
      const answerKind = vectorKind[vector[at]];
      if (answerKind === undefined) continue;
      respondent[length] = respondentPosition;
      item[length] = itemIndex;
      kind[length] = answerKind;
      current[length] = digit(vector.charCodeAt(at + 1));
      target[length] = digit(vector.charCodeAt(at + 2));
      importance[length] = digit(vector.charCodeAt(at + 3));
      length++;
    }
  });
  return { respondents, rows: { length, respondent, item, kind, current, target, importance }, dataDate };
}

/** The same answers read row by row from the answers table: the reference the vectors are checked against. */
export function loadSubmittedAnswersFromRows(database: AppDatabase, assessmentId: number, model: ScoringModel, options: { organisationId?: number } = {}): LoadedAnswers {
  const organisationFilter = options.organisationId ? " and r.organisation_id = ?" : "";
  const params: number[] = options.organisationId ? [assessmentId, options.organisationId] : [assessmentId];
  const respondentRows = database.sqlite
    .prepare(
      `select r.id, r.organisation_id, i.levels, r.submitted_at from responses r join invitations i on i.id = r.invitation_id
       where r.assessment_id = ? and r.status = 'submitted'${organisationFilter} order by r.id`,
    )
    .raw()
    .all(...params) as [number, number, string, string | null][];
  const respondentIndex = new Map<number, number>();
  let dataDate: string | null = null;
  const respondents = respondentRows.map(([id, organisationId, levels, submittedAt], index) => {
    respondentIndex.set(id, index);
    if (submittedAt && (!dataDate || submittedAt > dataDate)) dataDate = submittedAt;
    return { id, organisationId, levels: JSON.parse(levels) as string[] };
  });

  const count = database.sqlite
    .prepare(`select count(*) from answers a join responses r on r.id = a.response_id where r.assessment_id = ? and r.status = 'submitted'${organisationFilter}`)
    .pluck()
    .get(...params) as number;
  const respondent = new Int32Array(count);
  const item = new Int32Array(count);
  const kind = new Uint8Array(count);
  const current = new Int8Array(count);
  const target = new Int8Array(count);
  const importance = new Int8Array(count);
  const order = itemOrder(model);
  let length = 0;
  const rows = database.sqlite
    .prepare(
      `select a.response_id, a.item_id, a.kind, a.current, a.target, a.importance from answers a join responses r on r.id = a.response_id
       where r.assessment_id = ? and r.status = 'submitted'${organisationFilter}`,
    )
    .raw()
    .iterate(...params) as IterableIterator<[number, string, string, number | null, number | null, number | null]>;
  for (const [responseId, itemId, kindText, c, t, i] of rows) {
    const itemIndex = order.get(itemId);
    const respondentPosition = respondentIndex.get(responseId);
    // Items dropped from a later instrument version, or a response submitted between the two queries, are skipped.
    if (itemIndex === undefined || respondentPosition === undefined || length >= count) continue;
    respondent[length] = respondentPosition;
    item[length] = itemIndex;
    kind[length] = kindCode[kindText] ?? NOT_APPLICABLE;
    current[length] = c ?? ABSENT;
    target[length] = t ?? ABSENT;
    importance[length] = i ?? ABSENT;
    length++;
  }
  return {
    respondents,
    rows: { length, respondent, item, kind, current, target, importance },
    dataDate,
  };
}
