// The world the route matrix runs in: two assessments (one in scope, one elsewhere), a user per role column, and the
// objects route parameters point at. Rows are inserted directly, so the matrix does not depend on the services.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { issueInvitationToken, lookupOf } from "../../src/assessments/tokens";
import { reportLinkToken } from "../../src/reports/shared-links";
import { issuePasswordReset } from "../../src/auth/password-resets";
import type { AppContext } from "../../src/context";
import { apiTokenHash } from "../../src/auth/api-tokens";
import {
  apiTokens,
  assessmentMembers,
  assessments,
  evidence,
  instrumentVersions,
  invitations,
  organisations,
  outbox,
  planEntries,
  reportLinks,
  responses,
} from "../../src/db/schema";
import { ensureCountry, insertUser, type TestUser } from "./support";

export const roleNames = ["anonymous", "admin", "expertIn", "expertOut", "focalIn", "focalOut", "analystIn", "analystOut"] as const;
export type RoleName = (typeof roleNames)[number];
export type StaffRole = Exclude<RoleName, "anonymous">;

export interface RouteFixture {
  /** The assessment the "…In" users are scoped to (country LAO). */
  assessmentId: number;
  /** An assessment in another country (KEN), which the "…Out" users are scoped to. */
  otherAssessmentId: number;
  organisationId: number;
  invitationId: number;
  /** A working respondent link token of `invitationId`. */
  invitationToken: string;
  /** A page (dimension) of that invitation's questionnaire. */
  dimensionId: string;
  /** Per role, objects a route may consume (delete, revoke, re-issue) without disturbing the other roles' requests. */
  spareOrganisationIds: Record<RoleName, number>;
  spareInvitationIds: Record<RoleName, number>;
  /** An account administration routes may act on (disable, re-scope), never one of the role users. */
  targetUserId: number;
  /** A valid password-reset token of an account nobody else touches. */
  resetToken: string;
  /** Each role user's own API token (anonymous gets the admin's). */
  apiTokenIds: Record<RoleName, number>;
  /** Each role user's working API token for the /api/ requests (kept apart from `apiTokenIds`, which routes revoke). */
  apiTokens: Record<StaffRole, string>;
  /** A response (started) of the fixture assessment, from an invitation no other route touches. */
  responseId: number;
  /** A stored evidence file of the response of `invitationToken` (readable by its respondent and raw-data staff). */
  evidenceId: number;
  /** Per role, a piece of evidence of that response a route may remove. */
  spareEvidenceIds: Record<RoleName, number>;
  /** An entry of the fixture assessment's action plan. */
  planEntryId: number;
  /** A failed message in the fixture assessment's outbox (queuing it again is harmless to repeat). */
  outboxMessageId: number;
  /** A public link to a published assessment's report, and an invitation link of that assessment. */
  publicReportToken: string;
  publishedInvitationToken: string;
  /** Per role, a public report link of the fixture assessment a route may revoke. */
  spareReportLinkIds: Record<RoleName, number>;
  /** The id of the instrument the fixture assessments use. */
  instrumentId: string;
  users: Record<StaffRole, TestUser>;
}

/** Pins the first instrument the app offers, so pages that read the questionnaire work; an empty one if there is none. */
function pinInstrument(context: AppContext): { version: string; instrumentId: string; levels: string[]; dimensionId: string } {
  const instrument = context.instruments.list()[0];
  if (instrument) {
    context.instruments.pin(context.database, instrument);
    return {
      version: instrument.version,
      instrumentId: instrument.id,
      levels: instrument.levels.map((l) => l.id),
      dimensionId: instrument.levels[0].dimensions[0].id,
    };
  }
  context.database.db
    .insert(instrumentVersions)
    .values({ version: "route-matrix", instrumentId: "route-matrix", title: "Route matrix", content: "{}" })
    .onConflictDoNothing()
    .run();
  return { version: "route-matrix", instrumentId: "route-matrix", levels: [], dimensionId: "none" };
}

