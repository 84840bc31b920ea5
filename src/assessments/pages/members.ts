// Who works on an assessment (/assessments/:id/members): experts and analysts granted access, a filtered keyset page
// at a time (lists/member-list.ts), adding one, opening raw data to an analyst, removing one.
import { z } from "zod";
import type { AppContext } from "../../context";
import { definePage, pathId, redirect, render } from "../../web/pages";
import { onAssessment } from "../access";
import { memberListRoles, memberPage, memberQuerySchema, memberRoleCounts, type MemberQuery } from "../lists/member-list";
import { DEFAULT_PAGE_SIZE, pagerOf, parseListQuery, rawQuery } from "../../list-query";
import { addMember, addMemberSchema, memberRoles, rawDataGrantSchema, removeMember, setRawDataGrant } from "../members";
import type { AssessmentSummary } from "../repository";
import { findUserById } from "../../auth/user-repository";
import { byFormField, pageTitle, requestMeta, serviceDeps } from "./shared";

const membersPath = (assessment: AssessmentSummary) => `/assessments/${assessment.id}/members`;

/** The page's view model: a page of the members, and the add form with its values and errors. */
export function membersView(
  context: AppContext,
  assessment: AssessmentSummary,
  locale: string,
  errors: Record<string, string> = {},
  values: Record<string, unknown> = {},
  query?: MemberQuery,
) {
  const { database, translator } = context;
  const paging = query ?? { size: DEFAULT_PAGE_SIZE };
  const filters = { role: query?.role, q: query?.q };
  const page = memberPage(database, assessment.id, filters, paging);
  const counts = memberRoleCounts(database, assessment.id, filters);
  const path = membersPath(assessment);
  return {
    title: pageTitle(assessment),
    assessment,
    members: page.rows.map((m) => ({ ...m, isOwner: m.role === "owner", isReader: m.role === "analyst" })),
    list: {
      path,
      filters,
      isFiltered: filters.role !== undefined || filters.q !== undefined,
      total: counts.total,
      roleOptions: memberListRoles.map((r) => ({
        value: r,
        label: translator.t(locale, "lists.optionCount", { label: translator.t(locale, `members.role.${r}`), count: counts.roles.get(r) ?? 0 }),
        selected: r === filters.role,
      })),
      pager: pagerOf(path, filters, paging, page),
    },
    roles: memberRoles.map((r) => ({ value: r, selected: r === (values.role ?? "analyst") })),
    errors: translator.fields(locale, errors),
    values,
  };
}

const memberPath = z.object({ userId: pathId });

export const memberPages = [
  definePage({
    method: "get",
    path: "/assessments/:id/members",
    access: onAssessment("assessment.members"),
    view: "assessments/members",
    handle: ({ context, assessment, locale, req }) =>
      membersView(context, assessment, locale, {}, {}, parseListQuery(memberQuerySchema, rawQuery(req.originalUrl))),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/members",
    access: onAssessment("assessment.members"),
    body: addMemberSchema,
    handle: ({ context, actor, assessment, body, req }) => {
      addMember(serviceDeps(context), actor, assessment.id, body, requestMeta(req));
      return redirect(membersPath(assessment));
    },
    onInvalid: ({ context, assessment, locale, values }, error) => {
      const errors = byFormField(error.fields);
      return render("assessments/members", membersView(context, assessment, locale, errors, values), Object.keys(errors).length ? 400 : 200);
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/members/:userId/raw-data",
    access: onAssessment("assessment.members"),
    params: memberPath,
    body: rawDataGrantSchema,
    handle: ({ context, actor, assessment, params, body, req }) => {
      setRawDataGrant(serviceDeps(context), actor, assessment.id, params.userId, body.grant === "1", requestMeta(req));
      return redirect(membersPath(assessment));
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/members/:userId/remove",
    access: onAssessment("assessment.members"),
    params: memberPath,
    confirm: ({ context, assessment, params }) => {
      const user = findUserById(context.database.db, params.userId);
      return user
        ? {
            actionKey: "confirm.action.removeMember",
            consequences: [{ key: "confirm.removeMember.person", params: { name: user.name ? `${user.name} <${user.email}>` : user.email } }],
            back: membersPath(assessment),
          }
        : undefined;
    },
    handle: ({ context, actor, assessment, params, req }) => {
      removeMember(serviceDeps(context), actor, assessment.id, params.userId, requestMeta(req));
      return redirect(membersPath(assessment));
    },
  }),
];
