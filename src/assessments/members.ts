// Who works on an assessment besides admins and the country's focal points: the owner, co-running experts and
// analysts granted to read its results. Grants are stored (assessment_members), never inferred.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../auth/policy";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import { assessmentMembers, users } from "../db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { requireAssessment, type AssessmentDeps } from "./service";

export const memberRoles = ["expert", "analyst"] as const;

const NOT_GRANTABLE = "no account that can be given this access has this address: check it, or ask an administrator";

export const addMemberSchema = z.object({
  email: z
    .email({ message: "must be the e-mail address of an existing account" })
    .trim()
    .toLowerCase()
    .max(254, "must be the e-mail address of an existing account"),
  role: z.enum(memberRoles, { message: `must be one of: ${memberRoles.join(", ")}` }),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export interface AssessmentMember {
  userId: number;
  email: string;
  name: string;
  accountRole: string;
  role: "owner" | "expert" | "analyst";
  /** An analyst member opened to individual answers and comments. */
  rawData: boolean;
  isDisabled: boolean;
}

/**
 * Grants an account a role on the assessment (or changes its grant), by its exact e-mail address (no list of accounts
 * is ever shown). An expert account may run it or read it; an analyst account may only read; admins and focal points
 * need no grant (their role or country already scopes them).
 */
export function addMember(deps: AssessmentDeps, actor: Actor, assessmentId: number, input: AddMemberInput, meta: { ip?: string | null } = {}): void {
  requireAssessment(deps, assessmentId);
  const { db } = deps.database;
  deps.database.sqlite
    .transaction(() => {
      const user = db.select({ id: users.id, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.email, input.email)).get();
      // One answer for every address that cannot take this grant (unknown, disabled, an administrator or focal point,
      // an analyst asked to run the assessment): the form must not tell who has an account, or which role.
      const grantable = user && !user.disabledAt && (user.role === "expert" || (user.role === "analyst" && input.role === "analyst"));
      if (!user || !grantable) throw new InvalidInputError("email: cannot be granted this access", { email: NOT_GRANTABLE });
      const current = db
        .select({ role: assessmentMembers.role })
        .from(assessmentMembers)
        .where(and(eq(assessmentMembers.assessmentId, assessmentId), eq(assessmentMembers.userId, user.id)))
        .get();
      if (current?.role === "owner") throw new ConflictError({ key: "errors.member.ownerRoleFixed" });
      db.insert(assessmentMembers)
        .values({ assessmentId, userId: user.id, role: input.role })
        // A changed role starts without raw data: opening it is a decision about this reader in this role.
        .onConflictDoUpdate({
          target: [assessmentMembers.assessmentId, assessmentMembers.userId],
          set: { role: input.role, rawData: current?.role === input.role ? sql`${assessmentMembers.rawData}` : false },
        })
        .run();
      recordAudit(db, {
        actor,
        action: "assessment.member.grant",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: { userId: user.id, email: input.email, role: input.role, before: current?.role ?? null },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}

export function removeMember(deps: AssessmentDeps, actor: Actor, assessmentId: number, userId: number, meta: { ip?: string | null } = {}): void {
  const { db } = deps.database;
  deps.database.sqlite
    .transaction(() => {
      const current = db
        .select({ role: assessmentMembers.role })
        .from(assessmentMembers)
        .where(and(eq(assessmentMembers.assessmentId, assessmentId), eq(assessmentMembers.userId, userId)))
        .get();
      // Removing a grant that is not there changes nothing (a repeated click): no error, no audit entry.
      if (!current) return;
      if (current.role === "owner") throw new ConflictError({ key: "errors.member.ownerRemoval" });
      db.delete(assessmentMembers)
        .where(and(eq(assessmentMembers.assessmentId, assessmentId), eq(assessmentMembers.userId, userId)))
        .run();
      recordAudit(db, {
        actor,
        action: "assessment.member.revoke",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: { userId, role: current.role },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}

/** One member of the assessment (with their account), or undefined when the account holds no grant on it. */
export function findMember(database: AppDatabase, assessmentId: number, userId: number): AssessmentMember | undefined {
  const row = database.sqlite
    .prepare(
      `select u.id as userId, u.email, u.name, u.role as accountRole, m.role, m.raw_data as rawData, u.disabled_at as disabledAt
       from assessment_members m join users u on u.id = m.user_id where m.assessment_id = ? and m.user_id = ?`,
    )
    .get(assessmentId, userId) as (Omit<AssessmentMember, "rawData" | "isDisabled"> & { rawData: number; disabledAt: string | null }) | undefined;
  if (!row) return undefined;
  const { rawData, disabledAt, ...member } = row;
  return { ...member, rawData: Boolean(rawData), isDisabled: disabledAt !== null };
}

export const rawDataGrantSchema = z.object({ grant: z.enum(["0", "1"], { message: "must be 0 or 1" }) });

/**
 * Opens (or closes) an analyst member's access to the assessment's raw data: individual answers (exports, API) and
 * comments. Experts and owners hold it by their role; only analyst members are granted it, one assessment at a time.
 */
export function setRawDataGrant(
  deps: AssessmentDeps,
  actor: Actor,
  assessmentId: number,
  userId: number,
  grant: boolean,
  meta: { ip?: string | null } = {},
): void {
  const { db } = deps.database;
  deps.database.sqlite
    .transaction(() => {
      const current = db
        .select({ role: assessmentMembers.role, rawData: assessmentMembers.rawData })
        .from(assessmentMembers)
        .where(and(eq(assessmentMembers.assessmentId, assessmentId), eq(assessmentMembers.userId, userId)))
        .get();
      if (!current) throw new NotFoundError({ key: "errors.member.notFound" });
      if (current.role !== "analyst") throw new ConflictError({ key: "errors.member.rawDataRunners" });
      // A repeated click changes nothing and records nothing.
      if (current.rawData === grant) return;
      db.update(assessmentMembers)
        .set({ rawData: grant })
        .where(and(eq(assessmentMembers.assessmentId, assessmentId), eq(assessmentMembers.userId, userId)))
        .run();
      recordAudit(db, {
        actor,
        action: grant ? "assessment.member.raw_data.grant" : "assessment.member.raw_data.revoke",
        objectType: "assessment",
        objectId: String(assessmentId),
        details: { userId },
        ip: meta.ip ?? null,
      });
    })
    .immediate();
}
