// Paged reads for the API lists (organisations, invitations, responses), ordered by id. Columns are named one by one:
// an invitation's token seed and look-up hash are never selected, so no API answer can carry a respondent link.
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { invitations, organisations, responses } from "../db/schema";

export interface PageRequest {
  /** The id after which the page starts (from the cursor). */
  afterId?: number;
  limit: number;
}

const afterCondition = (column: typeof organisations.id | typeof invitations.id | typeof responses.id, afterId?: number) =>
  afterId === undefined ? undefined : gt(column, afterId);

const organisationColumns = {
  id: organisations.id,
  assessmentId: organisations.assessmentId,
  name: organisations.name,
  type: organisations.type,
  createdAt: organisations.createdAt,
};

/** One page of organisations, with one extra row when another page follows. */
export function organisationRows(db: Db, assessmentId: number, page: PageRequest) {
  return db
    .select(organisationColumns)
    .from(organisations)
    .where(and(eq(organisations.assessmentId, assessmentId), afterCondition(organisations.id, page.afterId)))
    .orderBy(asc(organisations.id))
    .limit(page.limit + 1)
    .all();
}

const invitationColumns = {
  id: invitations.id,
  assessmentId: invitations.assessmentId,
  organisationId: invitations.organisationId,
  name: invitations.name,
  email: invitations.email,
  levels: invitations.levels,
  language: invitations.language,
  status: invitations.status,
  createdAt: invitations.createdAt,
  revokedAt: invitations.revokedAt,
};

export function invitationRows(db: Db, assessmentId: number, page: PageRequest & { organisationId?: number }) {
  const conditions: (SQL | undefined)[] = [eq(invitations.assessmentId, assessmentId), afterCondition(invitations.id, page.afterId)];
  if (page.organisationId !== undefined) conditions.push(eq(invitations.organisationId, page.organisationId));
  return db
    .select(invitationColumns)
    .from(invitations)
    .where(and(...conditions))
    .orderBy(asc(invitations.id))
    .limit(page.limit + 1)
    .all();
}

export function invitationById(db: Db, assessmentId: number, invitationId: number) {
  return db
    .select(invitationColumns)
    .from(invitations)
    .where(and(eq(invitations.assessmentId, assessmentId), eq(invitations.id, invitationId)))
    .get();
}

const responseColumns = {
  id: responses.id,
  assessmentId: responses.assessmentId,
  organisationId: responses.organisationId,
  invitationId: responses.invitationId,
  levels: invitations.levels,
  language: invitations.language,
  status: responses.status,
  startedAt: responses.startedAt,
  updatedAt: responses.updatedAt,
  submittedAt: responses.submittedAt,
};

export function responseRows(db: Db, assessmentId: number, page: PageRequest & { organisationId?: number; status?: "started" | "submitted" }) {
  const conditions: (SQL | undefined)[] = [eq(responses.assessmentId, assessmentId), afterCondition(responses.id, page.afterId)];
  if (page.organisationId !== undefined) conditions.push(eq(responses.organisationId, page.organisationId));
  if (page.status !== undefined) conditions.push(eq(responses.status, page.status));
  return db
    .select(responseColumns)
    .from(responses)
    .innerJoin(invitations, eq(invitations.id, responses.invitationId))
    .where(and(...conditions))
    .orderBy(asc(responses.id))
    .limit(page.limit + 1)
    .all();
}

export function responseById(db: Db, assessmentId: number, responseId: number) {
  return db
    .select(responseColumns)
    .from(responses)
    .innerJoin(invitations, eq(invitations.id, responses.invitationId))
    .where(and(eq(responses.assessmentId, assessmentId), eq(responses.id, responseId)))
    .get();
}
