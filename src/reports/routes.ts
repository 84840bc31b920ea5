// Report pages: the country report and an organisation's report, as HTML and PDF; publishing and unpublishing.
import { Router, type Request, type Response } from "express";
import { authorize, can } from "../auth/policy";
import { requireAssessment } from "../assessments/service";
import { findOrganisation, type AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { parsePeerGroupValue } from "../countries/repository";
import { directionOf } from "../i18n/locales";
import { peerGroupName } from "../i18n/names";
import { NotFoundError } from "../errors";
import type { ReportModel } from "./model";
import { reportPageView } from "./html";
import { publishReport, unpublishReport } from "./publishing";
import { reportFor } from "./service";

function idParam(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError();
  return id;
}

export function reportRouter(context: AppContext): Router {
  const router = Router();
  const { database, translator } = context;
  const deps = { database, instruments: context.instruments, countries: context.countries, clock: context.clock, secret: context.secret };

  /** The report the request asks for: its language, organisation, peer group and comments (when the reader may see them). */
  const modelFor = (req: Request, res: Response, assessment: AssessmentSummary, organisation?: { id: number }): ReportModel =>
    reportFor(deps, assessment, {
      language: typeof req.query.lang === "string" ? req.query.lang : res.locals.locale,
      organisation,
      peerGroup: typeof req.query.peers === "string" ? parsePeerGroupValue(req.query.peers) ?? null : undefined,
      comments: req.query.comments === "1" && can(req.actor ?? null, "report.comments", { id: assessment.id, countryIso3: assessment.countryIso3 }),
    });

  const loadReadable = (req: Request) => {
    const assessment = requireAssessment(context, idParam(req.params.id));
    authorize(req.actor ?? null, "report.read", { id: assessment.id, countryIso3: assessment.countryIso3 });
    return assessment;
  };

  const renderHtml = (req: Request, res: Response, assessment: AssessmentSummary, model: ReportModel) => {
    const resource = { id: assessment.id, countryIso3: assessment.countryIso3 };
    const base = model.meta.organisation ? `/assessments/${assessment.id}/organisations/${model.meta.organisation.id}/report` : `/assessments/${assessment.id}/report`;
    // The page is in the report's language, whatever the reader's interface language.
    res.locals.locale = model.meta.language;
    res.locals.dir = directionOf(model.meta.language);
    res.render("reports/show", {
      title: `${model.meta.countryName} · ${model.meta.roundLabel}`,
      scripts: ["/assets/vendor/chart.umd.js", "/assets/report.js"],
      bodyClass: model.meta.isDraft ? "report draft" : "report",
      assessment,
      model,
      view: reportPageView(model, translator),
      pdfHref: `${base}.pdf${model.meta.language ? `?lang=${model.meta.language}` : ""}`,
      languages: assessment.languages.map((code) => ({ code, name: translator.t(code, "language.name"), href: `${base}?lang=${code}`, isCurrent: code === model.meta.language })),
      canSeeComments: can(req.actor ?? null, "report.comments", resource),
      commentsHref: `${base}?lang=${model.meta.language}&comments=1`,
      showsComments: req.query.comments === "1",
      canPublish: can(req.actor ?? null, "assessment.publish", resource) && assessment.status === "closed" && !model.meta.organisation,
      canUnpublish: can(req.actor ?? null, "assessment.publish", resource) && assessment.status === "published" && !model.meta.organisation,
      peerOptions: model.meta.organisation ? [] : context.countries.peerGroupOptions().map((o) => ({ value: o.value, label: peerGroupName(model.meta.language, o.value), selected: o.value === model.peers?.group })),
      organisationLinks: model.meta.organisation
        ? []
        : model.responseRates.organisations.map((o) => ({ name: o.name, href: `/assessments/${assessment.id}/organisations/${o.organisationId}/report?lang=${model.meta.language}` })),
    });
  };

  const sendPdf = async (req: Request, res: Response, assessment: AssessmentSummary, model: ReportModel) => {
    // pdfkit and the fonts load on the first PDF, not at start-up: most requests never need them.
    const { renderReportPdf } = await import("./pdf/render");
    const pdf = await renderReportPdf(model, { translator, includeComments: model.comments.length > 0 });
    const name = `${assessment.countryIso3}-${assessment.roundLabel}${model.meta.organisation ? `-organisation-${model.meta.organisation.id}` : ""}-${model.meta.language}.pdf`.replace(/[^A-Za-z0-9._-]/g, "_");
    res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
    res.type("application/pdf").send(pdf);
  };

  router.get("/assessments/:id/report", (req, res) => {
    const assessment = loadReadable(req);
    renderHtml(req, res, assessment, modelFor(req, res, assessment));
  });

  router.get("/assessments/:id/report.pdf", async (req, res) => {
    const assessment = loadReadable(req);
    await sendPdf(req, res, assessment, modelFor(req, res, assessment));
  });

  const loadOrganisation = (req: Request) => {
    const assessment = loadReadable(req);
    const organisation = findOrganisation(database.db, assessment.id, idParam(req.params.organisationId));
    if (!organisation) throw new NotFoundError({ key: "errors.organisation.notFound" });
    return { assessment, organisation };
  };

  router.get("/assessments/:id/organisations/:organisationId/report", (req, res) => {
    const { assessment, organisation } = loadOrganisation(req);
    renderHtml(req, res, assessment, modelFor(req, res, assessment, organisation));
  });

  router.get("/assessments/:id/organisations/:organisationId/report.pdf", async (req, res) => {
    const { assessment, organisation } = loadOrganisation(req);
    await sendPdf(req, res, assessment, modelFor(req, res, assessment, organisation));
  });

  router.post("/assessments/:id/report/publish", (req, res) => {
    const assessment = requireAssessment(context, idParam(req.params.id));
    const actor = authorize(req.actor ?? null, "assessment.publish", { id: assessment.id, countryIso3: assessment.countryIso3 });
    publishReport(deps, actor, assessment.id, { ip: req.ip ?? null });
    res.redirect(303, `/assessments/${assessment.id}/report`);
  });

  router.post("/assessments/:id/report/unpublish", (req, res) => {
    const assessment = requireAssessment(context, idParam(req.params.id));
    const actor = authorize(req.actor ?? null, "assessment.publish", { id: assessment.id, countryIso3: assessment.countryIso3 });
    unpublishReport(deps, actor, assessment.id, { ip: req.ip ?? null });
    res.redirect(303, `/assessments/${assessment.id}`);
  });

  return router;
}