export function buildRouteFixture(context: AppContext): RouteFixture {
  const { db } = context.database;
  ensureCountry(context, "LAO", "Lao People's Democratic Republic");
  ensureCountry(context, "KEN", "Kenya");
  const instrument = pinInstrument(context);
  const addAssessment = (countryIso3: string, roundLabel: string) =>
    db
      .insert(assessments)
      .values({
        countryIso3,
        instrumentVersion: instrument.version,
        instrumentId: instrument.instrumentId,
        roundLabel,
        levels: instrument.levels,
        languages: ["en"],
      })
      .returning({ id: assessments.id })
      .get().id;
  const assessmentId = addAssessment("LAO", "route-matrix");
  const otherAssessmentId = addAssessment("KEN", "route-matrix");

  const users: Record<StaffRole, TestUser> = {
    admin: insertUser(context, { role: "admin" }),
    expertIn: insertUser(context, { role: "expert" }),
    expertOut: insertUser(context, { role: "expert" }),
    focalIn: insertUser(context, { role: "focal_point", countries: ["LAO"] }),
    focalOut: insertUser(context, { role: "focal_point", countries: ["KEN"] }),
    analystIn: insertUser(context, { role: "analyst" }),
    analystOut: insertUser(context, { role: "analyst" }),
  };
  db.insert(assessmentMembers)
    .values([
      { assessmentId, userId: users.expertIn.id, role: "owner" },
      { assessmentId, userId: users.analystIn.id, role: "analyst" },
      { assessmentId: otherAssessmentId, userId: users.expertOut.id, role: "owner" },
      { assessmentId: otherAssessmentId, userId: users.analystOut.id, role: "analyst" },
    ])
    .run();

  const addOrganisation = (name: string) =>
    db.insert(organisations).values({ assessmentId, name, type: "ministry" }).returning({ id: organisations.id }).get().id;
  const addInvitation = (organisationId: number) => {
    const issued = issueInvitationToken(context.secret);
    const id = db
      .insert(invitations)
      .values({ assessmentId, organisationId, levels: instrument.levels.slice(0, 1), language: "en", tokenSeed: issued.seed, tokenLookup: issued.lookup })
      .returning({ id: invitations.id })
      .get().id;
    return { id, token: issued.token };
  };
  const organisationId = addOrganisation("Ministry of Finance");
  const invitation = addInvitation(organisationId);
  const spareOrganisationIds = {} as Record<RoleName, number>;
  const spareInvitationIds = {} as Record<RoleName, number>;
  for (const role of roleNames) {
    spareOrganisationIds[role] = addOrganisation(`Spare organisation for ${role}`);
    spareInvitationIds[role] = addInvitation(organisationId).id;
  }

  const apiTokenIds = {} as Record<RoleName, number>;
  for (const role of roleNames) {
    const owner = users[role === "anonymous" ? "admin" : role];
    apiTokenIds[role] = db
      .insert(apiTokens)
      .values({ userId: owner.id, name: `${role} token`, prefix: "cna_test", tokenHash: crypto.randomBytes(32).toString("hex") })
      .returning({ id: apiTokens.id })
      .get().id;
  }

  const workingApiTokens = {} as Record<StaffRole, string>;
  for (const [role, user] of Object.entries(users) as [StaffRole, TestUser][]) {
    const token = `cna_${crypto.randomBytes(32).toString("base64url")}`;
    db.insert(apiTokens)
      .values({ userId: user.id, name: `${role} API matrix token`, prefix: token.slice(0, 12), tokenHash: apiTokenHash(token) })
      .run();
    workingApiTokens[role] = token;
  }
  const responseId = db
    .insert(responses)
    .values({ invitationId: addInvitation(organisationId).id, assessmentId, organisationId })
    .returning({ id: responses.id })
    .get().id;

  // Evidence of the main invitation's response: one stored file, and a link per role to remove.
  const evidenceResponseId = db
    .insert(responses)
    .values({ invitationId: invitation.id, assessmentId, organisationId })
    .returning({ id: responses.id })
    .get().id;
  const evidenceBytes = Buffer.from("route matrix evidence\n");
  const evidenceDigest = crypto.createHash("sha256").update(evidenceBytes).digest("hex");
  fs.mkdirSync(path.join(context.config.dataDir, "evidence", evidenceDigest.slice(0, 2)), { recursive: true });
  fs.writeFileSync(path.join(context.config.dataDir, "evidence", evidenceDigest.slice(0, 2), evidenceDigest), evidenceBytes);
  const addEvidence = (values: Partial<typeof evidence.$inferInsert>) =>
    db
      .insert(evidence)
      .values({ responseId: evidenceResponseId, assessmentId, itemId: "route-matrix-item", kind: "link", createdAt: new Date().toISOString(), ...values })
      .returning({ id: evidence.id })
      .get().id;
  const evidenceId = addEvidence({ kind: "file", fileName: "minutes.txt", mime: "text/plain", size: evidenceBytes.length, sha256: evidenceDigest });
  const spareEvidenceIds = {} as Record<RoleName, number>;
  for (const role of roleNames) spareEvidenceIds[role] = addEvidence({ url: `https://example.org/${role}` });

  const planEntryId = db
    .insert(planEntries)
    .values({
      assessmentId,
      title: "Adopt a data governance policy",
      leadOrganisation: "Ministry of Digital Economy",
      fundingSource: "government",
      indicator: "Current level of the dimension",
      baselineKind: "share",
      baselineValue: 40,
      status: "planned",
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    })
    .returning({ id: planEntries.id })
    .get().id;

  const outboxMessageId = db
    .insert(outbox)
    .values({
      assessmentId,
      invitationId: invitation.id,
      kind: "invitation",
      recipient: "matrix@example.org",
      language: "en",
      subject: "s",
      textBody: "t",
      htmlBody: "h",
      messageId: "<route-matrix@example.org>",
      status: "failed",
      nextAttemptAt: new Date().toISOString(),
      createdAt: new Date().toISOString(),
    })
    .returning({ id: outbox.id })
    .get().id;

  const publishedId = addAssessment("LAO", "route-matrix published");
  db.update(assessments).set({ status: "published" }).where(eq(assessments.id, publishedId)).run();
  const addReportLink = (forAssessment: number) => {
    const seed = crypto.randomBytes(16).toString("base64url");
    const token = reportLinkToken(context.secret, seed);
    const id = db
      .insert(reportLinks)
      .values({ assessmentId: forAssessment, tokenSeed: seed, tokenLookup: lookupOf(token), createdAt: new Date().toISOString() })
      .returning({ id: reportLinks.id })
      .get().id;
    return { id, token };
  };
  const publicReportToken = addReportLink(publishedId).token;
  const spareReportLinkIds = {} as Record<RoleName, number>;
  for (const role of roleNames) spareReportLinkIds[role] = addReportLink(assessmentId).id;
  const publishedOrganisation = db
    .insert(organisations)
    .values({ assessmentId: publishedId, name: "Published ministry", type: "ministry" })
    .returning({ id: organisations.id })
    .get().id;
  const publishedIssued = issueInvitationToken(context.secret);
  db.insert(invitations)
    .values({
      assessmentId: publishedId,
      organisationId: publishedOrganisation,
      levels: instrument.levels.slice(0, 1),
      language: "en",
      tokenSeed: publishedIssued.seed,
      tokenLookup: publishedIssued.lookup,
    })
    .run();

  const target = insertUser(context, { role: "expert" });
  const resetOwner = insertUser(context, { role: "analyst" });
  const { token: resetToken } = issuePasswordReset({ database: context.database, clock: context.clock }, { label: "route matrix" }, resetOwner.id);

  return {
    assessmentId,
    otherAssessmentId,
    organisationId,
    invitationId: invitation.id,
    invitationToken: invitation.token,
    dimensionId: instrument.dimensionId,
    spareOrganisationIds,
    spareInvitationIds,
    targetUserId: target.id,
    resetToken,
    apiTokenIds,
    apiTokens: workingApiTokens,
    responseId,
    instrumentId: instrument.instrumentId,
    outboxMessageId,
    evidenceId,
    spareEvidenceIds,
    planEntryId,
    publicReportToken,
    publishedInvitationToken: publishedIssued.token,
    spareReportLinkIds,
    users,
  };
}
