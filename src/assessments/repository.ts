// How assessments, organisations and invitations are stored and read (drizzle queries; progress counts in SQL).
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AppDatabase, Db } from "../db/client";
import { assessments, countries, invitations, organisations, responses, type AssessmentStatus } from "../db/schema";

export type AssessmentRow = typeof assessments.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
export type InvitationRecord = typeof invitations.$inferSelect;

export interface AssessmentSummary {
  id: number;
  countryIso3: string;
  countryName: string;
  instrumentId: string;
  instrumentVersion: string;
  roundLabel: string;
  status: AssessmentStatus;
  levels: string[];
  languages: string[];
  /** The expert accepted languages the instrument is not complete in. */
  acceptsFallback: boolean;
  opensOn: string | null;
  closesOn: string | null;
  /** Closing time of day (HH:MM) in `timeZone`; null: end of the day. */
  closesTime: string | null;
  timeZone: string;
  /** The closing instant (UTC ISO) the deadline is enforced at. */
  closesAt: string | null;
  /** Days before closing on which reminders go out by themselves. */
  reminderDays: number[];
  isDemo: boolean;
  minGroupSize: number;
  createdAt: string;
  /** When it was archived (hidden from lists, kept); null while it is listed. */
  archivedAt: string | null;
}

const summaryColumns = {
  id: assessments.id,
  countryIso3: assessments.countryIso3,
  countryName: countries.name,
  instrumentId: assessments.instrumentId,
  instrumentVersion: assessments.instrumentVersion,
  roundLabel: assessments.roundLabel,
  status: assessments.status,
  levels: assessments.levels,
  languages: assessments.languages,
  acceptsFallback: assessments.acceptsFallback,
  opensOn: assessments.opensOn,
  closesOn: assessments.closesOn,
  closesTime: assessments.closesTime,
  timeZone: assessments.timeZone,
  closesAt: assessments.closesAt,
  reminderDays: assessments.reminderDays,
  isDemo: assessments.isDemo,
  minGroupSize: assessments.minGroupSize,
  createdAt: assessments.createdAt,
  archivedAt: assessments.archivedAt,
};

export function findAssessment(db: Db, id: number): AssessmentSummary | undefined {
  return db.select(summaryColumns).from(assessments).innerJoin(countries, eq(countries.iso3, assessments.countryIso3)).where(eq(assessments.id, id)).get();
}

/** Lists the assessments matching `visible` (the actor's scope, from the authorisation module), newest first. */
export function listAssessments(db: Db, visible: SQL | undefined, options: { afterId?: number; limit?: number } = {}): AssessmentSummary[] {
  const conditions = [visible, options.afterId ? sql`${assessments.id} < ${options.afterId}` : undefined].filter(Boolean) as SQL[];
  return db
    .select(summaryColumns)
    .from(assessments)
    .innerJoin(countries, eq(countries.iso3, assessments.countryIso3))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(assessments.id))
    .limit(options.limit ?? 500)
    .all();
}

export function listOrganisations(db: Db, assessmentId: number): (OrganisationRow & { invitations: number; responses: number })[] {
  return db
    .select({
      id: organisations.id,
      assessmentId: organisations.assessmentId,
      name: organisations.name,
      type: organisations.type,
      createdAt: organisations.createdAt,
      // Written out in full: drizzle renders ${organisations.id} as a bare "id" in a select, which inside these
      // subqueries would mean the invitation's or response's own id.
      invitations: sql<number>`(select count(*) from invitations i where i.organisation_id = "organisations"."id")`,
      responses: sql<number>`(select count(*) from responses r where r.organisation_id = "organisations"."id")`,
    })
    .from(organisations)
    .where(eq(organisations.assessmentId, assessmentId))
    .orderBy(asc(organisations.name))
    .all();
}

export function findOrganisation(db: Db, assessmentId: number, organisationId: number): OrganisationRow | undefined {
  return db
    .select()
    .from(organisations)
    .where(and(eq(organisations.assessmentId, assessmentId), eq(organisations.id, organisationId)))
    .get();
}

export function findOrganisationByName(db: Db, assessmentId: number, name: string): OrganisationRow | undefined {
  return db
    .select()
    .from(organisations)
    .where(and(eq(organisations.assessmentId, assessmentId), sql`lower(${organisations.name}) = lower(${name})`))
    .get();
}

export function listInvitations(db: Db, assessmentId: number, options: { organisationId?: number; includeRevoked?: boolean } = {}) {
  const conditions = [eq(invitations.assessmentId, assessmentId)];
  if (options.organisationId) conditions.push(eq(invitations.organisationId, options.organisationId));
  if (!options.includeRevoked) conditions.push(isNull(invitations.revokedAt));
  return db
    .select({
      id: invitations.id,
      organisationId: invitations.organisationId,
      organisationName: organisations.name,
      name: invitations.name,
      email: invitations.email,
      levels: invitations.levels,
      language: invitations.language,
      status: invitations.status,
      tokenSeed: invitations.tokenSeed,
      createdAt: invitations.createdAt,
      revokedAt: invitations.revokedAt,
      submittedAt: responses.submittedAt,
      updatedAt: responses.updatedAt,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(responses, eq(responses.invitationId, invitations.id))
    .where(and(...conditions))
    .orderBy(asc(organisations.name), asc(invitations.id))
    .all();
}

export function findInvitation(db: Db, assessmentId: number, invitationId: number): InvitationRecord | undefined {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.assessmentId, assessmentId), eq(invitations.id, invitationId)))
    .get();
}

/**
 * Invitations of the assessment that still count (not revoked), for response rates: counted in SQL, one row per
 * organisation, levels and status (a few hundred for 10,000 invitations), never one per invitation.
 */
export function invitationStatuses(
  database: AppDatabase,
  assessmentId: number,
): { organisationId: number; levels: string[]; status: "invited" | "started" | "submitted"; count: number }[] {
  const rows = database.sqlite
    // Grouped in the order of the invitations_facets index (migration 0007): a streaming count, no temporary tree.
    .prepare(
      "select organisation_id as organisationId, levels, status, count(*) as count from invitations where assessment_id = ? and revoked_at is null group by organisation_id, status, language, levels",
    )
    .all(assessmentId) as { organisationId: number; levels: string; status: "invited" | "started" | "submitted"; count: number }[];
  return rows.map((r) => ({ ...r, levels: JSON.parse(r.levels) as string[] }));
}

export function assessmentIdsOfCountries(db: Db, iso3: string[]): number[] {
  if (iso3.length === 0) return [];
  return db
    .select({ id: assessments.id })
    .from(assessments)
    .where(inArray(assessments.countryIso3, iso3))
    .all()
    .map((r) => r.id);
}
