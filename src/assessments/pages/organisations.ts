// An assessment's organisations (GET/POST /assessments/:id/organisations): the filtered, paged list (rows read-only),
// adding, renaming one on its own edit page (…/:organisationId/edit) and removing one.
import { z } from "zod";
import type { AppContext } from "../../context";
import { organisationTypes } from "../../db/schema";
import { flash } from "../../auth/guards";
import { NotFoundError } from "../../errors";
import { definePage, pathId, redirect, type Confirmation, type RefusedForm } from "../../web/pages";
import { onAssessment, onOrganisation } from "../access";
import { organisationFigures } from "../consequences";
import { organisationCounts, organisationPage, organisationQuerySchema, type OrganisationQuery } from "../lists/organisation-list";
import { DEFAULT_PAGE_SIZE, pagerOf, parseListQuery, rawQuery } from "../../list-query";
import { findOrganisation, type AssessmentSummary, type OrganisationRow } from "../repository";
import { organisationSchema } from "../schemas";
import { addOrganisation, removeOrganisation, updateOrganisation } from "../service";
import { pageTitle, requestMeta, serviceDeps } from "./shared";

const listPath = (assessment: AssessmentSummary) => `/assessments/${assessment.id}/organisations`;

/** The page's view model: a page of the list, and the add form with its values and errors. */
export function organisationsView(
  context: AppContext,
  assessment: AssessmentSummary,
  locale: string,
  errors: Record<string, string> = {},
  values: Record<string, unknown> = {},
  query?: OrganisationQuery,
) {
  const { database, translator } = context;
  const paging = query ?? { size: DEFAULT_PAGE_SIZE };
  const filters = { type: query?.type, q: query?.q };
  const page = organisationPage(database, assessment.id, filters, paging);
  const counts = organisationCounts(database, assessment.id, filters);
  const path = `/assessments/${assessment.id}/organisations`;
  return {
    title: pageTitle(assessment),
    assessment,
    organisations: page.rows.map((o) => ({ ...o, isRemovable: o.responses === 0 })),
    list: {
      path,
      filters,
      isFiltered: filters.type !== undefined || filters.q !== undefined,
      total: counts.total,
      typeOptions: organisationTypes.map((t) => ({
        value: t,
        label: translator.t(locale, "lists.optionCount", { label: translator.t(locale, `organisationType.${t}`), count: counts.types.get(t) ?? 0 }),
        selected: t === filters.type,
      })),
      pager: pagerOf(path, filters, paging, page),
    },
    types: organisationTypes.map((t) => ({ value: t, selected: t === (values.type ?? "ministry") })),
    typeOptions: organisationTypes.map((t) => ({ value: t, labelKey: `organisationType.${t}`, selected: t === (values.type ?? "ministry") })),
    errors: translator.fields(locale, errors),
    values,
    isPublished: assessment.status === "published",
  };
}

/** The edit page of one organisation: its form alone, so no other row's "Save" is within reach. */
export function organisationEditView(context: AppContext, assessment: AssessmentSummary, organisation: OrganisationRow, refused?: RefusedForm) {
  const values = refused?.values ?? { name: organisation.name, type: organisation.type };
  return {
    title: pageTitle(assessment),
    assessment,
    organisation,
    values,
    errors: refused?.errors ?? {},
    typeOptions: organisationTypes.map((t) => ({ value: t, labelKey: `organisationType.${t}`, selected: t === values.type })),
    listPath: listPath(assessment),
  };
}

const organisationPath = z.object({ organisationId: pathId });

function requireOrganisation(context: AppContext, assessment: AssessmentSummary, organisationId: number): OrganisationRow {
  const organisation = findOrganisation(context.database.db, assessment.id, organisationId);
  if (!organisation) throw new NotFoundError({ key: "errors.organisation.notFound" });
  return organisation;
}

export const organisationPages = [
  definePage({
    method: "get",
    path: "/assessments/:id/organisations",
    access: onAssessment("organisation.manage"),
    view: "assessments/organisations",
    handle: ({ context, assessment, locale, req }) =>
      organisationsView(context, assessment, locale, {}, {}, parseListQuery(organisationQuerySchema, rawQuery(req.originalUrl))),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/organisations",
    access: onAssessment("organisation.manage"),
    body: organisationSchema,
    handle: ({ context, actor, assessment, body, req }) => {
      addOrganisation(serviceDeps(context), actor, assessment.id, body, requestMeta(req));
      return redirect(listPath(assessment));
    },
    form: {
      view: "assessments/organisations",
      model: ({ context, assessment, locale }, refused) => organisationsView(context, assessment, locale, refused.errors, refused.values),
    },
  }),
  definePage({
    method: "get",
    path: "/assessments/:id/organisations/:organisationId/edit",
    access: onOrganisation("organisation.manage"),
    view: "assessments/organisation-edit",
    handle: ({ context, assessment, organisation }) => organisationEditView(context, assessment, organisation),
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/organisations/:organisationId",
    access: onAssessment("organisation.manage"),
    params: organisationPath,
    body: organisationSchema,
    handle: ({ context, actor, assessment, params, body, req }) => {
      updateOrganisation(serviceDeps(context), actor, assessment.id, params.organisationId, body, requestMeta(req));
      flash(req, { kind: "success", key: "organisations.saved", params: { name: body.name } });
      return redirect(listPath(assessment));
    },
    // The organisation's edit page comes back with what was typed and its messages.
    form: {
      view: "assessments/organisation-edit",
      model: ({ context, assessment, params }, refused) =>
        organisationEditView(context, assessment, requireOrganisation(context, assessment, params.organisationId), refused),
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/organisations/:organisationId/delete",
    access: onAssessment("organisation.manage"),
    params: organisationPath,
    // Its invitations go with it: asked first, with how many links stop working (not when it is refused anyway).
    confirm: ({ context, assessment, params }) => {
      const organisation = findOrganisation(context.database.db, assessment.id, params.organisationId);
      if (!organisation || assessment.status === "published") return undefined;
      const figures = organisationFigures(context.database, organisation.id);
      if (figures.responses > 0) return undefined;
      const confirmation: Confirmation = {
        actionKey: "confirm.action.removeOrganisation",
        consequences: [
          { key: "confirm.removeOrganisation.what", params: { name: organisation.name } },
          { key: "confirm.revokeInvitation.links", params: { count: figures.invitations } },
        ],
        back: listPath(assessment),
      };
      return confirmation;
    },
    handle: ({ context, actor, assessment, params, req }) => {
      removeOrganisation(serviceDeps(context), actor, assessment.id, params.organisationId, requestMeta(req));
      return redirect(listPath(assessment));
    },
  }),
];
