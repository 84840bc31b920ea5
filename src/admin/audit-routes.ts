// Here, not in audit/ or auth/, so that neither folder imports the other.
// GET /admin/audit: the audit log (src/audit/) for administrators, filtered by action, actor, object and dates, a
// keyset page at a time (25/50/100), with each action and object type counted under the other filters.
import type { Router } from "express";
import { z } from "zod";
import { allowedTo } from "../auth/access";
import type { AppContext } from "../context";
import { formatNumber } from "../i18n/format";
import { hrefOf, pagerOf, pagingFields, parseListQuery, rawQuery, textFilter } from "../list-query";
import { isAuditAction, isAuditObjectType } from "../audit/actions";
import { auditCounts, auditPage, type AuditFilters } from "../audit/repository";
import { definePage, pageRouter } from "../web/pages";

const day = z
  .string({ message: "must be a date written YYYY-MM-DD" })
  .regex(/^(|\d{4}-\d{2}-\d{2})$/, "must be a date written YYYY-MM-DD")
  .refine((s) => s === "" || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "must be a real date")
  .transform((s) => s || undefined)
  .optional();

const auditQuerySchema = z.object({
  action: textFilter(100),
  actor: textFilter(200),
  objectType: textFilter(100),
  object: textFilter(100),
  from: day,
  to: day,
  ...pagingFields,
});

function formatTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function auditRouter(context: AppContext): Router {
  const { database, translator } = context;

  return pageRouter(context, [
    definePage({
      method: "get",
      path: "/admin/audit",
      access: allowedTo("audit.read"),
      view: "admin/audit",
      handle: ({ req, locale }) => {
        const query = parseListQuery(auditQuerySchema, rawQuery(req.originalUrl));
        const filters: AuditFilters = {
          action: query.action,
          actor: query.actor,
          objectType: query.objectType,
          object: query.object,
          from: query.from,
          to: query.to,
        };
        const page = auditPage(database, filters, query);
        const counts = auditCounts(database, filters);
        const values = filters as Record<string, string | undefined>;
        // Actions and object types read in the page's language; their codes stay in the database and in filter URLs. A code
        // no longer in the list (written by an older version) reads as "other action/object", never as the code itself.
        const labelOf = (action: string) => translator.t(locale, isAuditAction(action) ? `audit.action.${action}` : "audit.action.other");
        const objectLabelOf = (type: string) => translator.t(locale, isAuditObjectType(type) ? `audit.object.${type}` : "audit.object.other");
        const option = (value: string, count: number, selected: boolean, label: string) => ({
          value,
          label: translator.t(locale, "lists.optionCount", { label, count: formatNumber(locale, count, 0) }),
          selected,
        });
        const withSelected = (map: Map<string, number>, chosen: string | undefined) =>
          chosen !== undefined && !map.has(chosen) ? new Map([...map, [chosen, 0]]) : map;
        return {
          titleKey: "admin.audit.title",
          filters,
          isFiltered: Object.values(filters).some((v) => v !== undefined),
          actions: [...withSelected(counts.actions, filters.action)].map(([value, n]) => option(value, n, value === filters.action, labelOf(value))),
          objectTypes: [...withSelected(counts.objectTypes, filters.objectType)].map(([value, n]) =>
            option(value, n, value === filters.objectType, objectLabelOf(value)),
          ),
          entries: page.rows.map((row) => ({
            ...row,
            actionLabel: labelOf(row.action),
            objectText: row.objectId
              ? translator.t(locale, "audit.object.numbered", { type: objectLabelOf(row.objectType), id: row.objectId })
              : objectLabelOf(row.objectType),
            atText: formatTimestamp(row.at),
            detailsText: row.details && Object.keys(row.details).length ? JSON.stringify(row.details) : "",
            objectHref: row.objectId ? hrefOf("/admin/audit", { objectType: row.objectType, object: row.objectId }) : undefined,
          })),
          total: counts.total,
          pager: pagerOf("/admin/audit", values, query, page),
        };
      },
    }),
  ]);
}
