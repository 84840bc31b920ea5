// The audit log: who did what to which object, when and from where. Synchronous, so it can join a transaction.
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";
import { redactText, redactValue } from "../log-redaction";
import type { AuditAction, AuditObjectType } from "./actions";

export interface AuditEntry {
  /** The signed-in user, or null for anonymous events (a failed sign-in, a reset link used). */
  actor: { id: number; email: string } | null;
  /** Who to name when there is no actor (for example the e-mail address typed at a failed sign-in). */
  actorLabel?: string;
  /** A dotted verb phrase from the one list of them (./actions.ts): "user.create", "assessment.publish". */
  action: AuditAction;
  objectType: AuditObjectType;
  objectId?: string | number | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  /** When it happened; defaults to the database clock. */
  at?: Date;
}

/**
 * Appends one entry. Call it inside the transaction of the change it records, so both happen or neither. Labels and
 * details are redacted like log lines (docs/logging.md): no link, reset token or API token is ever stored here.
 */
export function recordAudit(db: Db, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({
      actorUserId: entry.actor?.id ?? null,
      actorLabel: entry.actor?.email ?? (entry.actorLabel === undefined ? "anonymous" : redactText(entry.actorLabel)),
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
      details: entry.details ? redactValue(entry.details) : null,
      ip: entry.ip ?? null,
      ...(entry.at ? { at: entry.at.toISOString() } : {}),
    })
    .run();
}
