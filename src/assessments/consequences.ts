// The figures a confirmation states before an action that cannot be taken back lightly (web/pages.ts `confirm`):
// how many invitation links a close or a publication touches, how many public report links stop working.
import { and, count, eq, isNull, ne } from "drizzle-orm";
import type { AppDatabase } from "../db/client";
import { invitations, reportLinks, responses } from "../db/schema";

export interface InvitationFigures {
  /** Links that work (not withdrawn). */
  active: number;
  /** Of those, questionnaires not yet submitted. */
  unsubmitted: number;
}

export function invitationFigures(database: AppDatabase, assessmentId: number): InvitationFigures {
  const working = and(eq(invitations.assessmentId, assessmentId), isNull(invitations.revokedAt));
  const active = database.db.select({ n: count() }).from(invitations).where(working).get()?.n ?? 0;
  const unsubmitted =
    database.db
      .select({ n: count() })
      .from(invitations)
      .where(and(working, ne(invitations.status, "submitted")))
      .get()?.n ?? 0;
  return { active, unsubmitted };
}

/** What removing an organisation takes with it: its invitations (their links), and its responses (which refuse it). */
export function organisationFigures(database: AppDatabase, organisationId: number): { invitations: number; responses: number } {
  const of = (table: typeof invitations | typeof responses) =>
    database.db.select({ n: count() }).from(table).where(eq(table.organisationId, organisationId)).get()?.n ?? 0;
  return { invitations: of(invitations), responses: of(responses) };
}

/** Public report links that work. */
export function activeReportLinks(database: AppDatabase, assessmentId: number): number {
  return (
    database.db
      .select({ n: count() })
      .from(reportLinks)
      .where(and(eq(reportLinks.assessmentId, assessmentId), isNull(reportLinks.revokedAt)))
      .get()?.n ?? 0
  );
}

/** What closing, publishing or unpublishing states first (a confirmation of web/pages.ts, structurally). */
export function lifecycleConfirmation(database: AppDatabase, assessmentId: number, transition: string) {
  const back = `/assessments/${assessmentId}`;
  if (transition === "close") {
    const figures = invitationFigures(database, assessmentId);
    return {
      actionKey: "confirm.action.close",
      back,
      consequences: [
        { key: "confirm.close.invitations", params: { count: figures.active } },
        { key: "confirm.close.unsubmitted", params: { count: figures.unsubmitted } },
      ],
    };
  }
  if (transition === "publish")
    return {
      actionKey: "confirm.action.publish",
      back,
      consequences: [{ key: "confirm.publish.invitations", params: { count: invitationFigures(database, assessmentId).active } }],
    };
  if (transition === "unpublish")
    return {
      actionKey: "confirm.action.unpublish",
      back,
      consequences: [
        { key: "confirm.unpublish.links", params: { count: activeReportLinks(database, assessmentId) } },
        { key: "confirm.unpublish.invitations", params: { count: invitationFigures(database, assessmentId).active } },
      ],
    };
  return undefined;
}
