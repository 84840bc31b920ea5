// Revocable public links to a published report, for ministries without an account: HMAC(server secret, seed) like
// invitation links, looked up by the token's SHA-256, so a copy of the database alone opens no report.
import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import type { ServerSecret } from "../auth/server-secret";
import { recordAudit } from "../audit/service";
import { lookupOf } from "../assessments/tokens";
import type { AppDatabase } from "../db/client";
import { reportLinks } from "../db/schema";
import { ConflictError, NotFoundError } from "../errors";

const reportLinkPurpose = "report-link";

/** Where a public report link points, below the base URL. */
export function publicReportPath(token: string): string {
  return `/p/${token}`;
}

export function reportLinkToken(secret: ServerSecret, seed: string): string {
  return secret.hmac(reportLinkPurpose, seed).toString("base64url");
}

export function createReportLink(
  deps: { database: AppDatabase; secret: ServerSecret; clock: () => Date },
  actor: Actor,
  assessment: { id: number; status: string },
  meta: { ip?: string | null } = {},
): number {
  if (assessment.status !== "published") throw new ConflictError({ key: "errors.mail.notPublished" });
  const seed = crypto.randomBytes(16).toString("base64url");
  return deps.database.sqlite.transaction(() => {
    const id = deps.database.db
      .insert(reportLinks)
      .values({
        assessmentId: assessment.id,
        tokenSeed: seed,
        tokenLookup: lookupOf(reportLinkToken(deps.secret, seed)),
        createdBy: actor.id,
        createdAt: deps.clock().toISOString(),
      })
      .returning({ id: reportLinks.id })
      .get().id;
    recordAudit(deps.database.db, {
      actor,
      action: "report_link.create",
      objectType: "assessment",
      objectId: assessment.id,
      details: { reportLinkId: id },
      ip: meta.ip,
    });
    return id;
  })();
}

export function revokeReportLink(
  deps: { database: AppDatabase; clock: () => Date },
  actor: Actor,
  assessmentId: number,
  linkId: number,
  meta: { ip?: string | null } = {},
): void {
  deps.database.sqlite.transaction(() => {
    const changed = deps.database.db
      .update(reportLinks)
      .set({ revokedAt: deps.clock().toISOString() })
      .where(and(eq(reportLinks.id, linkId), eq(reportLinks.assessmentId, assessmentId), isNull(reportLinks.revokedAt)))
      .run().changes;
    if (changed === 0) throw new NotFoundError();
    recordAudit(deps.database.db, {
      actor,
      action: "report_link.revoke",
      objectType: "assessment",
      objectId: assessmentId,
      details: { reportLinkId: linkId },
      ip: meta.ip,
    });
  })();
}

export function listReportLinks(deps: { database: AppDatabase; secret: ServerSecret }, baseUrl: string, assessmentId: number) {
  return deps.database.db
    .select()
    .from(reportLinks)
    .where(and(eq(reportLinks.assessmentId, assessmentId), isNull(reportLinks.revokedAt)))
    .orderBy(desc(reportLinks.id))
    .all()
    .map((l) => ({ id: l.id, createdAt: l.createdAt, url: `${baseUrl}${publicReportPath(reportLinkToken(deps.secret, l.tokenSeed))}` }));
}

/** The assessment a public link opens, or null (unknown, malformed, revoked). */
export function assessmentOfReportLink(database: AppDatabase, token: string): number | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = database.db
    .select({ assessmentId: reportLinks.assessmentId, revokedAt: reportLinks.revokedAt })
    .from(reportLinks)
    .where(eq(reportLinks.tokenLookup, lookupOf(token)))
    .get();
  return row && !row.revokedAt ? row.assessmentId : null;
}
