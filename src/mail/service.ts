// What causes mail: invitations and reminders sent by experts (or on a reminder schedule), the announcement of
// published results, password links. Each queues messages in the outbox inside one transaction with its audit entry.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { decimalInteger } from "../numbers";
import type { Actor } from "../auth/policy";
import { assessments } from "../db/schema";
import { recordAudit } from "../audit/service";
import { isPastDeadline } from "../assessments/deadline";
import { findAssessment, type AssessmentSummary } from "../assessments/repository";
import type { Config } from "../config";
import type { AppDatabase } from "../db/client";
import type { Translator } from "../i18n/translate";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { estimatedMinutes, pagesFor } from "../responses/questionnaire";
import { ConflictError, NotFoundError } from "../errors";
import { invitationMessage, mailLanguage } from "./messages";
import { enqueue } from "./outbox";

export interface MailDeps {
  database: AppDatabase;
  translator: Translator;
  instruments: InstrumentCatalog;
  config: Pick<Config, "baseUrl" | "mailFrom" | "smtpUrl">;
  clock: () => Date;
}

/** The sender: MAIL_FROM, or a no-reply address at the site's host name. */
export function mailSender(config: Pick<Config, "baseUrl" | "mailFrom">): string {
  return config.mailFrom ?? `Capacity Needs Assessment <no-reply@${new URL(config.baseUrl).hostname}>`;
}

/** The domain Message-IDs are made in: the sender's. */
export function mailDomain(config: Pick<Config, "baseUrl" | "mailFrom">): string {
  const address = /<([^>]+)>/.exec(mailSender(config))?.[1] ?? mailSender(config);
  return address.split("@")[1]?.trim() || new URL(config.baseUrl).hostname;
}

/** "7, 2": the days before closing on which reminders go out by themselves (none: only by hand). */
export const reminderScheduleSchema = z.object({
  reminderDays: z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[,;\s]+/).filter(Boolean) : (v ?? [])),
    z
      .array(
        decimalInteger("must be whole numbers of days, such as 7, 2", {
          min: 1,
          max: 90,
          minMessage: "must be between 1 and 90 days",
          maxMessage: "must be between 1 and 90 days",
        }),
      )
      .max(5, "at most 5 reminders"),
  ),
});

export function setReminderSchedule(deps: MailDeps, actor: Actor, assessmentId: number, days: number[], meta: { ip?: string | null } = {}): void {
  const reminderDays = [...new Set(days)].sort((a, b) => b - a);
  deps.database.sqlite.transaction(() => {
    deps.database.db.update(assessments).set({ reminderDays, updatedAt: deps.clock().toISOString() }).where(eq(assessments.id, assessmentId)).run();
    recordAudit(deps.database.db, {
      actor,
      action: "assessment.reminder_schedule",
      objectType: "assessment",
      objectId: assessmentId,
      details: { reminderDays },
      ip: meta.ip,
    });
  })();
}

/** A reminder goes to an invitation at most once in this many hours. */
export const REMINDER_SPACING_HOURS = 24;

export type InvitationMailKind = "invitation" | "reminder" | "announcement";

/**
 * Which invitations: the ones never e-mailed, every one, or those chosen (by id; `onlyUnsent` leaves out those already
 * sent an invitation, so a bulk send never writes twice to the same person).
 */
export type MailSelection = { scope: "unsent" } | { scope: "all" } | { scope: "chosen"; invitationIds: number[]; onlyUnsent?: boolean };

export interface QueueResult {
  queued: number;
  /** Left out: no address, withdrawn, already submitted (reminders), reminded within a day, already invited (unsent). */
  skipped: number;
}

interface Candidate {
  id: number;
  name: string | null;
  email: string | null;
  levels: string;
  language: string;
  status: string;
  revokedAt: string | null;
  organisationName: string;
  lastInvited: string | null;
  lastReminded: string | null;
}

function candidates(database: AppDatabase, assessmentId: number): Candidate[] {
  return database.sqlite
    .prepare(
      `select i.id, i.name, i.email, i.levels, i.language, i.status, i.revoked_at as revokedAt, o.name as organisationName,
         (select max(created_at) from outbox m where m.invitation_id = i.id and m.kind = 'invitation' and m.status <> 'failed') as lastInvited,
         (select max(created_at) from outbox m where m.invitation_id = i.id and m.kind = 'reminder' and m.status <> 'failed') as lastReminded
       from invitations i join organisations o on o.id = i.organisation_id where i.assessment_id = ? order by i.id`,
    )
    .all(assessmentId) as Candidate[];
}

function isEligible(kind: InvitationMailKind, c: Candidate, selection: MailSelection, now: Date): boolean {
  if (!c.email || c.revokedAt) return false;
  // Someone who already submitted (through a link passed by hand) needs no invitation.
  const isUnsentOnly = selection.scope === "unsent" || (selection.scope === "chosen" && selection.onlyUnsent === true);
  if (kind === "invitation") return c.status !== "submitted" && (!isUnsentOnly || !c.lastInvited);
  if (kind === "reminder") {
    // Never to those who submitted; at most one a day.
    if (c.status === "submitted") return false;
    return !c.lastReminded || now.getTime() - Date.parse(c.lastReminded) >= REMINDER_SPACING_HOURS * 3_600_000;
  }
  return c.status === "submitted";
}

