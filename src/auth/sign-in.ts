// Checking a sign-in: password, disabled accounts, and limits on failed attempts per account and per address.
import { eq } from "drizzle-orm";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { recordAudit } from "../audit/service";
import { users } from "../db/schema";
import { hashPassword, needsRehash, verifyPassword } from "./passwords";
import { emailSchema } from "./schemas";
import { findUserByEmail, type UserRow } from "./user-repository";
import type { AccountDeps } from "./user-service";

export interface AttemptLimit {
  /** Failed attempts allowed within the window. */
  points: number;
  durationSeconds: number;
}

export interface SignInLimits {
  perAccount: AttemptLimit;
  perAddress: AttemptLimit;
}

/** Five guesses per account and twenty per address every quarter of an hour: slow for an attacker, rarely felt by people. */
export const defaultSignInLimits: SignInLimits = {
  perAccount: { points: 5, durationSeconds: 15 * 60 },
  perAddress: { points: 20, durationSeconds: 15 * 60 },
};

export type SignInResult =
  | { outcome: "success"; user: UserRow }
  /** Wrong address or password, or a disabled account: the person is told the same in every case. */
  | { outcome: "failed" }
  | { outcome: "limited"; retryAfterSeconds: number };

export interface SignInService {
  signIn(email: string, password: string, ip: string): Promise<SignInResult>;
}

export function createSignInService(deps: AccountDeps, limits: SignInLimits = defaultSignInLimits): SignInService {
  const perAccount = new RateLimiterMemory({ keyPrefix: "sign-in-account", points: limits.perAccount.points, duration: limits.perAccount.durationSeconds });
  const perAddress = new RateLimiterMemory({ keyPrefix: "sign-in-address", points: limits.perAddress.points, duration: limits.perAddress.durationSeconds });
  const { db } = deps.database;

  /** Seconds until a new attempt is allowed, or 0 when neither limit is exhausted. */
  async function blockedFor(email: string, ip: string): Promise<number> {
    const [account, address] = await Promise.all([email ? perAccount.get(email) : null, perAddress.get(ip)]);
    const waits = [
      account && account.consumedPoints >= limits.perAccount.points ? account.msBeforeNext : 0,
      address && address.consumedPoints >= limits.perAddress.points ? address.msBeforeNext : 0,
    ];
    return Math.ceil(Math.max(...waits) / 1000);
  }

  return {
    async signIn(email, password, ip) {
      const key = email.trim().toLowerCase();
      const wait = await blockedFor(key, ip);
      if (wait > 0) return { outcome: "limited", retryAfterSeconds: wait };

      const user = key ? findUserByEmail(db, key) : undefined;
      const isPasswordRight = await verifyPassword(password, user?.passwordHash);
      if (!user || !isPasswordRight || user.disabledAt) {
        // An empty address names no account: it counts against the address only.
        await Promise.all([key ? perAccount.penalty(key) : null, perAddress.penalty(ip)]);
        const reason = !user ? "unknown_account" : !isPasswordRight ? "wrong_password" : "disabled";
        // What was typed is named only when it reads as an address: a password typed in the wrong field is no label.
        const label = !key ? "(empty)" : emailSchema.safeParse(key).success ? key : "(not an e-mail address)";
        recordAudit(db, { actor: null, actorLabel: label, action: "user.sign_in_failed", objectType: "user", objectId: user?.id ?? null, details: { reason }, ip });
        return { outcome: "failed" };
      }

      await perAccount.delete(key);
      if (needsRehash(user.passwordHash)) {
        db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id)).run();
      }
      recordAudit(db, { actor: user, action: "user.sign_in", objectType: "user", objectId: user.id, ip });
      return { outcome: "success", user };
    },
  };
}
