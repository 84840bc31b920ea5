// Reading the invitations of one assessment a page at a time, filtered (organisation, status, level, language, a search
// over name and e-mail), with the count of every filter value from one grouped query. Every statement is bound to
// the assessment, so an organisation, a cursor or an id from another assessment (another country) finds nothing.
import type { AppDatabase } from "../../db/client";
import { cachedUntilWrite, LIST_TABLES } from "../../db/versioned-cache";
import { keysetPage, type ListPage, type Paging } from "../../list-query";

export const invitationStates = ["invited", "started", "submitted", "revoked"] as const;
export type InvitationState = (typeof invitationStates)[number];

/** Where an invitation's mail stands: the status of its newest message in the outbox, or none ever queued. */
export const mailFilters = ["none", "queued", "sent", "failed"] as const;
export type MailFilter = (typeof mailFilters)[number];

export interface InvitationFilters {
  organisation?: number;
  status?: InvitationState;
  level?: string;
  language?: string;
  /** Part of the name or e-mail address (only for those who may see them). */
  q?: string;
  mail?: MailFilter;
}

/** Which invitations a list is about: all of them, or (progress) those still awaited: not revoked, not submitted. */
export type InvitationScope = "all" | "awaited";

export interface InvitationListRow {
  id: number;
  organisationId: number;
  organisationName: string;
  name: string | null;
  email: string | null;
  levels: string[];
  language: string;
  status: "invited" | "started" | "submitted";
  tokenSeed: string;
  revokedAt: string | null;
  updatedAt: string | null;
}

const STATE = "case when i.revoked_at is not null then 'revoked' else i.status end";
// The newest message of the invitation (outbox_invitation index); one being sent counts as waiting.
const MAIL =
  "coalesce((select case m.status when 'sending' then 'queued' else m.status end from outbox m where m.invitation_id = i.id order by m.id desc limit 1), 'none')";

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Where {
  text: string;
  params: unknown[];
}

/** The conditions of a filtered set; `omit` leaves one filter out (to count the values of that filter). */
function whereOf(assessmentId: number, scope: InvitationScope, filters: InvitationFilters, omit?: keyof InvitationFilters): Where {
  const parts = ["i.assessment_id = ?"];
  const params: unknown[] = [assessmentId];
  if (scope === "awaited") parts.push("i.revoked_at is null and i.status <> 'submitted'");
  if (filters.organisation !== undefined && omit !== "organisation") {
    parts.push("i.organisation_id = ?");
    params.push(filters.organisation);
  }
  if (filters.status !== undefined && omit !== "status") {
    parts.push(`${STATE} = ?`);
    params.push(filters.status);
  }
  if (filters.language !== undefined && omit !== "language") {
    parts.push("i.language = ?");
    params.push(filters.language);
  }
  if (filters.level !== undefined && omit !== "level") {
    parts.push("exists (select 1 from json_each(i.levels) where json_each.value = ?)");
    params.push(filters.level);
  }
  if (filters.mail !== undefined && omit !== "mail") {
    parts.push(`${MAIL} = ?`);
    params.push(filters.mail);
  }
  if (filters.q !== undefined && omit !== "q") {
    const pattern = `%${escapeLike(filters.q)}%`;
    parts.push("(i.name like ? escape '\\' or i.email like ? escape '\\')");
    params.push(pattern, pattern);
  }
  return { text: parts.join(" and "), params };
}

/** One page of the filtered invitations, oldest first (new invitations join the end, so no page shifts). */
export function invitationPage(
  database: AppDatabase,
  assessmentId: number,
  scope: InvitationScope,
  filters: InvitationFilters,
  paging: Paging,
): ListPage<InvitationListRow> {
  const where = whereOf(assessmentId, scope, filters);
  return keysetPage<InvitationListRow>(paging, "asc", (bound, read, limit) => {
    const rows = database.sqlite
      .prepare(
        `select i.id, i.organisation_id as organisationId, o.name as organisationName, i.name, i.email, i.levels, i.language, i.status,
                i.token_seed as tokenSeed, i.revoked_at as revokedAt, r.updated_at as updatedAt
         from invitations i join organisations o on o.id = i.organisation_id left join responses r on r.invitation_id = i.id
         where ${where.text}${bound ? ` and i.id ${bound.op} ?` : ""}
         order by i.id ${read} limit ?`,
      )
      .all(...where.params, ...(bound ? [bound.id] : []), limit) as (Omit<InvitationListRow, "levels"> & { levels: string })[];
    return rows.map((row) => ({ ...row, levels: JSON.parse(row.levels) as string[] }));
  });
}

/** The ids of the filtered set up to `upTo` (the newest id when a bulk action was confirmed), in id order. */
export function invitationIds(database: AppDatabase, assessmentId: number, scope: InvitationScope, filters: InvitationFilters, upTo?: number): number[] {
  const where = whereOf(assessmentId, scope, filters);
  return database.sqlite
    .prepare(`select i.id from invitations i where ${where.text}${upTo === undefined ? "" : " and i.id <= ?"} order by i.id`)
    .pluck()
    .all(...where.params, ...(upTo === undefined ? [] : [upTo])) as number[];
}

/** The filtered set itself, every row (for the CSV of links), in id order. */
export function invitationRows(database: AppDatabase, assessmentId: number, scope: InvitationScope, filters: InvitationFilters): InvitationListRow[] {
  return invitationPage(database, assessmentId, scope, filters, { size: Number.MAX_SAFE_INTEGER - 1 }).rows;
}

