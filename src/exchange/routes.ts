// Staff pages for data in and out: the Data page of an assessment (exports, offline answer templates and their
// import) and the XLSForm page of instruments. Routes parse, authorise and delegate; the work is in the services.
import { Router, type Response } from "express";
import { z } from "zod";
import { onAssessment, onOrganisation } from "../assessments/access";
import { listInvitations, listOrganisations, type AssessmentSummary } from "../assessments/repository";
import { recordAudit } from "../audit/service";
import { authorize, can, type Actor } from "../auth/policy";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import type { ImportProblem } from "./answer-import";
import { answerTemplateFor, importAnswerTemplate, ImportRefusedError } from "./answer-import-service";
import { importSubmissions, type SubmissionImportResult } from "./submission-import-service";
import { instrumentText } from "../questionnaires/i18n";
import { decimalInteger } from "../numbers";
import { buildExport, exportFiles, XLSX_TYPE } from "./export-service";
import { answerShapes } from "./exports";
import { instrumentPages } from "./instrument-routes";
import { definePage, pageRouter, pathId, render } from "../web/pages";

const exportQuerySchema = z.object({
  shape: z.enum(answerShapes, { message: "must be long or wide" }).default("long"),
  identity: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("0"),
  lang: z.string().max(20, "must be a language code").optional(),
});

const importFormSchema = z.object({ submit: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("0") });

