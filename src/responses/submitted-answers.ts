// The submitted answers of an assessment, read for scoring and for the readers of results (reports, validation,
// exports): into typed arrays, whatever the number of respondents (no query per respondent or item). The fast path streams each response's answer vector (one short string kept by
// triggers, see migration 0002) through a small reused buffer; the row path reads the answers table and serves
// databases whose vectors are missing.
import type { AssessmentSummary } from "../assessments/repository";
import type { AppDatabase } from "../db/client";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import type { Instrument } from "../questionnaires/schema";
import { engineKindOfRow, engineKindOfVector } from "./store";
import {
  ABSENT,
  NOT_APPLICABLE,
  type AnswerBatches,
  type AnswerRows,
  type AnswerSet,
  type InvitationStatus,
  type InvitationSummary,
  type ScoringModel,
  type ScoringRespondent,
  scoreAssessment,
} from "../scoring";

interface DataDate {
  /** Latest submission time among the respondents loaded (the report's data date). */
  dataDate: string | null;
}
export type LoadedAnswers = AnswerSet & DataDate;
export type StreamedAnswers = AnswerBatches & DataDate;

const kindCode = engineKindOfRow;

export function itemOrder(model: ScoringModel): Map<string, number> {
  const order = new Map<string, number>();
  for (const level of model.levels) for (const dimension of level.dimensions) for (const item of dimension.items) order.set(item.id, order.size);
  return order;
}

/** The vector's kind characters (responses/store.ts, the codec the triggers write). */
const vectorKind = engineKindOfVector;
/** Character code of "0": vector digits are single characters. */
const ZERO = 48;
const DASH = 45;
/** Respondents per batch of streamed rows (by default): large enough for the scoring loop, small enough to stay in cache. */
const BATCH_RESPONDENTS = 256;

function respondentFilter(assessmentId: number, organisationId: number | undefined) {
  return {
    sql: `r.assessment_id = ? and r.status = 'submitted'${organisationId ? " and r.organisation_id = ?" : ""}`,
    params: organisationId ? [assessmentId, organisationId] : [assessmentId],
  };
}

/**
 * The submitted answers, streamed from the answer vectors: the respondents are read at once (small), the rows in
 * batches while the scoring engine consumes them, so 10,000 respondents never exist as 1.3 million rows at once.
 * The batches read the database when iterated: iterate them inside the same read transaction as this call (see
 * `scoreFromDatabase`). Falls back to the answers table when a vector is missing.
 */
export function loadSubmittedAnswers(
  database: AppDatabase,
  assessmentId: number,
  model: ScoringModel,
  options: { organisationId?: number; batchRespondents?: number } = {},
): StreamedAnswers {
  const filter = respondentFilter(assessmentId, options.organisationId);
  const respondentRows = database.sqlite
    .prepare(
      `select r.id, r.organisation_id, i.levels, r.submitted_at, r.answer_vector is null from responses r join invitations i on i.id = r.invitation_id
       where ${filter.sql} order by r.id`,
    )
    .raw()
    .iterate(...filter.params) as IterableIterator<[number, number, string, string | null, number]>;
  // Most invitations list the same levels: one parsed array per distinct list.
  const parsedLevels = new Map<string, string[]>();
  const respondents: ScoringRespondent[] = [];
  let dataDate: string | null = null;
  let vectorMissing = false;
  for (const [id, organisationId, levelsJson, submittedAt, missing] of respondentRows) {
    if (submittedAt && (!dataDate || submittedAt > dataDate)) dataDate = submittedAt;
    let levels = parsedLevels.get(levelsJson);
    if (!levels) {
      levels = JSON.parse(levelsJson) as string[];
      parsedLevels.set(levelsJson, levels);
    }
    respondents.push({ id, organisationId, levels });
    if (missing) vectorMissing = true;
  }
  if (vectorMissing) {
    const fromRows = loadSubmittedAnswersFromRows(database, assessmentId, model, options);
    return { respondents: fromRows.respondents, batches: [fromRows.rows], dataDate: fromRows.dataDate };
  }

  // Where each item of the scoring model sits in the vectors (the pinned instrument's document order).
  const positions = new Map(
    database.sqlite
      .prepare("select p.item_id, p.position from instrument_item_positions p join assessments a on a.instrument_version = p.instrument_version where a.id = ?")
      .raw()
      .all(assessmentId) as [string, number][],
  );
  const itemPositions = Int32Array.from(itemOrder(model).keys(), (id) => positions.get(id) ?? -1);
  const vectors = database.sqlite.prepare(`select r.id, r.answer_vector from responses r where ${filter.sql} order by r.id`).raw();
  return {
    respondents,
    wholeRespondents: true,
    batches: {
      [Symbol.iterator]: () =>
        vectorBatches(
          vectors.iterate(...filter.params) as IterableIterator<[number, string | null]>,
          respondents,
          itemPositions,
          options.batchRespondents ?? BATCH_RESPONDENTS,
        ),
    },
    dataDate,
  };
}

/** Empty answer columns (the layout of `AnswerRows`) for `capacity` answers. */
export function answerColumns(capacity: number): Omit<AnswerRows, "length"> {
  return {
    respondent: new Int32Array(capacity),
    item: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    current: new Int8Array(capacity),
    target: new Int8Array(capacity),
    importance: new Int8Array(capacity),
  };
}

