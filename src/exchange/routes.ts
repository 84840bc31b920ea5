// Staff pages for data in and out: the Data page of an assessment (exports, offline answer templates and their
// import) and the XLSForm page of instruments. Routes parse, authorise and delegate; the work is in the services.
import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { listInvitations, listOrganisations, findOrganisation, type AssessmentSummary } from "../assessments/repository";
import { requireAssessment } from "../assessments/service";
import { recordAudit } from "../audit/service";
import { authorize, can, type Action } from "../auth/policy";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import type { ImportProblem } from "./answer-import";
import { answerTemplateFor, importAnswerTemplate, ImportRefusedError } from "./answer-import-service";
import { buildExport, exportFiles, XLSX_TYPE } from "./export-service";
import { answerShapes } from "./exports";
import { instrumentRoutes } from "./instrument-routes";
import { singleFileUpload } from "../uploads/middleware";

function idParam(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

const exportQuerySchema = z.object({
  shape: z.enum(answerShapes, { message: "must be long or wide" }).default("long"),
  identity: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("0"),
  lang: z.string().max(20, "must be a language code").optional(),
});

const importFormSchema = z.object({ submit: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("0") });

export function sendDownload(res: Response, filename: string, contentType: string, body: Buffer): void {
  res.setHeader("Content-Disposition", `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`);
  res.setHeader("Cache-Control", "no-store");
  res.type(contentType).send(body);
}

export function exchangeRouter(context: AppContext): Router {
  const router = Router();
  const { database, instruments } = context;
  const deps = { database, instruments, countries: context.countries, clock: context.clock, uploadLimits: context.config.uploads };
  const upload = singleFileUpload(context.config.uploads);

  const load = (req: Request, action: Action): AssessmentSummary => {
    const assessment = requireAssessment(context, idParam(req.params.id));
    authorize(req.actor ?? null, action, { id: assessment.id, countryIso3: assessment.countryIso3 });
    return assessment;
  };

  const renderData = (req: Request, res: Response, assessment: AssessmentSummary, extra: { problems?: ImportProblem[]; imported?: { rows: number; changed: number; submitted: number } } = {}) => {
    const resource = { id: assessment.id, countryIso3: assessment.countryIso3 };
    const canManage = can(req.actor!, "invitation.manage", resource);
    const showIdentity = can(req.actor!, "respondent.identity", resource);
    // Active invitations only: a withdrawn link takes no answers, so it gets no template.
    const invitations = canManage ? listInvitations(database.db, assessment.id) : [];
    res.status(extra.problems?.length ? 400 : 200).render("exchange/data", {
      title: `${assessment.countryName} · ${assessment.roundLabel}`,
      assessment,
      canIdentify: showIdentity,
      canReadRaw: can(req.actor!, "data.raw", resource),
      canManage,
      acceptsAnswers: assessment.status === "open",
      languages: assessment.languages.map((code) => ({ code, name: context.translator.t(code, "language.name") })),
      organisations: canManage
        ? listOrganisations(database.db, assessment.id)
            .map((o) => ({ id: o.id, name: o.name, invitations: invitations.filter((i) => i.organisationId === o.id).length }))
            .filter((o) => o.invitations > 0)
        : [],
      invitations: invitations.map((i) => ({ id: i.id, organisationName: i.organisationName, status: i.status, name: showIdentity ? i.name : null })),
      problems: context.translator.problems(res.locals.locale, extra.problems ?? []),
      imported: extra.imported,
    });
  };

  router.get("/assessments/:id/data", (req, res) => {
    renderData(req, res, load(req, "data.export"));
  });

  router.get("/assessments/:id/data/:file", async (req, res) => {
    const assessment = load(req, "data.export");
    const file = exportFiles.find((f) => f === req.params.file);
    if (!file) throw new NotFoundError({ key: "errors.export.notFound" });
    // Individual answers are raw data: a reader of results gets them only when an expert has opened them (data.raw).
    if (file.startsWith("answers.")) authorize(req.actor ?? null, "data.raw", { id: assessment.id, countryIso3: assessment.countryIso3 });
    const query = parseInput(exportQuerySchema, req.query);
    const includeIdentity = query.identity === "1";
    // Names and e-mail addresses need the stronger right; asking without it is refused, never silently dropped.
    if (includeIdentity) authorize(req.actor ?? null, "respondent.identity", { id: assessment.id, countryIso3: assessment.countryIso3 });
    const exported = await buildExport(deps, assessment, file, { shape: query.shape, includeIdentity, language: query.lang ?? (res.locals.locale as string) });
    // Personal data leaving the application is recorded: who took names and e-mail addresses, of which assessment.
    if (includeIdentity)
      recordAudit(database.db, { actor: req.actor!, action: "data.export.identity", objectType: "assessment", objectId: assessment.id, details: { file, shape: query.shape }, ip: req.ip ?? null });
    sendDownload(res, exported.filename, exported.contentType, exported.body);
  });

  router.get("/assessments/:id/organisations/:organisationId/answer-template.xlsx", async (req, res) => {
    const assessment = load(req, "invitation.manage");
    const organisationId = idParam(req.params.organisationId);
    if (!findOrganisation(database.db, assessment.id, organisationId)) throw new NotFoundError({ key: "errors.organisation.notFound" });
    const template = await answerTemplateFor(deps, assessment, { organisationId }, { translator: context.translator, locale: res.locals.locale as string });
    sendDownload(res, template.filename, XLSX_TYPE, template.body);
  });

  router.get("/assessments/:id/invitations/:invitationId/answer-template.xlsx", async (req, res) => {
    const assessment = load(req, "invitation.manage");
    const template = await answerTemplateFor(deps, assessment, { invitationId: idParam(req.params.invitationId) }, { translator: context.translator, locale: res.locals.locale as string });
    sendDownload(res, template.filename, XLSX_TYPE, template.body);
  });

  // Who uploads is checked before multer reads a byte of the body.
  const mayImportAnswers: RequestHandler = (req, _res, next) => {
    load(req, "invitation.manage");
    next();
  };
  router.post("/assessments/:id/data/answers", mayImportAnswers, upload, async (req, res) => {
    const assessment = load(req, "invitation.manage");
    const form = parseInput(importFormSchema, req.body ?? {});
    if (!req.file) return renderData(req, res, assessment, { problems: [{ sheet: "", row: 0, column: "file", message: context.translator.t(res.locals.locale, "exchange.import.noFile") }] });
    try {
      const result = await importAnswerTemplate(deps, req.actor!, assessment, req.file.buffer, { submit: form.submit === "1", ip: req.ip ?? null });
      renderData(req, res, assessment, { imported: result });
    } catch (error) {
      if (error instanceof ImportRefusedError) return renderData(req, res, assessment, { problems: error.problems });
      throw error;
    }
  });

  instrumentRoutes(router, context, upload);
  return router;
}
