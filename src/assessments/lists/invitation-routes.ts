// Routes of the invitation lists (issue 26): the progress page with its paged "not submitted" list, the CSV of the
// links of a filtered set, and bulk actions on a filtered set with their confirmation page, declared with definePage.
// Thin: parse (strictly: an unknown parameter is a 400), call the list and bulk modules, render.
import { stringify } from "csv-stringify/sync";
import type { Request } from "express";
import { z } from "zod";
import { can, type Actor } from "../../auth/policy";
import { flash } from "../../auth/guards";
import type { AppContext } from "../../context";
import { neutraliseRow } from "../../cell-safety";
import { instrumentText } from "../../questionnaires/i18n";
import { progressReport } from "../progress";
import type { AssessmentSummary } from "../repository";
import { invitationLink, tokenFromSeed } from "../tokens";
import { bulkFields, isChange, refuseBulkChange, runBulkAction } from "./bulk";
import { invitationRows, invitationStates, type InvitationFilters } from "./invitation-list";
import { checkFilters, filterFields, filterValues, invitationListView, parseInvitationQuery } from "./invitation-views";
import { choiceFilter, hrefOf, parseListQuery, rawQuery } from "../../list-query";
import { definePage, redirect } from "../../web/pages";
import { onAssessment } from "../access";

const filterSchema = z.object({ ...filterFields, status: choiceFilter(invitationStates), scope: bulkFields.scope });
const confirmSchema = filterSchema.extend({ action: bulkFields.action });
const runSchema = filterSchema.extend({
  action: z.enum(["revoke", "reissue"], { message: "must be one of: revoke, reissue" }),
  // Required: without it the action would reach invitations created after its confirmation.
  upTo: z
    .string({ message: "must be a whole number" })
    .regex(/^[1-9]\d{0,11}$/, "must be a whole number")
    .transform(Number),
  _csrf: z.string().optional(),
});

function filtersOf(parsed: InvitationFilters): InvitationFilters {
  return { organisation: parsed.organisation, status: parsed.status, level: parsed.level, language: parsed.language, q: parsed.q, mail: parsed.mail };
}

const meta = (req: Request) => ({ ip: req.ip ?? null });
const identityOf = (actor: Actor, assessment: AssessmentSummary) => can(actor, "respondent.identity", assessment);
const listPath = (assessment: AssessmentSummary, scope: string) => `/assessments/${assessment.id}/${scope === "awaited" ? "progress" : "invitations"}`;

