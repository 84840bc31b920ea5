// How responses and answers are stored. The save path is hot (autosave), so it uses prepared statements directly.
import type Database from "better-sqlite3";
import type { AppDatabase } from "../db/client";
import type { AnswerKind, AssessmentStatus, InvitationStatus } from "../db/schema";

export interface RespondentInvitation {
  invitationId: number;
  assessmentId: number;
  organisationId: number;
  organisationName: string;
  name: string | null;
  levels: string[];
  language: string;
  invitationStatus: InvitationStatus;
  revoked: boolean;
  assessmentStatus: AssessmentStatus;
  instrumentVersion: string;
  languages: string[];
  countryIso3: string;
  countryName: string;
  roundLabel: string;
  closesOn: string | null;
  /** The closing instant (UTC ISO): answers are refused from then on. */
  closesAt: string | null;
  /** The assessment's time zone, in which the closing instant is shown. */
  timeZone: string;
  responseId: number | null;
  responseStatus: "started" | "submitted" | null;
  lastPage: string | null;
  submittedAt: string | null;
  updatedAt: string | null;
}

export interface StoredAnswer {
  itemId: string;
  kind: AnswerKind;
  current: number | null;
  target: number | null;
  importance: number | null;
  comment: string | null;
  updatedAt: string;
}

/** What progress and relevance read of an answer. */
export type AnswerState = Pick<StoredAnswer, "kind" | "current" | "target" | "importance">;

export interface AnswerRevision extends Omit<StoredAnswer, "kind" | "updatedAt"> {
  id: number;
  kind: AnswerKind | "cleared";
  source: string;
  actorUserId: number | null;
  createdAt: string;
}

/**
 * What the respondent journey knows of an invitation; `where` is added by each look-up (by link, or by id). Rows come
 * back as arrays (statements in raw mode: every page view and autosave reads one), in the order `invitationFromRow`
 * names them.
 */
export const respondentInvitationQuery = `
      select i.id, i.assessment_id, i.organisation_id, o.name,
             i.name, i.levels, i.language, i.status, i.revoked_at is not null,
             a.status, a.instrument_version, a.languages, a.country_iso3,
             c.name, a.round_label, a.closes_on,
             r.id, r.status, r.last_page, r.submitted_at, r.updated_at,
             a.closes_at, a.time_zone
      from invitations i
      join assessments a on a.id = i.assessment_id
      join organisations o on o.id = i.organisation_id
      join countries c on c.iso3 = a.country_iso3
      left join responses r on r.invitation_id = i.id`;

/** A row of `respondentInvitationQuery`, as an array in its select order. */
export type InvitationQueryRow = unknown[];

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Database.Database, Statements>();

