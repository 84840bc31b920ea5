// Report pages: the country report and an organisation's report, as HTML and PDF; publishing and unpublishing.
import type { Request, Response, Router } from "express";
import { can } from "../auth/policy";
import { onAssessment, onOrganisation } from "../assessments/access";
import { lifecycleConfirmation } from "../assessments/consequences";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { parsePeerGroupValue } from "../countries/repository";
import { directionOf } from "../i18n/locales";
import { peerGroupName } from "../i18n/names";
import { definePage, pageRouter, redirect } from "../web/pages";
import type { ReportModel } from "./model";
import { reportPageView, reportSections, withSections } from "./html";
import { renderFragment } from "../web/views";
import { breakdownQuestions } from "./breakdown";
import { instrumentText } from "../questionnaires/i18n";
import { portfolioPages } from "./portfolio-routes";
import { publishReport, unpublishReport } from "./publishing";
import { reportFile, type ReportFormat } from "./report-file";
import { reportFor } from "./service";

export function reportRouter(context: AppContext): Router {
  const { database, translator } = context;
  const deps = { database, instruments: context.instruments, countries: context.countries, clock: context.clock, secret: context.secret };

  /** The report the request asks for: its language, organisation, peer group and comments (when the reader may see them). */
  const modelFor = (req: Request, res: Response, assessment: AssessmentSummary, organisation?: { id: number }): ReportModel =>
    reportFor(deps, assessment, {
      language: typeof req.query.lang === "string" ? req.query.lang : res.locals.locale,
      organisation,
      peerGroup: typeof req.query.peers === "string" ? (parsePeerGroupValue(req.query.peers) ?? null) : undefined,
      by: typeof req.query.by === "string" && req.query.by !== "" ? req.query.by : undefined,
      comments: req.query.comments === "1" && can(req.actor ?? null, "report.comments", assessment),
    });

  /** The report's contents and sections: read from the model only, so rendered once per kept model (html.ts). */
  const renderSections = (req: Request, res: Response, assessment: AssessmentSummary, model: ReportModel): string =>
    renderFragment(req.app, "reports/sections", {
      locale: model.meta.language,
      dir: res.locals.dir,
      assessment,
      model,
      view: reportPageView(model, translator),
      peerOptions: model.meta.organisation
        ? []
        : context.countries
            .peerGroupOptions()
            .map((o) => ({ value: o.value, label: peerGroupName(model.meta.language, o.value), selected: o.value === model.peers?.group })),
      organisationLinks: model.meta.organisation
        ? []
        : model.responseRates.organisations.map((o) => ({
            name: o.name,
            href: `/assessments/${assessment.id}/organisations/${o.organisationId}/report?lang=${model.meta.language}`,
          })),
    });

  const renderHtml = (req: Request, res: Response, assessment: AssessmentSummary, model: ReportModel) => {
    const base = model.meta.organisation
      ? `/assessments/${assessment.id}/organisations/${model.meta.organisation.id}/report`
      : `/assessments/${assessment.id}/report`;
    const instrument = context.instruments.pinned(database, assessment.instrumentVersion);
    const downloadQuery = `${model.meta.language ? `?lang=${model.meta.language}` : ""}${model.breakdown ? `&by=${encodeURIComponent(model.breakdown.questionId)}` : ""}`;
    // The page is in the report's language, whatever the reader's interface language.
    res.locals.locale = model.meta.language;
    res.locals.dir = directionOf(model.meta.language);
    const sections = reportSections(model, "staff", () => renderSections(req, res, assessment, model));
    res.render(
      "reports/show",
      {
        title: `${model.meta.countryName} · ${model.meta.roundLabel}`,
        scripts: ["/assets/vendor/chart.umd.js", "/assets/report.js"],
        bodyClass: model.meta.isDraft ? "report draft" : "report",
        assessment,
        model,
        pdfHref: `${base}.pdf${downloadQuery}`,
        docxHref: `${base}.docx${downloadQuery}`,
        languages: assessment.languages.map((code) => ({
          code,
          name: translator.t(code, "language.name"),
          href: `${base}?lang=${code}`,
          isCurrent: code === model.meta.language,
        })),
        canSeeComments: can(req.actor ?? null, "report.comments", assessment),
        commentsHref: `${base}?lang=${model.meta.language}&comments=1`,
        showsComments: req.query.comments === "1",
        canPublish: can(req.actor ?? null, "assessment.publish", assessment) && assessment.status === "closed" && !model.meta.organisation,
        canUnpublish: can(req.actor ?? null, "assessment.publish", assessment) && assessment.status === "published" && !model.meta.organisation,
        // The background questions results can be broken down by (`?by=`), for the chooser in the page's header.
        breakdownOptions: breakdownQuestions(instrument).map((q) => ({
          value: q.id,
          label: instrumentText(instrument, `background.${q.id}.question`, model.meta.language),
          selected: q.id === model.breakdown?.questionId,
        })),
      },
      (error: Error, page?: string) => {
        // Views render synchronously (web/views.ts): thrown here, an error reaches the page's error funnel.
        if (error) throw error;
        res.type("html").send(withSections(page!, sections));
      },
    );
  };

  const sendFile = async (res: Response, assessment: AssessmentSummary, model: ReportModel, format: ReportFormat) => {
    const file = await reportFile(assessment, model, format, translator);
    res.setHeader("Content-Disposition", `attachment; filename="${file.name}"`);
    res.type(file.type).send(file.body);
  };

  return pageRouter(context, [
    ...portfolioPages,
    definePage({
      method: "get",
      path: "/assessments/:id/report",
      access: onAssessment("report.read"),
      handle: ({ req, res, assessment }) => renderHtml(req, res, assessment, modelFor(req, res, assessment)),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/report.pdf",
      access: onAssessment("report.read"),
      handle: ({ req, res, assessment }) => sendFile(res, assessment, modelFor(req, res, assessment), "pdf"),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/report.docx",
      access: onAssessment("report.read"),
      handle: ({ req, res, assessment }) => sendFile(res, assessment, modelFor(req, res, assessment), "docx"),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/organisations/:organisationId/report",
      access: onOrganisation("report.read"),
      handle: ({ req, res, assessment, organisation }) => renderHtml(req, res, assessment, modelFor(req, res, assessment, organisation)),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/organisations/:organisationId/report.pdf",
      access: onOrganisation("report.read"),
      handle: ({ req, res, assessment, organisation }) => sendFile(res, assessment, modelFor(req, res, assessment, organisation), "pdf"),
    }),
    definePage({
      method: "get",
      path: "/assessments/:id/organisations/:organisationId/report.docx",
      access: onOrganisation("report.read"),
      handle: ({ req, res, assessment, organisation }) => sendFile(res, assessment, modelFor(req, res, assessment, organisation), "docx"),
    }),
    definePage({
      method: "post",
      path: "/assessments/:id/report/publish",
      access: onAssessment("assessment.publish"),
      confirm: ({ context, assessment }) => lifecycleConfirmation(context.database, assessment.id, "publish"),
      handle: ({ actor, assessment, req }) => {
        publishReport(deps, actor, assessment.id, { ip: req.ip ?? null });
        return redirect(`/assessments/${assessment.id}/report`);
      },
    }),
    definePage({
      method: "post",
      path: "/assessments/:id/report/unpublish",
      access: onAssessment("assessment.publish"),
      confirm: ({ context, assessment }) => lifecycleConfirmation(context.database, assessment.id, "unpublish"),
      handle: ({ actor, assessment, req }) => {
        unpublishReport(deps, actor, assessment.id, { ip: req.ip ?? null });
        return redirect(`/assessments/${assessment.id}`);
      },
    }),
  ]);
}