function selected(
  database: AppDatabase,
  assessmentId: number,
  kind: InvitationMailKind,
  selection: MailSelection,
  now: Date,
): { all: Candidate[]; chosen: Candidate[] } {
  const ids = selection.scope === "chosen" ? new Set(selection.invitationIds) : null;
  const all = candidates(database, assessmentId).filter((c) => ids === null || ids.has(c.id));
  return { all, chosen: all.filter((c) => isEligible(kind, c, selection, now)) };
}

/** How many of the selected invitations `queueInvitationMail` would write to now (for a confirmation page). */
export function countMailable(deps: Pick<MailDeps, "database" | "clock">, assessmentId: number, kind: InvitationMailKind, selection: MailSelection): number {
  return selected(deps.database, assessmentId, kind, selection, deps.clock()).chosen.length;
}

/** Queues one kind of message to the selected invitations of an assessment that qualify; audited as one entry. */
export function queueInvitationMail(
  deps: MailDeps,
  actor: Actor | null,
  assessmentId: number,
  kind: InvitationMailKind,
  selection: MailSelection,
  options: { ip?: string | null; tag?: string; filters?: Record<string, unknown> } = {},
): QueueResult {
  const now = deps.clock();
  return deps.database.sqlite
    .transaction((): QueueResult => {
      const assessment = findAssessment(deps.database.db, assessmentId);
      if (!assessment) throw new NotFoundError({ key: "errors.assessment.notFound" });
      if (kind === "announcement" && assessment.status !== "published") throw new ConflictError({ key: "errors.mail.notPublished" });
      if (kind !== "announcement" && (assessment.status !== "open" || isPastDeadline(assessment.closesAt, now)))
        throw new ConflictError({ key: "errors.mail.roundNotOpen" });
      const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
      const { all, chosen } = selected(deps.database, assessmentId, kind, selection, now);
      for (const c of chosen) {
        const language = mailLanguage(c.language);
        const levels = JSON.parse(c.levels) as string[];
        const itemCount = pagesFor(instrument, levels).reduce((n, p) => n + p.items.length, 0);
        const composed = invitationMessage(deps.translator, {
          kind,
          language,
          name: c.name,
          countryName: assessment.countryName,
          roundLabel: assessment.roundLabel,
          organisationName: c.organisationName,
          closesAt: assessment.closesAt,
          timeZone: assessment.timeZone,
          minutes: estimatedMinutes(itemCount),
        });
        enqueue(
          deps.database.db,
          {
            kind,
            recipient: c.email!,
            ...composed,
            linkRef: `invitation:${c.id}`,
            assessmentId,
            invitationId: c.id,
            tag: options.tag ?? null,
            createdBy: actor?.id ?? null,
          },
          now,
          mailDomain(deps.config),
        );
      }
      if (chosen.length > 0 || actor) {
        recordAudit(deps.database.db, {
          actor: actor ? { id: actor.id, email: actor.email } : null,
          actorLabel: actor ? undefined : "reminder schedule",
          action: `mail.${kind}`,
          objectType: "assessment",
          objectId: assessmentId,
          details: {
            queued: chosen.length,
            skipped: all.length - chosen.length,
            scope: selection.scope,
            ...(options.tag ? { tag: options.tag } : {}),
            ...(options.filters ? { filters: options.filters } : {}),
          },
          ip: options.ip,
          at: now,
        });
      }
      return { queued: chosen.length, skipped: all.length - chosen.length };
    })
    .immediate();
}

/**
 * The reminders a schedule makes due now: for each open round with a closing instant and reminder days, each day d
 * whose moment (closing minus d days) has come, reminders tagged "schedule:d" to those not yet reminded for it.
 * The one-a-day rule still holds, so two slots due at once (a schedule set late) give one reminder.
 */
export function queueScheduledReminders(deps: MailDeps): number {
  const now = deps.clock();
  const rounds = deps.database.sqlite
    .prepare("select id from assessments where status = 'open' and closes_at is not null and reminder_days <> '[]' and closes_at > ?")
    .pluck()
    .all(now.toISOString()) as number[];
  let queued = 0;
  for (const id of rounds) {
    const assessment = findAssessment(deps.database.db, id) as AssessmentSummary;
    for (const days of [...assessment.reminderDays].sort((a, b) => b - a)) {
      if (now.getTime() < Date.parse(assessment.closesAt!) - days * 86_400_000) continue;
      const tag = `schedule:${days}`;
      const done = new Set(
        deps.database.sqlite
          .prepare("select invitation_id from outbox where assessment_id = ? and kind = 'reminder' and tag = ?")
          .pluck()
          .all(id, tag) as number[],
      );
      const invitationIds = (
        deps.database.sqlite
          .prepare("select id from invitations where assessment_id = ? and status <> 'submitted' and revoked_at is null and email is not null")
          .pluck()
          .all(id) as number[]
      ).filter((i) => !done.has(i));
      if (invitationIds.length === 0) continue;
      queued += queueInvitationMail(deps, null, id, "reminder", { scope: "chosen", invitationIds }, { tag }).queued;
    }
  }
  return queued;
}
