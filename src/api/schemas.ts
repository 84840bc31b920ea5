// The API's zod schemas: what each response holds and what each request body accepts. The OpenAPI document is
// generated from these (openapi.ts); request bodies pin the JSON types, then hand over to the domain's own schemas.
import { evidenceListSchema } from "../evidence/exports";
import { z } from "zod";
import { createAssessmentSchema, invitationSchema, organisationSchema } from "../assessments/schemas";
import { zCountry } from "../countries/schema";
import { answerKinds, assessmentStatuses, invitationStatuses, organisationTypes } from "../db/schema";
import { instrumentSchema } from "../questionnaires/schema";
import { reportModelSchema } from "../reports/model";
import { portfolioSchema } from "../reports/portfolio";
import { pageOf } from "../pagination";
import { validationStateSchema } from "../validation/state";
import { problemSchema } from "../web/problem";

const id = z.number().int().positive();
const timestamp = z.string().meta({ description: "ISO 8601 date and time (UTC)." });
const date = z.string().meta({ description: "A date written YYYY-MM-DD.", examples: ["2026-09-30"] });

export const assessmentSchema = z.object({
  id,
  countryIso3: z.string().meta({ description: "ISO 3166-1 alpha-3 code of the assessed country." }),
  countryName: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.string().meta({ description: "Content hash of the pinned instrument version." }),
  roundLabel: z.string(),
  status: z.enum(assessmentStatuses),
  levels: z.array(z.string()).meta({ description: "The levels in scope (ids of the instrument's levels)." }),
  languages: z.array(z.string()),
  acceptsFallback: z
    .boolean()
    .meta({ description: "Whether languages the instrument is not complete in were accepted (their untranslated texts are shown in the fallback language)." }),
  opensOn: date.nullable(),
  closesOn: date.nullable(),
  isDemo: z.boolean(),
  minGroupSize: z.number().int().meta({ description: "Results of a group are shown only when at least this many respondents contributed." }),
  createdAt: timestamp,
});

export const organisationSchemaOut = z.object({
  id,
  assessmentId: id,
  name: z.string(),
  type: z.enum(organisationTypes),
  createdAt: timestamp,
});

export const invitationSchemaOut = z.object({
  id,
  assessmentId: id,
  organisationId: id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  levels: z.array(z.string()),
  language: z.string(),
  status: z.enum(invitationStatuses),
  createdAt: timestamp,
  revokedAt: timestamp.nullable(),
});

export const createdInvitationSchema = invitationSchemaOut.extend({
  link: z.string().meta({ description: "The respondent's personal link. Shown only in this response: store or send it now." }),
});

export const answerSchemaOut = z.object({
  itemId: z.string(),
  kind: z.enum(answerKinds).meta({ description: "answered, na (not applicable) or dontknow." }),
  current: z.number().int().nullable(),
  target: z.number().int().nullable(),
  importance: z.number().int().nullable(),
  comment: z.string().nullable(),
  updatedAt: timestamp,
  hidden: z.boolean().meta({
    description:
      "The item's relevance condition is false given the response's other answers: not asked, and counted as not applicable in every result (the answer is kept).",
  }),
});

export const responseSchemaOut = z.object({
  id,
  assessmentId: id,
  organisationId: id,
  invitationId: id.optional().meta({ description: "Only for those who may see who answered (runners and focal points)." }),
  levels: z.array(z.string()),
  language: z.string(),
  status: z.enum(["started", "submitted"]),
  startedAt: timestamp,
  updatedAt: timestamp.nullable(),
  submittedAt: timestamp.nullable(),
});

export const responseWithAnswersSchema = responseSchemaOut.extend({ answers: z.array(answerSchemaOut) });

export const instrumentSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  description: z.string(),
  sourceLanguage: z.string(),
  languages: z.array(z.string()).meta({ description: "Languages the instrument can be answered in." }),
  levels: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dimensions: z.array(z.object({ id: z.string(), title: z.string(), items: z.number().int().meta({ description: "Number of items." }) })),
    }),
  ),
});

