// Server-side sessions in the `sessions` table, with an idle and an absolute lifetime measured by the app's clock.
import { and, count, eq, lte, ne } from "drizzle-orm";
import session, { type SessionData } from "express-session";
import type { AppDatabase, Db } from "../db/client";
import { sessions } from "../db/schema";

export interface SessionStoreOptions {
  database: AppDatabase;
  clock: () => Date;
  idleMinutes: number;
  absoluteHours: number;
}

/** Expired rows are deleted at most this often, during ordinary writes (no timer to keep the process alive). */
const PURGE_INTERVAL_MS = 5 * 60 * 1000;

type Callback = (err?: unknown) => void;

export class SqliteSessionStore extends session.Store {
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private lastPurge = 0;

  constructor(options: SessionStoreOptions) {
    super();
    this.db = options.database.db;
    this.clock = options.clock;
    this.idleMs = options.idleMinutes * 60_000;
    this.absoluteMs = options.absoluteHours * 3_600_000;
  }

  private now(): number {
    return this.clock().getTime();
  }

  /** The session ends at the earlier of: idle time after the last request, absolute time after sign-in. */
  private expiryFor(createdAt: number, lastSeenAt: number): number {
    return Math.min(lastSeenAt + this.idleMs, createdAt + this.absoluteMs);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.db.select().from(sessions).where(eq(sessions.id, sid)).get();
      if (!row) return callback(null, null);
      if (row.expiresAt <= this.now()) {
        this.db.delete(sessions).where(eq(sessions.id, sid)).run();
        return callback(null, null);
      }
      callback(null, JSON.parse(row.data) as SessionData);
    } catch (error) {
      callback(error);
    }
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    try {
      const now = this.now();
      const existing = this.db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, sid)).get();
      const createdAt = existing?.createdAt ?? now;
      const values = {
        data: JSON.stringify(data),
        userId: data.userId ?? null,
        lastSeenAt: now,
        expiresAt: this.expiryFor(createdAt, now),
      };
      this.db
        .insert(sessions)
        .values({ id: sid, createdAt, ...values })
        .onConflictDoUpdate({ target: sessions.id, set: values })
        .run();
      this.purgeExpiredNowAndThen(now);
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  override touch(sid: string, _data: SessionData, callback?: () => void): void {
    const now = this.now();
    const row = this.db.select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, sid)).get();
    if (row && row.expiresAt > now) {
      this.db
        .update(sessions)
        .set({ lastSeenAt: now, expiresAt: this.expiryFor(row.createdAt, now) })
        .where(eq(sessions.id, sid))
        .run();
    }
    callback?.();
  }

  override destroy(sid: string, callback?: Callback): void {
    try {
      this.db.delete(sessions).where(eq(sessions.id, sid)).run();
      callback?.();
    } catch (error) {
      callback?.(error);
    }
  }

  override clear(callback?: Callback): void {
    this.db.delete(sessions).run();
    callback?.();
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    callback(null, this.db.select({ n: count() }).from(sessions).get()?.n ?? 0);
  }

  /** Deletes every expired row; returns how many. */
  purgeExpired(now = this.now()): number {
    this.lastPurge = now;
    return this.db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
  }

  private purgeExpiredNowAndThen(now: number): void {
    if (now - this.lastPurge >= PURGE_INTERVAL_MS) this.purgeExpired(now);
  }
}

/** Ends a user's sessions (disabled, password changed or reset), except optionally the one making the change. */
export function destroyUserSessions(db: Db, userId: number, exceptSessionId?: string): number {
  const condition = exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId);
  return db.delete(sessions).where(condition).run().changes;
}
