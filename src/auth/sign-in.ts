// Checking a sign-in: password, disabled accounts, and throttling of failures per (account, address) and per address.
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/service";
import { users } from "../db/schema";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";
import { emailSchema } from "./schemas";
import { defaultThrottleRules, SignInThrottle, type ThrottleRules, type ThrottleScope } from "./sign-in-throttle";
import { findUserByEmail, type UserRow } from "./user-repository";
import type { AccountDeps } from "./user-service";

export type SignInResult =
  | { outcome: "success"; user: UserRow }
  /** Wrong address or password, or a disabled account: the person is told the same in every case. */
  | { outcome: "failed" }
  | { outcome: "limited"; retryAfterSeconds: number; scope: ThrottleScope };

export interface SignInService {
  signIn(email: string, password: string, ip: string): Promise<SignInResult>;
}

export function createSignInService(deps: AccountDeps, rules: ThrottleRules = defaultThrottleRules): SignInService {
  const throttle = new SignInThrottle(deps.database, deps.clock, rules);
  const { db } = deps.database;

  return {
    async signIn(email, password, ip) {
      const key = email.trim().toLowerCase();
      const throttled = throttle.check(key, ip);
      if (throttled) return { outcome: "limited", ...throttled };

      const user = key ? findUserByEmail(db, key) : undefined;
      const isPasswordRight = await verifyPassword(password, user?.passwordHash);
      if (!user || !isPasswordRight || user.disabledAt) {
        const { imposed } = throttle.recordFailure(key, ip);
        const reason = !user ? "unknown_account" : !isPasswordRight ? "wrong_password" : "disabled";
        // What was typed is named only when it reads as an address: a password typed in the wrong field is no label.
        const label = !key ? "(empty)" : emailSchema.safeParse(key).success ? key : "(not an e-mail address)";
        recordAudit(db, {
          actor: null,
          actorLabel: label,
          action: "user.sign_in_failed",
          objectType: "user",
          objectId: user?.id ?? null,
          details: { reason },
          ip,
        });
        // Each new or longer wait is audited once (not every refused attempt, which costs an attacker nothing).
        if (imposed) {
          recordAudit(db, {
            actor: null,
            actorLabel: imposed.scope === "address" ? "(any account)" : label,
            action: "user.sign_in_throttled",
            objectType: "user",
            objectId: imposed.scope === "address" ? null : (user?.id ?? null),
            details: { scope: imposed.scope, failures: imposed.failures, waitSeconds: imposed.retryAfterSeconds },
            ip,
          });
        }
        return { outcome: "failed" };
      }

      throttle.recordSuccess(key, ip);
      if (needsRehash(user.passwordHash)) {
        db.update(users)
          .set({ passwordHash: await hashPassword(password) })
          .where(eq(users.id, user.id))
          .run();
      }
      recordAudit(db, { actor: user, action: "user.sign_in", objectType: "user", objectId: user.id, ip });
      return { outcome: "success", user };
    },
  };
}