export const invitationListPages = [
  definePage({
    method: "get",
    path: "/assessments/:id/progress",
    access: onAssessment("progress.read"),
    view: "assessments/progress",
    handle: ({ context, actor, assessment, locale, req }) => {
      const { database } = context;
      const query = parseInvitationQuery(context, assessment, "awaited", rawQuery(req.originalUrl), identityOf(actor, assessment));
      const report = progressReport(database, assessment);
      const instrument = context.instruments.pinned(database, assessment.instrumentVersion);
      return {
        title: `${assessment.countryName} · ${assessment.roundLabel}`,
        assessment,
        ...report,
        levels: report.levels.map((l) => ({ ...l, title: instrumentText(instrument, `level.${l.levelId}.title`, locale) })),
        list: invitationListView(context, actor, assessment, "awaited", query, locale),
        isClosed: assessment.status === "closed" || assessment.status === "published",
        isOpen: assessment.status === "open",
      };
    },
  }),
  definePage({
    method: "get",
    path: "/assessments/:id/invitations.csv",
    access: onAssessment("invitation.manage"),
    handle: ({ context, actor, assessment, req, res }) => {
      const showIdentity = identityOf(actor, assessment);
      const parsed = parseListQuery(filterSchema, rawQuery(req.originalUrl));
      const filters = filtersOf(parsed);
      checkFilters(context, assessment, filters, showIdentity);
      const linkFor = (seed: string) => invitationLink(context.config.baseUrl, tokenFromSeed(context.secret, seed));
      // Revoked invitations have no working link: a download of "every link" leaves them out unless asked for.
      const rows = invitationRows(context.database, assessment.id, parsed.scope, filters)
        .filter((i) => filters.status === "revoked" || !i.revokedAt)
        .map((i) => [
          i.id,
          i.organisationName,
          showIdentity ? (i.name ?? "") : "",
          showIdentity ? (i.email ?? "") : "",
          i.levels.join(","),
          i.language,
          i.revokedAt ? "revoked" : i.status,
          i.revokedAt ? "" : linkFor(i.tokenSeed),
        ]);
      const csv = stringify([["invitation_id", "organisation", "name", "email", "levels", "language", "status", "link"], ...rows.map(neutraliseRow)]);
      res.setHeader("Content-Disposition", `attachment; filename="invitation-links-${assessment.id}.csv"`);
      res.setHeader("Cache-Control", "no-store");
      res.type("text/csv; charset=utf-8").send(`\uFEFF${csv}`);
    },
  }),
  definePage({
    method: "get",
    path: "/assessments/:id/invitations/bulk",
    access: onAssessment("invitation.manage"),
    view: "assessments/bulk",
    handle: ({ context, actor, assessment, locale, req }) => {
      const parsed = parseListQuery(confirmSchema, rawQuery(req.originalUrl));
      const filters = filtersOf(parsed);
      checkFilters(context, assessment, filters, identityOf(actor, assessment));
      if (isChange(parsed.action)) refuseBulkChange(assessment);
      const view = invitationListView(context, actor, assessment, parsed.scope, { ...filters, size: 25 }, locale);
      const values = filterValues(filters);
      // Withdrawing leaves the already withdrawn as they are: they are not counted as touched.
      const alreadyRevoked = filters.status === undefined ? (view.facets.statuses.get("revoked") ?? 0) : 0;
      const count = parsed.action === "revoke" ? (filters.status === "revoked" ? 0 : view.total - alreadyRevoked) : view.total;
      const described = [...view.options.organisations, ...view.options.statuses, ...view.options.levels, ...view.options.languages, ...view.options.mails]
        .filter((o) => o.selected)
        .map((o) => o.label);
      return {
        title: `${assessment.countryName} · ${assessment.roundLabel}`,
        assessment,
        action: parsed.action,
        headingKey: `lists.bulk.${parsed.action}.title`,
        warningKey: `lists.bulk.${parsed.action}.warning`,
        goKey: `lists.bulk.${parsed.action}.go`,
        count,
        countText: context.translator.t(locale, `lists.bulk.${parsed.action}.count`, { count }),
        described,
        search: filters.q,
        hidden: Object.entries({
          ...values,
          scope: parsed.scope === "awaited" ? "awaited" : undefined,
          action: parsed.action,
          upTo: view.newestId ?? undefined,
        })
          .filter(([, v]) => v !== undefined)
          .map(([name, value]) => ({ name, value })),
        downloadHref: hrefOf(`/assessments/${assessment.id}/invitations.csv`, { ...values, scope: parsed.scope === "awaited" ? "awaited" : undefined }),
        backHref: hrefOf(listPath(assessment, parsed.scope), values),
        isDownload: parsed.action === "download",
      };
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/invitations/bulk",
    access: onAssessment("invitation.manage"),
    handle: ({ context, actor, assessment, req }) => {
      const parsed = parseListQuery(runSchema, (req.body ?? {}) as Record<string, unknown>);
      const filters = filtersOf(parsed);
      checkFilters(context, assessment, filters, identityOf(actor, assessment));
      const changed = runBulkAction(context, actor, assessment, parsed.action, parsed.scope, filters, parsed.upTo, meta(req));
      flash(req, { kind: "success", key: `lists.bulk.${parsed.action}.done`, params: { count: String(changed) } });
      return redirect(hrefOf(listPath(assessment, parsed.scope), filterValues(filters)));
    },
  }),
];
