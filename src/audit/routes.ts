// GET /admin/audit: the audit log for administrators, filtered by action, actor, object type and dates, 50 entries a page.
import { Router } from "express";
import type express from "express";
import { requireAction } from "../auth/guards";
import { auditFilterSchema } from "../auth/schemas";
import type { AppContext } from "../context";
import { auditVocabulary, queryAudit, type AuditFilters } from "./repository";

function formatTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function registerAuditRoutes(app: express.Express, context: AppContext): void {
  const router = Router();
  const { database } = context;

  router.get("/admin/audit", requireAction("audit.read"), (req, res) => {
    const parsed = auditFilterSchema.safeParse(req.query);
    const { page, ...filters }: AuditFilters & { page: number } = parsed.success ? parsed.data : { page: 1 };
    const result = queryAudit(database.db, filters, page);
    const vocabulary = auditVocabulary(database.db);
    // An action reads in the page's language where the catalogue names it; its code stays beside it (and in filters).
    const locale = String(res.locals.locale ?? "en");
    const labelOf = (action: string) => (context.translator.has(`audit.action.${action}`) ? context.translator.t(locale, `audit.action.${action}`) : undefined);
    const linkTo = (target: number) => {
      const query = new URLSearchParams(Object.entries({ ...filters, page: String(target) }).filter(([, v]) => v !== undefined && v !== "") as [string, string][]);
      return `/admin/audit?${query.toString()}`;
    };
    res.render("admin/audit", {
      titleKey: "admin.audit.title",
      filters,
      hasInvalidFilters: !parsed.success,
      actions: vocabulary.actions.map((value) => ({ value, label: labelOf(value), selected: value === filters.action })),
      objectTypes: vocabulary.objectTypes.map((value) => ({ value, selected: value === filters.objectType })),
      entries: result.rows.map((row) => ({
        ...row,
        actionLabel: labelOf(row.action),
        atText: formatTimestamp(row.at),
        detailsText: row.details && Object.keys(row.details).length ? JSON.stringify(row.details) : "",
      })),
      total: result.total,
      page: result.page,
      pageCount: result.pageCount,
      previousHref: result.page > 1 ? linkTo(result.page - 1) : undefined,
      nextHref: result.page < result.pageCount ? linkTo(result.page + 1) : undefined,
    });
  });

  app.use(router);
}
