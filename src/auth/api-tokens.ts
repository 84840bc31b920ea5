// Personal API tokens: `cna_` + 32 random bytes, shown once; the database keeps a SHA-256 and a prefix to recognise it by.
import crypto from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit/service";
import type { AppDatabase } from "../db/client";
import { apiTokens } from "../db/schema";
import { NotFoundError } from "../errors";
import type { Actor } from "./policy";
import { loadActor } from "./user-repository";
import type { AccountDeps, RequestMeta } from "./user-service";

const TOKEN_PREFIX = "cna_";
/** Characters shown in lists: enough to tell tokens apart, far too few to guess the rest. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

export interface ApiTokenSummary {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function apiTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function isWellFormedApiToken(token: string): boolean {
  return /^cna_[A-Za-z0-9_-]{43}$/.test(token);
}

export function createApiToken(deps: AccountDeps, actor: Actor, name: string, meta: RequestMeta = {}): { id: number; token: string } {
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const { db } = deps.database;
  return deps.database.sqlite.transaction(() => {
    const row = db
      .insert(apiTokens)
      .values({ userId: actor.id, name, prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), tokenHash: apiTokenHash(token), createdAt: deps.clock().toISOString() })
      .returning({ id: apiTokens.id })
      .get();
    recordAudit(db, {
      actor,
      action: "api_token.create",
      objectType: "api_token",
      objectId: row.id,
      details: { name, prefix: token.slice(0, DISPLAY_PREFIX_LENGTH) },
      ip: meta.ip,
    });
    return { id: row.id, token };
  })();
}

export function listApiTokens(database: AppDatabase, userId: number): ApiTokenSummary[] {
  return database.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.id))
    .all();
}

/** Revokes one of the actor's own tokens; someone else's token is "not found", as if it did not exist. */
export function revokeApiToken(deps: AccountDeps, actor: Actor, tokenId: number, meta: RequestMeta = {}): void {
  const { db } = deps.database;
  deps.database.sqlite.transaction(() => {
    const token = db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id)))
      .get();
    if (!token) throw new NotFoundError();
    if (token.revokedAt) return;
    db.update(apiTokens).set({ revokedAt: deps.clock().toISOString() }).where(eq(apiTokens.id, tokenId)).run();
    recordAudit(db, {
      actor,
      action: "api_token.revoke",
      objectType: "api_token",
      objectId: tokenId,
      details: { name: token.name, prefix: token.prefix },
      ip: meta.ip,
    });
  })();
}

/** Whose change it is, for the audit entry: the user (on their account page) or a label (a reset link's owner). */
export type RevocationActor = { actor: Actor } | { label: string };

/**
 * Revokes every active token of `userId` and audits it as one entry; returns how many. Synchronous, so it joins the
 * caller's transaction (a password reset revokes them with the password change, or not at all).
 */
export function revokeAllApiTokens(
  deps: AccountDeps,
  userId: number,
  by: RevocationActor,
  reason: "user_request" | "password_reset",
  meta: RequestMeta = {},
): number {
  const { db } = deps.database;
  const active = db
    .select({ id: apiTokens.id, prefix: apiTokens.prefix })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .all();
  if (active.length === 0) return 0;
  db.update(apiTokens)
    .set({ revokedAt: deps.clock().toISOString() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .run();
  recordAudit(db, {
    ...("actor" in by ? { actor: by.actor } : { actor: null, actorLabel: by.label }),
    action: "api_token.revoke_all",
    objectType: "user",
    objectId: userId,
    details: { reason, tokens: active.length, prefixes: active.map((t) => t.prefix) },
    ip: meta.ip,
  });
  return active.length;
}

/** The user's tokens that still work. */
export function countActiveApiTokens(database: AppDatabase, userId: number): number {
  return database.db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .all().length;
}

/** The actor a bearer token stands for, recording its use; undefined for unknown, revoked or disabled users' tokens. */
export function authenticateApiToken(deps: AccountDeps, token: string): Actor | undefined {
  if (!isWellFormedApiToken(token)) return undefined;
  const { db } = deps.database;
  const row = db
    .select({ id: apiTokens.id, userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, apiTokenHash(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return undefined;
  const loaded = loadActor(db, row.userId);
  if (!loaded) return undefined;
  db.update(apiTokens).set({ lastUsedAt: deps.clock().toISOString() }).where(eq(apiTokens.id, row.id)).run();
  return loaded.actor;
}