/** Decodes vectors into batches of rows, refilling the same arrays for every batch. */
function* vectorBatches(
  vectors: IterableIterator<[number, string | null]>,
  respondents: readonly ScoringRespondent[],
  itemPositions: Int32Array,
  batchRespondents: number,
): Generator<AnswerRows> {
  const itemCount = itemPositions.length;
  const columns = answerColumns(batchRespondents * itemCount);
  const { respondent, item, kind, current, target, importance } = columns;
  const batch = (length: number): AnswerRows => ({ ...columns, length });
  const digit = (code: number) => (code === DASH ? ABSENT : code - ZERO);
  // The kind by character code, from a small table: no one-character string is made per answer.
  const kindOfCode = new Int8Array(128).fill(-1);
  for (const [character, code] of Object.entries(vectorKind)) kindOfCode[character.charCodeAt(0)] = code;
  let length = 0;
  let inBatch = 0;
  let respondentPosition = 0;
  for (const [id, vector] of vectors) {
    // Both queries list respondents by id; one submitted since the first query (outside a transaction) is skipped.
    while (respondentPosition < respondents.length && respondents[respondentPosition].id < id) respondentPosition++;
    if (respondentPosition >= respondents.length || respondents[respondentPosition].id !== id || vector === null) continue;
    for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
      const at = itemPositions[itemIndex] * 4;
      if (at < 0 || at + 4 > vector.length) continue;
      const kindCharacter = vector.charCodeAt(at);
      const answerKind = kindCharacter < 128 ? kindOfCode[kindCharacter] : -1;
      if (answerKind < 0) continue;
      respondent[length] = respondentPosition;
      item[length] = itemIndex;
      kind[length] = answerKind;
      current[length] = digit(vector.charCodeAt(at + 1));
      target[length] = digit(vector.charCodeAt(at + 2));
      importance[length] = digit(vector.charCodeAt(at + 3));
      length++;
    }
    respondentPosition++;
    if (++inBatch === batchRespondents) {
      yield batch(length);
      length = 0;
      inBatch = 0;
    }
  }
  if (length > 0) yield batch(length);
}

/** The same answers read row by row from the answers table: the reference the vectors are checked against. */
export function loadSubmittedAnswersFromRows(
  database: AppDatabase,
  assessmentId: number,
  model: ScoringModel,
  options: { organisationId?: number } = {},
): LoadedAnswers {
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
    .prepare(
      `select count(*) from answers a join responses r on r.id = a.response_id where r.assessment_id = ? and r.status = 'submitted'${organisationFilter}`,
    )
    .pluck()
    .get(...params) as number;
  const { respondent, item, kind, current, target, importance } = answerColumns(count);
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

/**
 * The assessment's unrevoked invitations for response rates, counted by organisation, levels and status in the
 * database: a handful of rows however many people were invited.
 */
export function invitationTallies(database: AppDatabase, assessmentId: number, options: { organisationId?: number } = {}): InvitationSummary[] {
  const rows = database.sqlite
    .prepare(
      `select organisation_id, levels, status, count(*) from invitations where assessment_id = ? and revoked_at is null${options.organisationId !== undefined ? " and organisation_id = ?" : ""}
       group by organisation_id, levels, status`,
    )
    .raw()
    .all(...(options.organisationId !== undefined ? [assessmentId, options.organisationId] : [assessmentId])) as [number, string, InvitationStatus, number][];
  return rows.map(([organisationId, levels, status, count]) => ({ organisationId, levels: JSON.parse(levels) as string[], status, count }));
}

/** The instrument restricted to the levels the assessment covers: what the engine scores. */
export function scoringModelOf(instrument: Instrument, levels: readonly string[]): ScoringModel {
  return { severity: instrument.severity, levels: instrument.levels.filter((l) => levels.includes(l.id)) };
}

/** Scores an assessment from its submitted answers (all organisations, or one). */
export function scoreFromDatabase(deps: { database: AppDatabase; instruments: InstrumentCatalog }, assessment: AssessmentSummary, organisationId?: number) {
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const model = scoringModelOf(instrument, assessment.levels);
  // One read transaction: the respondents and the streamed answer batches see the same snapshot of the database.
  return deps.database.sqlite.transaction(() => {
    const answers = loadSubmittedAnswers(deps.database, assessment.id, model, { organisationId });
    const result = scoreAssessment(model, answers, { minGroupSize: assessment.minGroupSize });
    return { instrument, model, answers, result };
  })();
}

/** Comments of submitted responses, without any respondent identity, in item order of appearance. */
export function loadComments(database: AppDatabase, assessmentId: number, organisationId?: number): { itemId: string; text: string }[] {
  const filter = organisationId ? " and r.organisation_id = ?" : "";
  const params = organisationId ? [assessmentId, organisationId] : [assessmentId];
  return database.sqlite
    .prepare(
      `select a.item_id as itemId, a.comment as text from answers a join responses r on r.id = a.response_id
       where r.assessment_id = ? and r.status = 'submitted' and a.comment is not null and trim(a.comment) <> ''${filter} order by a.item_id, a.response_id`,
    )
    .all(...params) as { itemId: string; text: string }[];
}
