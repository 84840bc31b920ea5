// Invitation link tokens: HMAC(server secret, random seed). The database keeps the seed and a SHA-256 of the token
// for look-up, so a copy of the database alone cannot produce a working link; staff can re-display links at any time.
import crypto from "node:crypto";
import type { ServerSecret } from "../auth/server-secret";

const purpose = "invitation-link";

export interface IssuedToken {
  seed: string;
  lookup: string;
  token: string;
}

/** 128 random bits from the CSPRNG seed a 256-bit HMAC, written as 43 base64url characters. */
export function issueInvitationToken(secret: ServerSecret): IssuedToken {
  const seed = crypto.randomBytes(16).toString("base64url");
  const token = tokenFromSeed(secret, seed);
  return { seed, token, lookup: lookupOf(token) };
}

export function tokenFromSeed(secret: ServerSecret, seed: string): string {
  return secret.hmac(purpose, seed).toString("base64url");
}

export function lookupOf(token: string): string {
  // The one-shot hash (Node ≥ 20.12) skips building a Hash object: every page view and autosave computes one.
  return crypto.hash ? crypto.hash("sha256", token, "hex") : crypto.createHash("sha256").update(token).digest("hex");
}

/** Tokens have one shape; anything else is refused before touching the database. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl}/r/${token}`;
}
