// Loads the submitted answers of an assessment for scoring: two set-based queries streamed into typed arrays,
// whatever the number of respondents (no query per respondent or item).
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

export function loadSubmittedAnswers(database: AppDatabase, assessmentId: number, model: ScoringModel, options: { organisationId?: number } = {}): LoadedAnswers {
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
