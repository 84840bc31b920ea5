// Which assessments an actor may list, as a SQL condition on `assessments`, so a list never fetches what it may not show.
// It mirrors policy.ts: a row passes the filter exactly when can(actor, "assessment.read", row) holds (a test checks).
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AppDatabase } from "../db/client";
import { assessmentMembers, assessments, userCountries } from "../db/schema";
import type { Actor } from "./policy";

/** A condition for `where(...)` on a query over `assessments`; undefined means "no restriction" (administrators). */
export function visibleAssessmentsCondition(database: AppDatabase, actor: Actor | null | undefined): SQL | undefined {
  if (!actor) return sql`0`;
  const { db } = database;
  switch (actor.role) {
    case "admin":
      return undefined;
    case "expert":
    case "analyst":
      // Experts see what they own or co-run and what they were granted to read; analysts what they were granted.
      return inArray(assessments.id, db.select({ id: assessmentMembers.assessmentId }).from(assessmentMembers).where(eq(assessmentMembers.userId, actor.id)));
    case "focal_point":
      return inArray(assessments.countryIso3, db.select({ iso3: userCountries.countryIso3 }).from(userCountries).where(eq(userCountries.userId, actor.id)));
    default:
      return sql`0`;
  }
}

/** What the lists show (pages, API, portfolio): the visible assessments that are not archived. Archived ones stay readable by id. */
export function listedAssessmentsCondition(database: AppDatabase, actor: Actor | null | undefined): SQL | undefined {
  return and(visibleAssessmentsCondition(database, actor), isNull(assessments.archivedAt));
}

/** The ids of the assessments `actor` may list, for callers that work with ids rather than a query. */
export function visibleAssessmentIds(database: AppDatabase, actor: Actor | null | undefined): number[] {
  const condition = visibleAssessmentsCondition(database, actor);
  return database.db
    .select({ id: assessments.id })
    .from(assessments)
    .where(condition)
    .orderBy(assessments.id)
    .all()
    .map((row) => row.id);
}