export interface FacetCount<V> {
  value: V;
  count: number;
}

export interface InvitationFacets {
  /** Rows of the filtered set. */
  total: number;
  /** The newest id of the filtered set (bulk actions touch no row created after their confirmation). */
  newestId: number | null;
  organisations: Map<number, number>;
  statuses: Map<InvitationState, number>;
  levels: Map<string, number>;
  languages: Map<string, number>;
  mails: Map<MailFilter, number>;
}

/**
 * How many invitations each filter value would show, given the other filters: one grouped query (organisation ×
 * status × language × levels, a few hundred groups for 10,000 invitations), summed per filter.
 */
export function invitationFacets(database: AppDatabase, assessmentId: number, scope: InvitationScope, filters: InvitationFilters): InvitationFacets {
  // Computed once per database version (db/versioned-cache.ts): repeated views of a list cost a lookup, and any write
  // (an invitation, an answer, a message queued) makes the next view count again. Callers only read the result.
  const f = filters;
  const key = `invitation-facets:${assessmentId}:${scope}:${JSON.stringify([f.organisation, f.status, f.level, f.language, f.q, f.mail])}`;
  return cachedUntilWrite(database, LIST_TABLES, key, () => countFacets(database, assessmentId, scope, filters));
}

function countFacets(database: AppDatabase, assessmentId: number, scope: InvitationScope, filters: InvitationFilters): InvitationFacets {
  const where = whereOf(assessmentId, scope, { q: filters.q, mail: filters.mail });
  // Grouped in the order of the invitations_facets index (a streaming count, no temporary tree); the status of a
  // withdrawn invitation is worked out per group (few invitations are withdrawn, so few revoked_at values).
  const groups = (
    database.sqlite
      .prepare(
        `select i.organisation_id as organisation, i.status as status, i.language as language, i.levels as levels, i.revoked_at as revokedAt, count(*) as n, max(i.id) as newest
         from invitations i where ${where.text} group by i.organisation_id, i.status, i.language, i.levels, i.revoked_at`,
      )
      .all(...where.params) as {
      organisation: number;
      status: InvitationState;
      language: string;
      levels: string;
      revokedAt: string | null;
      n: number;
      newest: number;
    }[]
  ).map((g) => ({ ...g, status: (g.revokedAt === null ? g.status : "revoked") as InvitationState }));
  const parsedLevels = new Map<string, string[]>();
  const facets: InvitationFacets = {
    total: 0,
    newestId: null,
    organisations: new Map(),
    statuses: new Map(),
    levels: new Map(),
    languages: new Map(),
    mails: new Map(),
  };
  const add = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const f = filters;
  for (const group of groups) {
    let levels = parsedLevels.get(group.levels);
    if (!levels) parsedLevels.set(group.levels, (levels = JSON.parse(group.levels) as string[]));
    const isOrganisation = f.organisation === undefined || group.organisation === f.organisation;
    const isStatus = f.status === undefined || group.status === f.status;
    const isLanguage = f.language === undefined || group.language === f.language;
    const isLevel = f.level === undefined || levels.includes(f.level);
    if (isStatus && isLanguage && isLevel) add(facets.organisations, group.organisation, group.n);
    if (isOrganisation && isLanguage && isLevel) add(facets.statuses, group.status, group.n);
    if (isOrganisation && isStatus && isLevel) add(facets.languages, group.language, group.n);
    if (isOrganisation && isStatus && isLanguage) for (const level of levels) add(facets.levels, level, group.n);
    if (isOrganisation && isStatus && isLanguage && isLevel) {
      facets.total += group.n;
      facets.newestId = Math.max(facets.newestId ?? 0, group.newest);
    }
  }
  facets.mails = mailFacet(database, assessmentId, scope, filters, facets.total);
  return facets;
}

/**
 * How many invitations of the set (under the other filters) stand at each mail status. A round that never queued a
 * message has none to look up: every invitation is "none", counted without reading the outbox per invitation.
 */
function mailFacet(database: AppDatabase, assessmentId: number, scope: InvitationScope, filters: InvitationFilters, total: number): Map<MailFilter, number> {
  const hasMail = database.sqlite.prepare("select 1 from outbox where assessment_id = ? and invitation_id is not null limit 1").get(assessmentId);
  if (!hasMail) return new Map(filters.mail === undefined || filters.mail === "none" ? [["none", total]] : []);
  const where = whereOf(assessmentId, scope, filters, "mail");
  const rows = database.sqlite.prepare(`select ${MAIL} as value, count(*) as n from invitations i where ${where.text} group by 1`).all(...where.params) as {
    value: MailFilter;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.value, r.n]));
}

export interface MailState {
  kind: string;
  status: string;
  sentAt: string | null;
  createdAt: string;
  lastError: string | null;
}

/** The latest message of the outbox for each invitation of a page (only those ids: a page never reads the whole outbox). */
export function latestMailOf(database: AppDatabase, invitationIds: number[]): Map<number, MailState> {
  if (invitationIds.length === 0) return new Map();
  const marks = invitationIds.map(() => "?").join(", ");
  const rows = database.sqlite
    .prepare(
      `select invitation_id as invitationId, kind, status, sent_at as sentAt, created_at as createdAt, last_error as lastError from outbox
       where id in (select max(id) from outbox where invitation_id in (${marks}) group by invitation_id)`,
    )
    .all(...invitationIds) as (MailState & { invitationId: number })[];
  return new Map(rows.map(({ invitationId, ...mail }) => [invitationId, mail]));
}
