// The outbox table: messages are queued in the transaction of the change that causes them, then claimed, sent and
// marked by the worker (worker.ts). Each state change is one UPDATE guarded by the state it leaves.
import crypto from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { AppDatabase, Db } from "../db/client";
import { outbox, type OutboxKind, type OutboxStatus } from "../db/schema";

export type OutboxRow = typeof outbox.$inferSelect;

export interface QueuedMessage {
  kind: OutboxKind;
  recipient: string;
  language: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  linkRef?: string | null;
  assessmentId?: number | null;
  invitationId?: number | null;
  userId?: number | null;
  tag?: string | null;
  createdBy?: number | null;
}

/** A Message-ID in the domain of the sender (or of the site), chosen once per message. */
export function newMessageId(domain: string): string {
  return `<${crypto.randomUUID()}@${domain}>`;
}

/** Queues a message. Synchronous, so it can join the transaction of the change it belongs to. */
export function enqueue(db: Db, message: QueuedMessage, now: Date, domain: string): number {
  return db
    .insert(outbox)
    .values({
      ...message,
      linkRef: message.linkRef ?? null,
      messageId: newMessageId(domain),
      status: "queued",
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    })
    .returning({ id: outbox.id })
    .get().id;
}

/**
 * Claims the next message due (queued, its next attempt time come): queued → sending, one more attempt, the claim
 * time noted. One UPDATE, so two drainers never take the same message.
 */
export function claimNext(database: AppDatabase, now: Date): OutboxRow | undefined {
  const row = database.sqlite
    .prepare(
      `update outbox set status = 'sending', attempts = attempts + 1, claimed_at = ?
       where id = (select id from outbox where status = 'queued' and next_attempt_at <= ? order by next_attempt_at, id limit 1)
       returning id`,
    )
    .get(now.toISOString(), now.toISOString()) as { id: number } | undefined;
  return row ? database.db.select().from(outbox).where(eq(outbox.id, row.id)).get() : undefined;
}

export function markSent(database: AppDatabase, id: number, now: Date): void {
  database.db
    .update(outbox)
    .set({ status: "sent", sentAt: now.toISOString(), lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending")))
    .run();
}

export function markRetry(database: AppDatabase, id: number, error: string, nextAttemptAt: Date): void {
  database.db
    .update(outbox)
    .set({ status: "queued", lastError: error, nextAttemptAt: nextAttemptAt.toISOString(), claimedAt: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending")))
    .run();
}

export function markFailed(database: AppDatabase, id: number, error: string): void {
  database.db
    .update(outbox)
    .set({ status: "failed", lastError: error, claimedAt: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending")))
    .run();
}

/**
 * Messages claimed before `staleBefore` and never marked: the process stopped during the attempt, perhaps after the
 * server accepted the message. They are not sent again by themselves (that could deliver a second copy): they fail
 * with a note naming their Message-ID, and an expert may queue them again after checking. Returns how many.
 */
export function failInterrupted(database: AppDatabase, staleBefore: Date): number {
  return database.sqlite
    .prepare(
      `update outbox set status = 'failed', claimed_at = null,
         last_error = 'interrupted while sending: it may have been delivered (Message-ID ' || message_id || '); queue it again only if the recipient did not get it'
       where status = 'sending' and claimed_at < ?`,
    )
    .run(staleBefore.toISOString()).changes;
}

/** Puts a failed message back in the queue (an expert's decision), with the same Message-ID. */
export function requeue(database: AppDatabase, id: number, now: Date): boolean {
  return (
    database.db
      .update(outbox)
      .set({ status: "queued", nextAttemptAt: now.toISOString() })
      .where(and(eq(outbox.id, id), eq(outbox.status, "failed")))
      .run().changes === 1
  );
}

export function findMessage(db: Db, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

export function listAssessmentOutbox(db: Db, assessmentId: number, options: { status?: OutboxStatus; limit?: number } = {}): OutboxRow[] {
  const conditions = [eq(outbox.assessmentId, assessmentId), options.status ? eq(outbox.status, options.status) : undefined].filter(Boolean);
  return db
    .select()
    .from(outbox)
    .where(and(...conditions))
    .orderBy(desc(outbox.id))
    .limit(options.limit ?? 1000)
    .all();
}

export function countByStatus(db: Db, assessmentId: number): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of db
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .where(eq(outbox.assessmentId, assessmentId))
    .groupBy(outbox.status)
    .all())
    counts[row.status] = row.n;
  return counts;
}

/** The newest message of each invitation of an assessment (its mail status on the progress and invitation pages). */
export function latestMailByInvitation(
  database: AppDatabase,
  assessmentId: number,
): Map<number, Pick<OutboxRow, "kind" | "status" | "sentAt" | "createdAt" | "lastError">> {
  const rows = database.sqlite
    .prepare(
      `select invitation_id as invitationId, kind, status, sent_at as sentAt, created_at as createdAt, last_error as lastError from outbox
       where id in (select max(id) from outbox where assessment_id = ? and invitation_id is not null group by invitation_id)`,
    )
    .all(assessmentId) as (Pick<OutboxRow, "kind" | "status" | "sentAt" | "createdAt" | "lastError"> & { invitationId: number })[];
  return new Map(rows.map((r) => [r.invitationId, r]));
}
