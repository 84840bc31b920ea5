// An assessment's organisations (GET/POST /assessments/:id/organisations): the filtered, paged list, adding,
// renaming and removing one.
import { z } from "zod";
import type { AppContext } from "../../context";
import { organisationTypes } from "../../db/schema";
import { definePage, pathId, redirect } from "../../web/pages";
import { onAssessment } from "../access";
import { organisationCounts, organisationPage, organisationQuerySchema, type OrganisationQuery } from "../lists/organisation-list";
import { DEFAULT_PAGE_SIZE, pagerOf, parseListQuery, rawQuery } from "../../list-query";
import type { AssessmentSummary } from "../repository";
import { organisationSchema } from "../schemas";
import { addOrganisation, removeOrganisation, updateOrganisation } from "../service";
import { pageTitle, requestMeta, serviceDeps } from "./shared";

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
    organisations: page.rows.map((o) => ({
      ...o,
      isRemovable: o.responses === 0,
      types: organisationTypes.map((t) => ({ value: t, selected: t === o.type })),
    })),
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

const organisationPath = z.object({ organisationId: pathId });
const listPath = (assessment: AssessmentSummary) => `/assessments/${assessment.id}/organisations`;

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
    method: "post",
    path: "/assessments/:id/organisations/:organisationId",
    access: onAssessment("organisation.manage"),
    params: organisationPath,
    body: organisationSchema,
    handle: ({ context, actor, assessment, params, body, req }) => {
      updateOrganisation(serviceDeps(context), actor, assessment.id, params.organisationId, body, requestMeta(req));
      return redirect(listPath(assessment));
    },
    // The row's own form comes back with what was typed and its message; the add form below stays as it was.
    form: {
      view: "assessments/organisations",
      model: ({ context, assessment, locale, params }, refused) => {
        const view = organisationsView(context, assessment, locale);
        const organisations = view.organisations.map((o) =>
          o.id === params.organisationId
            ? { ...o, name: String(refused.values.name ?? ""), error: refused.errors.name ?? refused.errors.type ?? refused.errors._ }
            : o,
        );
        return { ...view, organisations };
      },
    },
  }),
  definePage({
    method: "post",
    path: "/assessments/:id/organisations/:organisationId/delete",
    access: onAssessment("organisation.manage"),
    params: organisationPath,
    handle: ({ context, actor, assessment, params, req }) => {
      removeOrganisation(serviceDeps(context), actor, assessment.id, params.organisationId, requestMeta(req));
      return redirect(listPath(assessment));
    },
  }),
];
