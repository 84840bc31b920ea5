// Single-use password links issued by an administrator: 32 random bytes in the link, only a SHA-256 in the database.
import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit/service";
import { passwordResets } from "../db/schema";
import { revokeAllApiTokens } from "./api-tokens";
import { findUserById } from "./user-repository";
import { auditActor, storeNewPassword, type AccountDeps, type ChangeActor, type RequestMeta } from "./user-service";

export const RESET_LIFETIME_HOURS = 24;

export function resetTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function isWellFormedResetToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function resetLink(baseUrl: string, token: string): string {
  return `${baseUrl}/reset/${token}`;
}

export interface IssuedReset {
  token: string;
  expiresAt: Date;
}

/** Issues a new link for `userId`; links issued before and not yet used stop working. */
export function issuePasswordReset(deps: AccountDeps, actor: ChangeActor, userId: number, meta: RequestMeta = {}): IssuedReset {
  const { db } = deps.database;
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(deps.clock().getTime() + RESET_LIFETIME_HOURS * 3_600_000);
  deps.database.sqlite.transaction(() => {
    const user = findUserById(db, userId);
    if (!user) throw new Error(`No user ${userId}`);
    db.delete(passwordResets)
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
      .run();
    db.insert(passwordResets)
      .values({
        userId,
        tokenHash: resetTokenHash(token),
        createdBy: "label" in actor ? null : actor.id,
        createdAt: deps.clock().toISOString(),
        expiresAt: expiresAt.toISOString(),
      })
      .run();
    recordAudit(db, {
      ...auditActor(actor),
      action: "password_reset.issue",
      objectType: "user",
      objectId: userId,
      details: { email: user.email, expiresAt: expiresAt.toISOString() },
      ip: meta.ip,
    });
  })();
  return { token, expiresAt };
}

export interface ValidReset {
  resetId: number;
  userId: number;
  email: string;
}

/** The reset a link stands for, when it is unused, unexpired and its user is enabled. */
export function findValidReset(deps: AccountDeps, token: string): ValidReset | undefined {
  if (!isWellFormedResetToken(token)) return undefined;
  const { db } = deps.database;
  const reset = db
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, resetTokenHash(token)))
    .get();
  if (!reset || reset.usedAt || Date.parse(reset.expiresAt) <= deps.clock().getTime()) return undefined;
  const user = findUserById(db, reset.userId);
  if (!user || user.disabledAt) return undefined;
  return { resetId: reset.id, userId: user.id, email: user.email };
}

/**
 * Sets the password through a link and spends the link, in one transaction; false when the link was spent,
 * expired or withdrawn meanwhile (two tabs submitting at once get one success).
 */
export function completePasswordReset(deps: AccountDeps, token: string, passwordHash: string, meta: RequestMeta = {}): boolean {
  const { db } = deps.database;
  return deps.database.sqlite.transaction(() => {
    const reset = findValidReset(deps, token);
    if (!reset) return false;
    const spent = db
      .update(passwordResets)
      .set({ usedAt: deps.clock().toISOString() })
      .where(and(eq(passwordResets.id, reset.resetId), isNull(passwordResets.usedAt)))
      .run();
    if (spent.changes !== 1) return false;
    // A reset link is what someone uses who may have lost control of the account: every session and API token ends.
    storeNewPassword(deps, reset.userId, passwordHash);
    recordAudit(db, { actor: null, actorLabel: reset.email, action: "password_reset.use", objectType: "user", objectId: reset.userId, ip: meta.ip });
    revokeAllApiTokens(deps, reset.userId, { label: reset.email }, "password_reset", meta);
    return true;
  })();
}