function prepare(sqlite: Database.Database) {
  return {
    invitationByLookup: sqlite.prepare(`${respondentInvitationQuery} where i.token_lookup = ?`).raw(),
    insertResponse: sqlite.prepare(
      "insert into responses (invitation_id, assessment_id, organisation_id, status, started_at, updated_at) values (?, ?, ?, 'started', ?, ?) returning id",
    ),
    touchResponse: sqlite.prepare("update responses set updated_at = ?, last_page = coalesce(?, last_page) where id = ?"),
    markStarted: sqlite.prepare("update invitations set status = 'started' where id = ? and status = 'invited'"),
    answersOf: sqlite.prepare(
      "select item_id as itemId, kind, current, target, importance, comment, updated_at as updatedAt from answers where response_id = ?",
    ),
    answerStatesOf: sqlite.prepare("select item_id, kind, current, target, importance from answers where response_id = ?").raw(),
    answerOf: sqlite.prepare("select kind, current, target, importance, comment from answers where response_id = ? and item_id = ?"),
    insertRevision: sqlite.prepare(
      "insert into answer_revisions (response_id, item_id, kind, current, target, importance, comment, source, actor_user_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    upsertAnswer: sqlite.prepare(`
      insert into answers (response_id, item_id, kind, current, target, importance, comment, revision_id, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (response_id, item_id) do update set kind = excluded.kind, current = excluded.current, target = excluded.target,
        importance = excluded.importance, comment = excluded.comment, revision_id = excluded.revision_id, updated_at = excluded.updated_at`),
    deleteAnswer: sqlite.prepare("delete from answers where response_id = ? and item_id = ?"),
    submit: sqlite.prepare("update responses set status = 'submitted', submitted_at = coalesce(submitted_at, ?), updated_at = ? where id = ?"),
    submittedAtOf: sqlite.prepare("select submitted_at from responses where id = ?").pluck(),
    markSubmitted: sqlite.prepare("update invitations set status = 'submitted' where id = ?"),
    setLanguage: sqlite.prepare("update invitations set language = ? where id = ?"),
    revisions: sqlite.prepare(
      "select id, item_id as itemId, kind, current, target, importance, comment, source, actor_user_id as actorUserId, created_at as createdAt from answer_revisions where response_id = ? order by id",
    ),
  };
}

export function statementsFor(database: AppDatabase): Statements {
  let statements = cache.get(database.sqlite);
  if (!statements) {
    statements = prepare(database.sqlite);
    cache.set(database.sqlite, statements);
  }
  return statements;
}

// Every request of a link parses its invitation's levels and its assessment's languages: a handful of distinct
// short JSON lists, parsed once each (and frozen, since they are shared).
const parsedLists = new Map<string, readonly string[]>();
function parsedList(json: string): string[] {
  let list = parsedLists.get(json);
  if (!list) {
    list = Object.freeze(JSON.parse(json) as string[]);
    if (parsedLists.size > 1000) parsedLists.clear();
    parsedLists.set(json, list);
  }
  return list as string[];
}

export function invitationFromRow(row: InvitationQueryRow | undefined): RespondentInvitation | null {
  if (!row) return null;
  // Indices follow the select list of respondentInvitationQuery.
  return {
    invitationId: row[0],
    assessmentId: row[1],
    organisationId: row[2],
    organisationName: row[3],
    name: row[4],
    levels: parsedList(row[5] as string),
    language: row[6],
    invitationStatus: row[7],
    revoked: row[8] === 1,
    assessmentStatus: row[9],
    instrumentVersion: row[10],
    languages: parsedList(row[11] as string),
    countryIso3: row[12],
    countryName: row[13],
    roundLabel: row[14],
    closesOn: row[15],
    responseId: row[16],
    responseStatus: row[17],
    lastPage: row[18],
    submittedAt: row[19],
    updatedAt: row[20],
    closesAt: row[21],
    timeZone: row[22],
  } as RespondentInvitation;
}

export function findInvitationByLookup(database: AppDatabase, lookup: string): RespondentInvitation | null {
  return invitationFromRow(statementsFor(database).invitationByLookup.get(lookup) as InvitationQueryRow | undefined);
}

export function loadAnswers(database: AppDatabase, responseId: number | null): Map<string, StoredAnswer> {
  const map = new Map<string, StoredAnswer>();
  if (responseId === null) return map;
  for (const row of statementsFor(database).answersOf.all(responseId) as StoredAnswer[]) map.set(row.itemId, row);
  return map;
}

/** The answers' states only (no comments): what the autosave reads back for the progress it returns. */
export function loadAnswerStates(database: AppDatabase, responseId: number | null): Map<string, AnswerState> {
  const map = new Map<string, AnswerState>();
  if (responseId === null) return map;
  for (const [itemId, kind, current, target, importance] of statementsFor(database).answerStatesOf.all(responseId) as [
    string,
    StoredAnswer["kind"],
    number | null,
    number | null,
    number | null,
  ][]) {
    map.set(itemId, { kind, current, target, importance });
  }
  return map;
}

export function loadRevisions(database: AppDatabase, responseId: number): AnswerRevision[] {
  return statementsFor(database).revisions.all(responseId) as AnswerRevision[];
}
