// Who works on an assessment (/assessments/:id/members): experts and analysts granted access, a filtered keyset page
// at a time (lists/member-list.ts, rows read-only), adding one; one member's own page (…/:userId/edit): opening raw
// data to an analyst, removing them (asked first).
import { z } from "zod";
import type { AppContext } from "../../context";
import { flash } from "../../auth/guards";
import { NotFoundError } from "../../errors";
import { definePage, pathId, redirect, render } from "../../web/pages";
import { onAssessment } from "../access";
import { memberListRoles, memberPage, memberQuerySchema, memberRoleCounts, type MemberQuery } from "../lists/member-list";
import { DEFAULT_PAGE_SIZE, pagerOf, parseListQuery, rawQuery } from "../../list-query";
import { addMember, addMemberSchema, findMember, memberRoles, rawDataGrantSchema, removeMember, setRawDataGrant, type AssessmentMember } from "../members";
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

/** One member's own page: who they are, their access, the raw-data choice of an analyst, and removing them. */
export function memberEditView(context: AppContext, assessment: AssessmentSummary, userId: number) {
  const member: AssessmentMember | undefined = findMember(context.database, assessment.id, userId);
  if (!member) throw new NotFoundError({ key: "errors.member.notFound" });
  return {
    title: pageTitle(assessment),
    assessment,
    member: { ...member, isOwner: member.role === "owner", isReader: member.role === "analyst" },
    rawDataOptions: [
      { value: "0", labelKey: "members.rawData.resultsOnly", checked: !member.rawData },
      { value: "1", labelKey: "members.rawData.granted", checked: member.rawData },
    ],
    listPath: membersPath(assessment),
  };
}

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
    method: "get",
    path: "/assessments/:id/members/:userId/edit",
    access: onAssessment("assessment.members"),
    params: memberPath,
    view: "assessments/member-edit",
    handle: ({ context, assessment, params }) => memberEditView(context, assessment, params.userId),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/members/:userId/raw-data",
    access: onAssessment("assessment.members"),
    params: memberPath,
    body: rawDataGrantSchema,
    handle: ({ context, actor, assessment, params, body, req }) => {
      setRawDataGrant(serviceDeps(context), actor, assessment.id, params.userId, body.grant === "1", requestMeta(req));
      flash(req, { kind: "success", key: "members.saved" });
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
            back: `${membersPath(assessment)}/${params.userId}/edit`,
          }
        : undefined;
    },
    handle: ({ context, actor, assessment, params, req }) => {
      removeMember(serviceDeps(context), actor, assessment.id, params.userId, requestMeta(req));
      return redirect(membersPath(assessment));
    },
  }),
];