/** Named schemas: these become components of the OpenAPI document, in this order. */
export const namedResponseSchemas = {
  Assessment: assessmentSchema,
  AssessmentPage: pageOf(assessmentSchema),
  Organisation: organisationSchemaOut,
  OrganisationPage: pageOf(organisationSchemaOut),
  Invitation: invitationSchemaOut,
  InvitationPage: pageOf(invitationSchemaOut),
  CreatedInvitation: createdInvitationSchema,
  Response: responseSchemaOut,
  ResponsePage: pageOf(responseSchemaOut),
  ResponseWithAnswers: responseWithAnswersSchema,
  Answer: answerSchemaOut,
  Country: zCountry,
  CountryPage: pageOf(zCountry),
  InstrumentSummary: instrumentSummarySchema,
  InstrumentPage: pageOf(instrumentSummarySchema),
  Instrument: instrumentSchema,
  ReportModel: reportModelSchema,
  Portfolio: portfolioSchema,
  ValidationState: validationStateSchema,
  EvidenceList: evidenceListSchema,
  // The error body (RFC 9457): one shape for the API and the pages' scripts, built by web/problem.ts.
  Problem: problemSchema,
} as const;

// Request bodies: the first object fixes the JSON shape (and documents it); the domain schema then applies the
// rules the staff pages apply, with the same messages.
/** Hands the JSON-typed body to the domain schema (whose preprocessing also takes form posts, hence its loose input type). */
function checkedBy<S extends z.ZodObject, D extends z.ZodType>(shape: S, domain: D) {
  return shape.pipe(domain as unknown as z.ZodType<z.output<D>, z.output<S>>);
}

const isoDateInput = z
  .string()
  .nullable()
  .optional()
  .meta({ description: "A date written YYYY-MM-DD.", examples: ["2026-09-30"] });

export const createAssessmentBody = checkedBy(
  z.object({
    countryIso3: z.string().meta({ description: "ISO 3166-1 alpha-3 code (see GET /countries).", examples: ["LAO"] }),
    instrumentId: z.string().meta({ description: "An instrument id (see GET /instruments).", examples: ["digital-government"] }),
    roundLabel: z.string().meta({ description: "The round, unique per country and instrument.", examples: ["2026"] }),
    levels: z.array(z.string()).meta({ description: "Level ids of the instrument to cover.", examples: [["institutional", "organisational"]] }),
    languages: z.array(z.string()).meta({
      description: "Languages respondents may answer in. Each must be one the instrument is complete in, unless acceptsFallback is true.",
      examples: [["en", "fr"]],
    }),
    acceptsFallback: z.boolean().optional().meta({
      description:
        "Accept languages the instrument is not complete in: their untranslated texts are shown in the fallback language, and respondents are told so (default false).",
    }),
    opensOn: isoDateInput,
    closesOn: isoDateInput,
    minGroupSize: z.number().int().optional().meta({ description: "Confidentiality threshold, 3 to 50 (default 3)." }),
  }),
  createAssessmentSchema,
);

export const createOrganisationBody = checkedBy(
  z.object({
    name: z.string().meta({ examples: ["Ministry of Finance"] }),
    type: z.enum(organisationTypes),
  }),
  organisationSchema,
);

export const createInvitationBody = checkedBy(
  z.object({
    organisationId: z.number().int().meta({ description: "An organisation of this assessment." }),
    name: z.string().optional().meta({ description: "The respondent's name (seen by those who manage invitations)." }),
    email: z.string().optional(),
    levels: z.array(z.string()).meta({ description: "Levels this respondent answers (within the assessment's levels)." }),
    language: z.string().meta({ description: "One of the assessment's languages.", examples: ["en"] }),
  }),
  invitationSchema,
);

export const namedRequestSchemas = {
  CreateAssessment: createAssessmentBody,
  CreateOrganisation: createOrganisationBody,
  CreateInvitation: createInvitationBody,
} as const;