const levelId = z.string().max(100, "must be a level of this assessment");
/** The submissions import: the organisation the respondents belong to and the levels they answered (checkboxes). */
const submissionsFormSchema = z.object({
  organisationId: decimalInteger("must be an organisation of this assessment", { min: 1 }),
  levels: z
    .union([levelId, z.array(levelId).max(20, "must be levels of this assessment")])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export function sendDownload(res: Response, filename: string, contentType: string, body: Buffer): void {
  res.setHeader("Content-Disposition", `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`);
  res.setHeader("Cache-Control", "no-store");
  res.type(contentType).send(body);
}

export function exchangeRouter(context: AppContext): Router {
  const router = Router();
  const { database, instruments } = context;
  const deps = { database, instruments, countries: context.countries, clock: context.clock, uploadLimits: context.config.uploads, secret: context.secret };

  /** The Data page (with status 400 when it shows the problems of an import). */
  const dataPage = (
    actor: Actor,
    assessment: AssessmentSummary,
    locale: string,
    extra: {
      problems?: ImportProblem[];
      imported?: { rows: number; changed: number; submitted: number };
      submissions?: SubmissionImportResult & { organisation: string };
      /** The submissions form as sent, when its import was refused. */
      submissionValues?: { organisationId?: number; levels?: string[] };
    } = {},
  ) => {
    const canManage = can(actor, "invitation.manage", assessment);
    const showIdentity = can(actor, "respondent.identity", assessment);
    // Active invitations only: a withdrawn link takes no answers, so it gets no template.
    const invitations = canManage ? listInvitations(database.db, assessment.id) : [];
    const allOrganisations = canManage ? listOrganisations(database.db, assessment.id) : [];
    const instrument = instruments.pinned(database, assessment.instrumentVersion);
    const chosenLevels = extra.submissionValues?.levels?.length ? extra.submissionValues.levels : assessment.levels;
    return render(
      "exchange/data",
      {
        title: `${assessment.countryName} · ${assessment.roundLabel}`,
        assessment,
        canIdentify: showIdentity,
        canReadRaw: can(actor, "data.raw", assessment),
        canManage,
        acceptsAnswers: assessment.status === "open",
        languages: assessment.languages.map((code) => ({ code, name: context.translator.t(code, "language.name") })),
        organisations: canManage
          ? listOrganisations(database.db, assessment.id)
              .map((o) => ({ id: o.id, name: o.name, invitations: invitations.filter((i) => i.organisationId === o.id).length }))
              .filter((o) => o.invitations > 0)
          : [],
        invitations: invitations.map((i) => ({ id: i.id, organisationName: i.organisationName, status: i.status, name: showIdentity ? i.name : null })),
        problems: context.translator.problems(locale, extra.problems ?? []),
        imported: extra.imported,
        submissions: extra.submissions,
        submissionOrganisations: allOrganisations.map((o) => ({ id: o.id, name: o.name, selected: o.id === extra.submissionValues?.organisationId })),
        submissionLevels: assessment.levels.map((id) => ({
          id,
          title: instrumentText(instrument, `level.${id}.title`, locale),
          checked: chosenLevels.includes(id),
        })),
      },
      extra.problems?.length ? 400 : 200,
    );
  };

  router.use(
    pageRouter(context, [
      definePage({
        method: "get",
        path: "/assessments/:id/data",
        access: onAssessment("data.export"),
        handle: ({ actor, assessment, locale }) => dataPage(actor, assessment, locale),
      }),
      definePage({
        method: "get",
        path: "/assessments/:id/data/:file",
        access: onAssessment("data.export"),
        handle: async ({ actor, assessment, req, res, locale }) => {
          const file = exportFiles.find((f) => f === req.params.file);
          if (!file) throw new NotFoundError({ key: "errors.export.notFound" });
          // Individual answers are raw data: a reader of results gets them only when an expert has opened them (data.raw).
          if (file.startsWith("answers.")) authorize(actor, "data.raw", assessment);
          const query = parseInput(exportQuerySchema, req.query);
          const includeIdentity = query.identity === "1";
          // Names and e-mail addresses need the stronger right; asking without it is refused, never silently dropped.
          if (includeIdentity) authorize(actor, "respondent.identity", assessment);
          const exported = await buildExport(deps, assessment, file, { shape: query.shape, includeIdentity, language: query.lang ?? locale });
          // Personal data leaving the application is recorded: who took names and e-mail addresses, of which assessment.
          if (includeIdentity)
            recordAudit(database.db, {
              actor,
              action: "data.export.identity",
              objectType: "assessment",
              objectId: assessment.id,
              details: { file, shape: query.shape },
              ip: req.ip ?? null,
            });
          sendDownload(res, exported.filename, exported.contentType, exported.body);
        },
      }),
      definePage({
        method: "get",
        path: "/assessments/:id/organisations/:organisationId/answer-template.xlsx",
        access: onOrganisation("invitation.manage"),
        handle: async ({ assessment, organisation, res, locale }) => {
          const template = await answerTemplateFor(deps, assessment, { organisationId: organisation.id }, { translator: context.translator, locale });
          sendDownload(res, template.filename, XLSX_TYPE, template.body);
        },
      }),
      definePage({
        method: "get",
        path: "/assessments/:id/invitations/:invitationId/answer-template.xlsx",
        access: onAssessment("invitation.manage"),
        params: z.object({ invitationId: pathId }),
        handle: async ({ assessment, params, res, locale }) => {
          const template = await answerTemplateFor(deps, assessment, { invitationId: params.invitationId }, { translator: context.translator, locale });
          sendDownload(res, template.filename, XLSX_TYPE, template.body);
        },
      }),
      // Who uploads is checked before multer reads a byte of the body (upload: true).
      definePage({
        method: "post",
        path: "/assessments/:id/data/answers",
        access: onAssessment("invitation.manage"),
        upload: true,
        body: importFormSchema,
        handle: async ({ actor, assessment, body, req, locale }) => {
          if (!req.file)
            return dataPage(actor, assessment, locale, {
              problems: [{ sheet: "", row: 0, column: "file", message: context.translator.t(locale, "exchange.import.noFile") }],
            });
          try {
            const result = await importAnswerTemplate(deps, actor, assessment, req.file.buffer, { submit: body.submit === "1", ip: req.ip ?? null });
            return dataPage(actor, assessment, locale, { imported: result });
          } catch (error) {
            if (error instanceof ImportRefusedError) return dataPage(actor, assessment, locale, { problems: error.problems });
            throw error;
          }
        },
      }),
      // KoboToolbox / ODK submissions made on our XLSForm (docs/exchange.md); the same upload checks as above.
      definePage({
        method: "post",
        path: "/assessments/:id/data/submissions",
        access: onAssessment("invitation.manage"),
        upload: true,
        body: submissionsFormSchema,
        handle: async ({ actor, assessment, body, req, locale }) => {
          const values = { organisationId: body.organisationId, levels: body.levels };
          if (!req.file)
            return dataPage(actor, assessment, locale, {
              problems: [{ sheet: "", row: 0, column: "file", message: context.translator.t(locale, "exchange.submissions.noFile") }],
              submissionValues: values,
            });
          try {
            const result = await importSubmissions(deps, actor, assessment, req.file.buffer, {
              organisationId: body.organisationId,
              levels: body.levels,
              fileName: req.file.originalname,
              ip: req.ip ?? null,
            });
            const organisation = listOrganisations(database.db, assessment.id).find((o) => o.id === body.organisationId)?.name ?? "";
            return dataPage(actor, assessment, locale, { submissions: { ...result, organisation } });
          } catch (error) {
            if (error instanceof ImportRefusedError) return dataPage(actor, assessment, locale, { problems: error.problems, submissionValues: values });
            throw error;
          }
        },
      }),
    ]),
  );

  router.use(pageRouter(context, instrumentPages(context)));
  return router;
}
