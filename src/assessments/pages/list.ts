// GET /assessments: the assessments the user may read, filtered by status, a keyset page at a time.
import { allowedTo } from "../../auth/access";
import { can, type Actor } from "../../auth/policy";
import { listedAssessmentsCondition } from "../../auth/scope";
import type { AppContext } from "../../context";
import { assessmentStatuses } from "../../db/schema";
import { definePage } from "../../web/pages";
import { assessmentPage, assessmentQuerySchema, assessmentStatusCounts } from "../lists/assessment-list";
import { pagerOf, parseListQuery, rawQuery } from "../../list-query";

/** The list page's view model. */
export function assessmentListView(context: AppContext, actor: Actor, locale: string, url: string) {
  const { database, translator } = context;
  const query = parseListQuery(assessmentQuerySchema, rawQuery(url));
  const visible = listedAssessmentsCondition(database, actor);
  const page = assessmentPage(database, visible, query.status, query);
  const counts = assessmentStatusCounts(database, visible);
  const filters = { status: query.status };
  return {
    titleKey: "assessments.title",
    assessments: page.rows,
    canCreate: can(actor, "assessment.create"),
    canSeeArchived: can(actor, "assessment.restore"),
    list: {
      path: "/assessments",
      isFiltered: query.status !== undefined,
      total: query.status ? (counts.get(query.status) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0),
      statusOptions: assessmentStatuses.map((s) => ({
        value: s,
        label: translator.t(locale, "lists.optionCount", { label: translator.t(locale, `status.${s}`), count: counts.get(s) ?? 0 }),
        selected: s === query.status,
      })),
      pager: pagerOf("/assessments", filters, query, page),
    },
  };
}

export const listPages = [
  definePage({
    method: "get",
    path: "/assessments",
    access: allowedTo("assessment.list"),
    view: "assessments/index",
    handle: ({ context, actor, locale, req }) => assessmentListView(context, actor, locale, req.originalUrl),
  }),
];
