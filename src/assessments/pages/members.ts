// Who works on an assessment (/assessments/:id/members): experts and analysts granted access, adding one, opening
// raw data to an analyst, removing one.
import { z } from "zod";
import type { AppContext } from "../../context";
import { definePage, redirect, render } from "../../web/pages";
import { onAssessment, pathId } from "../access";
import { addMember, addMemberSchema, listMembers, memberRoles, rawDataGrantSchema, removeMember, setRawDataGrant } from "../members";
import type { AssessmentSummary } from "../repository";
import { byFormField, pageTitle, requestMeta, serviceDeps } from "./shared";

/** The page's view model: the members, and the add form with its values and errors. */
export function membersView(context: AppContext, assessment: AssessmentSummary, locale: string, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) {
  return {
    title: pageTitle(assessment),
    assessment,
    members: listMembers(context.database, assessment.id).map((m) => ({ ...m, isOwner: m.role === "owner", isReader: m.role === "analyst" })),
    roles: memberRoles.map((r) => ({ value: r, selected: r === (values.role ?? "analyst") })),
    errors: context.translator.fields(locale, errors),
    values,
  };
}

const memberPath = z.object({ userId: pathId });
const membersPath = (assessment: AssessmentSummary) => `/assessments/${assessment.id}/members`;

export const memberPages = [
  definePage({
    method: "get",
    path: "/assessments/:id/members",
    access: onAssessment("assessment.members"),
    view: "assessments/members",
    handle: ({ context, assessment, locale }) => membersView(context, assessment, locale),
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
    handle: ({ context, actor, assessment, params, req }) => {
      removeMember(serviceDeps(context), actor, assessment.id, params.userId, requestMeta(req));
      return redirect(membersPath(assessment));
    },
  }),
];
