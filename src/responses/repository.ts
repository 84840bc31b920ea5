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

/** What the respondent journey knows of an invitation; `where` is added by each look-up (by link, or by id). */
export const respondentInvitationQuery = `
      select i.id as invitationId, i.assessment_id as assessmentId, i.organisation_id as organisationId, o.name as organisationName,
             i.name, i.levels, i.language, i.status as invitationStatus, i.revoked_at is not null as revoked,
             a.status as assessmentStatus, a.instrument_version as instrumentVersion, a.languages, a.country_iso3 as countryIso3,
             c.name as countryName, a.round_label as roundLabel, a.closes_on as closesOn,
             r.id as responseId, r.status as responseStatus, r.last_page as lastPage, r.submitted_at as submittedAt, r.updated_at as updatedAt
      from invitations i
      join assessments a on a.id = i.assessment_id
      join organisations o on o.id = i.organisation_id
      join countries c on c.iso3 = a.country_iso3
      left join responses r on r.invitation_id = i.id`;

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Database.Database, Statements>();

function prepare(sqlite: Database.Database) {
  return {
    invitationByLookup: sqlite.prepare(`${respondentInvitationQuery} where i.token_lookup = ?`),
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

export interface InvitationRow extends Omit<RespondentInvitation, "levels" | "languages" | "revoked"> {
  levels: string;
  languages: string;
  revoked: number;
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

export function toRespondentInvitation(row: InvitationRow | undefined): RespondentInvitation | null {
  if (!row) return null;
  return { ...row, levels: parsedList(row.levels), languages: parsedList(row.languages), revoked: row.revoked === 1 };
}

export function findInvitationByLookup(database: AppDatabase, lookup: string): RespondentInvitation | null {
  return toRespondentInvitation(statementsFor(database).invitationByLookup.get(lookup) as InvitationRow | undefined);
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
  for (const [itemId, kind, current, target, importance] of statementsFor(database).answerStatesOf.all(responseId) as [string, StoredAnswer["kind"], number | null, number | null, number | null][]) {
    map.set(itemId, { kind, current, target, importance });
  }
  return map;
}

export function loadRevisions(database: AppDatabase, responseId: number): AnswerRevision[] {
  return statementsFor(database).revisions.all(responseId) as AnswerRevision[];
}
