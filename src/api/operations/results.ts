// Computed results: the report model the HTML and PDF reports are rendered from, as JSON.
import { z } from "zod";
import { findOrganisation, type AssessmentSummary } from "../../assessments/repository";
import type { AppContext } from "../../context";
import { parsePeerGroupValue } from "../../countries/repository";
import type { ReportModel } from "../../reports/model";
import { offersLanguage, reportFor } from "../../reports/service";
import { NotFoundError } from "../../errors";
import { ApiInputError } from "../../errors";
import { portfolioOf, portfolioQuerySchema } from "../../reports/portfolio";
import { defineOperation } from "../registry";
import { assessmentParams, organisationParams } from "../parameters";

const languageQuery = z
  .string()
  .regex(/^[a-z]{2,3}$/, "must be a language code such as en or fr")
  .optional()
  .meta({ description: "One of the assessment's languages; by default English when offered, else its first language." });

const resultsQuery = z.object({
  lang: languageQuery,
  peers: z.string().max(200).optional().meta({
    description: 'The peer group to compare with, such as "group:LDC" or "subregion:South-eastern Asia", or "none"; by default the country\'s own group.',
  }),
  by: z.string().max(100).optional().meta({
    description:
      "A background question (single choice or yes/no) to break the results down by: `breakdown` then holds each category's dimension results, small categories suppressed as everywhere.",
  }),
});

/** The API refuses a language the assessment does not offer, where the pages fall back (reportLanguage). */
function askedLanguage(assessment: AssessmentSummary, asked: string | undefined): string | undefined {
  if (asked !== undefined && !offersLanguage(assessment, asked))
    throw new ApiInputError([{ in: "query", path: "lang", message: `must be one of ${assessment.languages.join(", ")}` }]);
  return asked;
}

function peerGroupOf(context: AppContext, peers: string | undefined) {
  if (peers === undefined) return undefined;
  if (peers === "none") return null;
  const known = context.countries.peerGroupOptions().some((option) => option.value === peers);
  const spec = known ? parsePeerGroupValue(peers) : undefined;
  if (!spec)
    throw new ApiInputError([
      { in: "query", path: "peers", message: 'must be "none" or a peer group such as group:LDC, region:Asia or subregion:South-eastern Asia' },
    ]);
  return spec;
}

/** As the report pages do: a published report is its frozen snapshot (unless another peer group is asked for). */
function resultsOf(context: AppContext, assessment: AssessmentSummary, query: z.output<typeof resultsQuery>, organisationId?: number): ReportModel {
  return reportFor(context, assessment, {
    language: askedLanguage(assessment, query.lang),
    organisation: organisationId === undefined ? undefined : { id: organisationId },
    peerGroup: peerGroupOf(context, query.peers),
    by: query.by,
  });
}

export const resultOperations = [
  defineOperation({
    method: "get",
    path: "/portfolio",
    operationId: "getPortfolio",
    tag: "Results",
    summary: "Read the portfolio: every assessment you may see, with its headline figures",
    description:
      "One row per assessment you may read (administrators all; experts and analysts those they run or were granted; focal points those of their countries), newest first: overall and level indices, response rate, status and validation coverage, as the /portfolio page shows them. A published assessment's figures come from its frozen report; a withheld index is null with its status. Filters: country group, M49 region, instrument.",
    access: { kind: "action", action: "assessment.list" },
    query: portfolioQuerySchema,
    response: { status: 200, schema: "Portfolio", description: "The assessments, each with its figures." },
    handle: ({ context, actor, query }) => ({ assessments: portfolioOf(context, actor, query) }),
  }),
  defineOperation({
    method: "get",
    path: "/assessments/{id}/results",
    operationId: "getResults",
    tag: "Results",
    summary: "Read the computed results of an assessment",
    description:
      "The report model: scores per level, dimension and item, ranked gaps, heatmap, recommendations, roadmap, response rates, progress since the previous round and the peer comparison. Small groups are suppressed as in the reports. A published assessment returns its frozen report.",
    access: { kind: "assessment", action: "report.read" },
    params: assessmentParams,
    query: resultsQuery,
    response: { status: 200, schema: "ReportModel", description: "The report model." },
    handle: ({ context, assessment, query }) => resultsOf(context, assessment, query),
  }),
  defineOperation({
    method: "get",
    path: "/assessments/{id}/organisations/{organisationId}/results",
    operationId: "getOrganisationResults",
    tag: "Results",
    summary: "Read the computed results of one organisation",
    description: "The organisation's own report model, beside the national figures; suppressed when it has too few respondents.",
    access: { kind: "assessment", action: "report.read" },
    params: organisationParams,
    query: resultsQuery.pick({ lang: true }),
    response: { status: 200, schema: "ReportModel", description: "The organisation's report model." },
    handle: ({ context, assessment, params, query }) => {
      if (!findOrganisation(context.database.db, assessment.id, params.organisationId))
        throw new NotFoundError("There is no such organisation in this assessment.");
      return resultsOf(context, assessment, query, params.organisationId);
    },
  }),
];
