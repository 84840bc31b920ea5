// Invitations or reminders e-mailed to a filtered set of the invitations or progress list (issue 26): a confirmation
// page stating how many people will be written to, then one queuing in one transaction, audited with the filters.
// An invitation goes only to those never sent one; a reminder follows the reminder rules (not submitted, one a day).
// The confirmation carries the newest id it counted, so invitations created since are left alone.
import { z } from "zod";
import { can } from "../auth/policy";
import { flash } from "../auth/middleware";
import { onAssessment } from "../assessments/access";
import { isPastDeadline } from "../assessments/deadline";
import { bulkFields } from "../assessments/lists/bulk";
import { invitationIds, invitationStates, type InvitationFilters, type InvitationScope } from "../assessments/lists/invitation-list";
import { checkFilters, filterFields, filterValues, invitationListView } from "../assessments/lists/invitation-views";
import { choiceFilter, hrefOf, parseListQuery, rawQuery } from "../list-query";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { ConflictError } from "../errors";
import { definePage, redirect } from "../web/pages";
import { countMailable, queueInvitationMail, type MailSelection } from "./service";

export const bulkMailKinds = ["invitation", "reminder"] as const;
type BulkMailKind = (typeof bulkMailKinds)[number];

const filterSchema = z.object({
  ...filterFields,
  status: choiceFilter(invitationStates),
  scope: bulkFields.scope,
  kind: z.enum(bulkMailKinds, { message: `must be one of: ${bulkMailKinds.join(", ")}` }),
});
const runSchema = filterSchema.extend({
  // Required: without it the mail would reach invitations created after its confirmation.
  upTo: z
    .string({ message: "must be a whole number" })
    .regex(/^[1-9]\d{0,11}$/, "must be a whole number")
    .transform(Number),
  _csrf: z.string().optional(),
});

function filtersOf(parsed: InvitationFilters): InvitationFilters {
  return { organisation: parsed.organisation, status: parsed.status, level: parsed.level, language: parsed.language, q: parsed.q, mail: parsed.mail };
}

function selectionOf(
  context: AppContext,
  assessment: AssessmentSummary,
  kind: BulkMailKind,
  scope: InvitationScope,
  filters: InvitationFilters,
  upTo: number | undefined,
): MailSelection {
  return { scope: "chosen", invitationIds: invitationIds(context.database, assessment.id, scope, filters, upTo), onlyUnsent: kind === "invitation" };
}

function refuseClosed(context: AppContext, assessment: AssessmentSummary): void {
  if (assessment.status !== "open" || isPastDeadline(assessment.closesAt, context.clock())) throw new ConflictError({ key: "errors.mail.roundNotOpen" });
}

const listPath = (assessment: AssessmentSummary, scope: InvitationScope) => `/assessments/${assessment.id}/${scope === "awaited" ? "progress" : "invitations"}`;

export function bulkMailPages(context: AppContext) {
  const identityOf = (actor: Parameters<typeof can>[0], assessment: AssessmentSummary) => can(actor, "respondent.identity", assessment);
  return [
    definePage({
      method: "get",
      path: "/assessments/:id/invitations/mail",
      access: onAssessment("invitation.manage"),
      view: "assessments/bulk",
      handle: ({ req, actor, assessment, locale }) => {
        const parsed = parseListQuery(filterSchema, rawQuery(req.originalUrl));
        const filters = filtersOf(parsed);
        checkFilters(context, assessment, filters, identityOf(actor, assessment));
        refuseClosed(context, assessment);
        const view = invitationListView(context, actor, assessment, parsed.scope, { ...filters, size: 25 }, locale);
        const upTo = view.newestId ?? undefined;
        const count =
          upTo === undefined
            ? 0
            : countMailable(context, assessment.id, parsed.kind, selectionOf(context, assessment, parsed.kind, parsed.scope, filters, upTo));
        const values = filterValues(filters);
        const options = view.options;
        return {
          title: `${assessment.countryName} · ${assessment.roundLabel}`,
          assessment,
          headingKey: `lists.mail.${parsed.kind}.title`,
          warningKey: `lists.mail.${parsed.kind}.warning`,
          goKey: `lists.mail.${parsed.kind}.go`,
          count,
          countText: context.translator.t(locale, `lists.mail.${parsed.kind}.count`, { selected: count, count: view.total }),
          described: [...options.organisations, ...options.statuses, ...options.levels, ...options.languages, ...options.mails]
            .filter((o) => o.selected)
            .map((o) => o.label),
          search: filters.q,
          formAction: `/assessments/${assessment.id}/invitations/mail`,
          hidden: Object.entries({ ...values, scope: parsed.scope === "awaited" ? "awaited" : undefined, kind: parsed.kind, upTo })
            .filter(([, v]) => v !== undefined)
            .map(([name, value]) => ({ name, value })),
          backHref: hrefOf(listPath(assessment, parsed.scope), values),
          isDownload: false,
        };
      },
    }),
    definePage({
      method: "post",
      path: "/assessments/:id/invitations/mail",
      access: onAssessment("invitation.manage"),
      handle: ({ req, actor, assessment }) => {
        const parsed = parseListQuery(runSchema, (req.body ?? {}) as Record<string, unknown>);
        const filters = filtersOf(parsed);
        checkFilters(context, assessment, filters, identityOf(actor, assessment));
        // The search text may be part of someone's name or address: the log says a search was used, not what it was.
        const logged = Object.fromEntries(
          Object.entries({ ...filterValues(filters), q: filters.q && "[search]", upTo: parsed.upTo }).filter(([, v]) => v !== undefined),
        );
        const result = queueInvitationMail(
          context,
          actor,
          assessment.id,
          parsed.kind,
          selectionOf(context, assessment, parsed.kind, parsed.scope, filters, parsed.upTo),
          { ip: req.ip ?? null, filters: logged },
        );
        flash(req, {
          kind: result.queued > 0 ? "success" : "warning",
          key: "mail.queued",
          params: {
            queued: { key: "mail.queuedCount", params: { count: result.queued } },
            skipped: { key: "mail.skippedCount", params: { count: result.skipped } },
          },
        });
        return redirect(hrefOf(listPath(assessment, parsed.scope), filterValues(filters)));
      },
    }),
  ];
}
