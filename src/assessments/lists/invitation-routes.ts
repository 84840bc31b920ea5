// Routes of the invitation lists (issue 26): the progress page with its paged "not submitted" list, the CSV of the
// links of a filtered set, and bulk actions on a filtered set with their confirmation page. Thin: parse, authorise
// (the caller's `load`), call the list and bulk modules, render.
import { stringify } from "csv-stringify/sync";
import type { Request, Response, Router } from "express";
import { z } from "zod";
import { can, type Action } from "../../auth/policy";
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

type Load = (req: Request, action: Action) => AssessmentSummary;

const filterSchema = z.object({ ...filterFields, status: choiceFilter(invitationStates), scope: bulkFields.scope });
const confirmSchema = filterSchema.extend({ action: bulkFields.action });
const runSchema = filterSchema.extend({
  action: z.enum(["revoke", "reissue"], { message: "must be one of: revoke, reissue" }),
  // Required: without it the action would reach invitations created after its confirmation.
  upTo: z.string({ message: "must be a whole number" }).regex(/^[1-9]\d{0,11}$/, "must be a whole number").transform(Number),
  _csrf: z.string().optional(),
});

function filtersOf(parsed: InvitationFilters): InvitationFilters {
  return { organisation: parsed.organisation, status: parsed.status, level: parsed.level, language: parsed.language, q: parsed.q, mail: parsed.mail };
}

export function registerInvitationListRoutes(router: Router, context: AppContext, load: Load): void {
  const { database, translator } = context;
  const meta = (req: Request) => ({ ip: req.ip ?? null });
  const identityOf = (req: Request, assessment: AssessmentSummary) => can(req.actor!, "respondent.identity", assessment);
  const listPath = (assessment: AssessmentSummary, scope: string) => `/assessments/${assessment.id}/${scope === "awaited" ? "progress" : "invitations"}`;

  router.get("/assessments/:id/progress", (req, res) => {
    const assessment = load(req, "progress.read");
    const locale = res.locals.locale as string;
    const query = parseInvitationQuery(context, assessment, "awaited", rawQuery(req.originalUrl), identityOf(req, assessment));
    const report = progressReport(database, assessment);
    const instrument = context.instruments.pinned(database, assessment.instrumentVersion);
    res.render("assessments/progress", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      ...report,
      levels: report.levels.map((l) => ({ ...l, title: instrumentText(instrument, `level.${l.levelId}.title`, locale) })),
      list: invitationListView(context, req.actor!, assessment, "awaited", query, locale),
      isClosed: assessment.status === "closed" || assessment.status === "published",
      isOpen: assessment.status === "open",
    });
  });

  router.get("/assessments/:id/invitations.csv", (req, res) => {
    const assessment = load(req, "invitation.manage");
    const showIdentity = identityOf(req, assessment);
    const parsed = parseListQuery(filterSchema, rawQuery(req.originalUrl));
    const filters = filtersOf(parsed);
    checkFilters(context, assessment, filters, showIdentity);
    const linkFor = (seed: string) => invitationLink(context.config.baseUrl, tokenFromSeed(context.secret, seed));
    // Revoked invitations have no working link: a download of "every link" leaves them out unless asked for.
    const rows = invitationRows(database, assessment.id, parsed.scope, filters)
      .filter((i) => filters.status === "revoked" || !i.revokedAt)
      .map((i) => [i.id, i.organisationName, showIdentity ? i.name ?? "" : "", showIdentity ? i.email ?? "" : "", i.levels.join(","), i.language, i.revokedAt ? "revoked" : i.status, i.revokedAt ? "" : linkFor(i.tokenSeed)]);
    const csv = stringify([["invitation_id", "organisation", "name", "email", "levels", "language", "status", "link"], ...rows.map(neutraliseRow)]);
    res.setHeader("Content-Disposition", `attachment; filename="invitation-links-${assessment.id}.csv"`);
    res.setHeader("Cache-Control", "no-store");
    res.type("text/csv; charset=utf-8").send(`\uFEFF${csv}`);
  });

  router.get("/assessments/:id/invitations/bulk", (req, res) => {
    const assessment = load(req, "invitation.manage");
    const locale = res.locals.locale as string;
    const parsed = parseListQuery(confirmSchema, rawQuery(req.originalUrl));
    const filters = filtersOf(parsed);
    checkFilters(context, assessment, filters, identityOf(req, assessment));
    if (isChange(parsed.action)) refuseBulkChange(assessment);
    const view = invitationListView(context, req.actor!, assessment, parsed.scope, { ...filters, size: 25 }, locale);
    const values = filterValues(filters);
    // Withdrawing leaves the already withdrawn as they are: they are not counted as touched.
    const alreadyRevoked = filters.status === undefined ? (view.facets.statuses.get("revoked") ?? 0) : 0;
    const count = parsed.action === "revoke" ? (filters.status === "revoked" ? 0 : view.total - alreadyRevoked) : view.total;
    const described = [
      ...view.options.organisations, ...view.options.statuses, ...view.options.levels, ...view.options.languages, ...view.options.mails,
    ].filter((o) => o.selected).map((o) => o.label);
    res.render("assessments/bulk", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      action: parsed.action,
      headingKey: `lists.bulk.${parsed.action}.title`,
      warningKey: `lists.bulk.${parsed.action}.warning`,
      goKey: `lists.bulk.${parsed.action}.go`,
      count,
      countText: translator.t(locale, `lists.bulk.${parsed.action}.count`, { count }),
      described,
      search: filters.q,
      hidden: Object.entries({ ...values, scope: parsed.scope === "awaited" ? "awaited" : undefined, action: parsed.action, upTo: view.newestId ?? undefined })
        .filter(([, v]) => v !== undefined)
        .map(([name, value]) => ({ name, value })),
      downloadHref: hrefOf(`/assessments/${assessment.id}/invitations.csv`, { ...values, scope: parsed.scope === "awaited" ? "awaited" : undefined }),
      backHref: hrefOf(listPath(assessment, parsed.scope), values),
      isDownload: parsed.action === "download",
    });
  });

  router.post("/assessments/:id/invitations/bulk", (req, res: Response) => {
    const assessment = load(req, "invitation.manage");
    const parsed = parseListQuery(runSchema, (req.body ?? {}) as Record<string, unknown>);
    const filters = filtersOf(parsed);
    checkFilters(context, assessment, filters, identityOf(req, assessment));
    const changed = runBulkAction(context, req.actor!, assessment, parsed.action, parsed.scope, filters, parsed.upTo, meta(req));
    flash(req, { kind: "success", key: `lists.bulk.${parsed.action}.done`, params: { count: String(changed) } });
    res.redirect(303, hrefOf(listPath(assessment, parsed.scope), filterValues(filters)));
  });
}
