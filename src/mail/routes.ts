// Staff pages of an assessment's mail: the outbox (what waits, went out or failed), sending invitations, reminders
// and the results announcement, queuing a failed message again, and the mail-merge CSV for sites without SMTP.
import { stringify } from "csv-stringify/sync";
import { Router } from "express";
import { z } from "zod";
import { can, type Action, type Actor } from "../auth/policy";
import { flash } from "../auth/middleware";
import type { AppContext } from "../context";
import { neutraliseRow } from "../cell-safety";
import { onAssessment } from "../assessments/access";
import type { AssessmentSummary } from "../assessments/repository";
import { NotFoundError } from "../errors";
import { resolveLinkRef, withLink } from "./links";
import { requestPasswordLink } from "./password-mail";
import { listReportLinks } from "../reports/shared-links";
import { countByStatus, findMessage, listAssessmentOutbox, requeue } from "./outbox";
import { queueInvitationMail, reminderScheduleSchema, setReminderSchedule, type InvitationMailKind, type MailSelection } from "./service";
import { decimalInteger } from "../numbers";
import { anyone, definePage, pageRouter, pathId, redirect } from "../web/pages";
import { bulkMailPages } from "./bulk-routes";

/** What the send forms post: a scope, or chosen invitation ids (checkboxes send one value as a string). */
const sendSchema = z.object({
  scope: z.enum(["unsent", "all", "chosen"], { message: "choose whom to write to" }).default("unsent"),
  invitationIds: z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(decimalInteger("must be invitation ids", { min: 1 })),
  ),
});

function selectionOf(input: z.infer<typeof sendSchema>): MailSelection {
  return input.scope === "chosen" || input.invitationIds.length > 0 ? { scope: "chosen", invitationIds: input.invitationIds } : { scope: input.scope };
}

/** Whatever is sent, the answer is the same: an address that does not parse asks for nothing. */
const forgotSchema = z.object({ email: z.string().trim().toLowerCase().max(254).optional().catch(undefined) });

export function mailRouter(context: AppContext): Router {
  const router = Router();
  const { database } = context;

  /** The Mail page: the outbox, the send forms, the reminder schedule and the public report links. */
  const outboxView = (actor: Actor, assessment: AssessmentSummary) => {
    const identity = can(actor, "respondent.identity", assessment);
    return {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      isSmtpConfigured: Boolean(context.config.smtpUrl),
      counts: countByStatus(database.db, assessment.id),
      isOpen: assessment.status === "open",
      isPublished: assessment.status === "published",
      messages: listAssessmentOutbox(database.db, assessment.id).map((m) => ({
        id: m.id,
        kind: m.kind,
        status: m.status,
        recipient: identity ? m.recipient : null,
        subject: m.subject,
        language: m.language,
        attempts: m.attempts,
        lastError: m.lastError,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
        nextAttemptAt: m.status === "queued" ? m.nextAttemptAt : null,
        isFailed: m.status === "failed",
      })),
      reminderDays: assessment.reminderDays.join(", "),
      canEdit: can(actor, "assessment.edit", assessment),
      canPublish: can(actor, "assessment.publish", assessment),
      reportLinks: assessment.status === "published" ? listReportLinks(context, context.config.baseUrl, assessment.id) : [],
    };
  };

  const queue = (path: string, kind: InvitationMailKind, action: Action) =>
    definePage({
      method: "post",
      path,
      access: onAssessment(action),
      body: sendSchema,
      handle: ({ context, req, actor, assessment, body }) => {
        const result = queueInvitationMail(context, actor, assessment.id, kind, selectionOf(body), { ip: req.ip ?? null });
        flash(req, {
          kind: result.queued > 0 ? "success" : "warning",
          key: "mail.queued",
          params: {
            queued: { key: "mail.queuedCount", params: { count: result.queued } },
            skipped: { key: "mail.skippedCount", params: { count: result.skipped } },
          },
        });
        return redirect(`/assessments/${assessment.id}/mail`);
      },
    });

  router.use(
    pageRouter(context, [
      // "Forgotten password": the same answer whether or not the address has an account (and nothing without SMTP).
      definePage({
        method: "get",
        path: "/forgot-password",
        access: anyone,
        view: "auth/forgot",
        handle: ({ res }) => {
          res.setHeader("Cache-Control", "no-store");
          return { titleKey: "auth.forgot.title", isSmtpConfigured: Boolean(context.config.smtpUrl) };
        },
      }),
      definePage({
        method: "post",
        path: "/forgot-password",
        access: anyone,
        view: "auth/forgot",
        body: forgotSchema,
        handle: ({ req, res, locale, body }) => {
          if (body.email !== undefined) requestPasswordLink(context, body.email, locale, { ip: req.ip ?? null });
          res.setHeader("Cache-Control", "no-store");
          return { titleKey: "auth.forgot.title", isSmtpConfigured: Boolean(context.config.smtpUrl), isSent: true };
        },
      }),
      definePage({
        method: "get",
        path: "/assessments/:id/mail",
        access: onAssessment("invitation.manage"),
        view: "mail/outbox",
        handle: ({ actor, assessment }) => outboxView(actor, assessment),
      }),
      queue("/assessments/:id/mail/invitations", "invitation", "invitation.manage"),
      queue("/assessments/:id/mail/reminders", "reminder", "invitation.manage"),
      queue("/assessments/:id/mail/announcement", "announcement", "assessment.publish"),
      ...bulkMailPages(context),
      definePage({
        method: "post",
        path: "/assessments/:id/reminder-schedule",
        access: onAssessment("assessment.edit"),
        body: reminderScheduleSchema,
        handle: ({ req, actor, assessment, body }) => {
          setReminderSchedule(context, actor, assessment.id, body.reminderDays, { ip: req.ip ?? null });
          flash(req, { kind: "success", key: "mail.schedule.saved" });
          return redirect(`/assessments/${assessment.id}/mail`);
        },
        form: { view: "mail/outbox", model: ({ actor, assessment }) => outboxView(actor, assessment) },
      }),
      definePage({
        method: "post",
        path: "/assessments/:id/mail/:messageId/requeue",
        access: onAssessment("invitation.manage"),
        params: z.object({ messageId: pathId }),
        handle: ({ assessment, params }) => {
          const message = findMessage(database.db, params.messageId);
          if (!message || message.assessmentId !== assessment.id) throw new NotFoundError();
          requeue(database, message.id, context.clock());
          return redirect(`/assessments/${assessment.id}/mail`);
        },
      }),
      // For a site without SMTP, or an expert who prefers their own mail program: every message waiting, with its link.
      definePage({
        method: "get",
        path: "/assessments/:id/mail.csv",
        access: onAssessment("invitation.manage"),
        handle: ({ res, actor, assessment }) => {
          const identity = can(actor, "respondent.identity", assessment);
          const deps = { database, secret: context.secret, baseUrl: context.config.baseUrl };
          const rows = listAssessmentOutbox(database.db, assessment.id, { status: "queued" }).map((m) => {
            const link = resolveLinkRef(deps, m.linkRef) ?? "";
            return [m.messageId, m.kind, identity ? m.recipient : "", m.language, withLink(m.subject, link), withLink(m.textBody, link), link];
          });
          const csv = stringify([["message_id", "kind", "to", "language", "subject", "text", "link"], ...rows.map(neutraliseRow)]);
          res.setHeader("Content-Disposition", `attachment; filename="mail-merge-${assessment.id}.csv"`);
          res.setHeader("Cache-Control", "no-store");
          res.type("text/csv; charset=utf-8").send(`\uFEFF${csv}`);
        },
      }),
    ]),
  );

  return router;
}
