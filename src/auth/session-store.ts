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
/**
 * A request extends the idle lifetime by writing when the session was last seen; within this long of the last write it
 * does not write again, so reading pages costs no write each time. The idle end is then at most this much early.
 */
const TOUCH_GRANULARITY_MS = 60 * 1000;

interface SessionRow {
  data: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** Every signed-in request reads its session, and some extend it: named statements (decision 010), prepared once. */
interface SessionStatements {
  read: { get(sid: string): unknown };
  extend: { run(lastSeenAt: number, expiresAt: number, sid: string): unknown };
}

type Callback = (err?: unknown) => void;

export class SqliteSessionStore extends session.Store {
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private lastPurge = 0;
  private readonly statements: SessionStatements;

  constructor(options: SessionStoreOptions) {
    super();
    this.db = options.database.db;
    this.statements = {
      read: options.database.sqlite.prepare(
        "select data, created_at as createdAt, last_seen_at as lastSeenAt, expires_at as expiresAt from sessions where id = ?",
      ),
      extend: options.database.sqlite.prepare("update sessions set last_seen_at = ?, expires_at = ? where id = ?"),
    };
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
      const row = this.statements.read.get(sid) as SessionRow | undefined;
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
    const row = this.statements.read.get(sid) as SessionRow | undefined;
    if (row && row.expiresAt > now && now - row.lastSeenAt >= TOUCH_GRANULARITY_MS) {
      this.statements.extend.run(now, this.expiryFor(row.createdAt, now), sid);
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
