// Published results for people without an account: a revocable public link (/p/<token>) to the national report and
// its PDF, and each invitation's link (/r/<token>/results), which shows the national report and its own
// organisation's report where that is not suppressed. Only published reports; nothing else of the assessment.
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { onAssessment } from "../assessments/access";
import { findAssessment, type AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { flash } from "../auth/middleware";
import { NotFoundError } from "../errors";
import { directionOf } from "../i18n/locales";
import { renderUnavailable, resolveLink } from "../responses/link-state";
import { reportPageView, reportSections, withSections } from "./html";
import { renderFragment } from "../web/views";
import type { ReportModel } from "./model";
import { reportFor } from "./service";
import { assessmentOfReportLink, createReportLink, revokeReportLink } from "./shared-links";
import { definePage, pageRouter, pathId, redirect, type PageAccess } from "../web/pages";

const tokenPath = z.object({ token: z.string() });

export function sharedReportRouters(context: AppContext): { staff: Router; links: Router } {
  const { database, translator } = context;
  const deps = { database, instruments: context.instruments, countries: context.countries, clock: context.clock, secret: context.secret };
  const language = (req: Request, fallback: string) => (typeof req.query.lang === "string" ? req.query.lang : fallback);

  const renderShared = (res: Response, assessment: AssessmentSummary, model: ReportModel, base: string, pdfHref: string) => {
    res.locals.locale = model.meta.language;
    res.locals.dir = directionOf(model.meta.language);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    const sections = reportSections(model, "shared", () =>
      renderFragment(res.app, "reports/sections", {
        locale: model.meta.language,
        dir: res.locals.dir,
        assessment,
        model,
        view: reportPageView(model, translator),
        peerOptions: [],
        organisationLinks: [],
      }),
    );
    res.render(
      "reports/show",
      {
        title: `${model.meta.countryName} · ${model.meta.roundLabel}`,
        scripts: ["/assets/vendor/chart.umd.js", "/assets/report.js"],
        bodyClass: "report",
        respondentMode: true,
        isShared: true,
        assessment,
        model,
        pdfHref,
        languages: assessment.languages.map((code) => ({
          code,
          name: translator.t(code, "language.name"),
          href: `${base}?lang=${code}`,
          isCurrent: code === model.meta.language,
        })),
      },
      (error: Error, page?: string) => {
        // Views render synchronously (web/views.ts): thrown here, an error reaches the page's error funnel.
        if (error) throw error;
        res.type("html").send(withSections(page!, sections));
      },
    );
  };

  const sendPdf = async (res: Response, assessment: AssessmentSummary, model: ReportModel) => {
    const { renderReportPdf } = await import("./pdf/render");
    const pdf = await renderReportPdf(model, { translator, includeComments: false });
    const name = `${assessment.countryIso3}-${assessment.roundLabel}${model.meta.organisation ? "-organisation" : ""}-${model.meta.language}.pdf`.replace(
      /[^A-Za-z0-9._-]/g,
      "_",
    );
    res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
    res.setHeader("Cache-Control", "no-store");
    res.type("application/pdf").send(pdf);
  };

  // Staff: make and revoke public links (those who may publish).
  const staff = Router();
  staff.use(
    pageRouter(context, [
      definePage({
        method: "post",
        path: "/assessments/:id/report-links",
        access: onAssessment("assessment.publish"),
        handle: ({ actor, assessment, req }) => {
          createReportLink(deps, actor, assessment, { ip: req.ip ?? null });
          flash(req, { kind: "success", key: "results.link.created" });
          return redirect(`/assessments/${assessment.id}/mail`);
        },
      }),
      definePage({
        method: "post",
        path: "/assessments/:id/report-links/:linkId/revoke",
        access: onAssessment("assessment.publish"),
        params: z.object({ linkId: pathId }),
        confirm: ({ assessment }) => ({
          actionKey: "confirm.action.revokeReportLink",
          consequences: [{ key: "confirm.revokeReportLink.links", params: { count: 1 } }],
          back: `/assessments/${assessment.id}/mail`,
        }),
        handle: ({ actor, assessment, params, req }) => {
          revokeReportLink(deps, actor, assessment.id, params.linkId, { ip: req.ip ?? null });
          flash(req, { kind: "success", key: "results.link.revoked" });
          return redirect(`/assessments/${assessment.id}/mail`);
        },
      }),
    ]),
  );

  // The public link: the published national report, nothing else. The link is the credential: anyone holding it.
  const publicLink: PageAccess<typeof tokenPath, { assessment: AssessmentSummary }> = {
    params: tokenPath,
    load: (_context, _actor, { token }) => {
      const id = assessmentOfReportLink(database, token);
      const assessment = id === null ? undefined : findAssessment(database.db, id);
      if (!assessment || assessment.status !== "published") throw new NotFoundError();
      return { assessment };
    },
  };
  staff.use(
    pageRouter(context, [
      definePage({
        method: "get",
        path: "/p/:token",
        access: publicLink,
        handle: ({ assessment, params, req, res, locale }) => {
          const model = reportFor(deps, assessment, { language: language(req, locale) });
          const base = `/p/${params.token}`;
          renderShared(res, assessment, model, base, `${base}/report.pdf?lang=${model.meta.language}`);
        },
      }),
      definePage({
        method: "get",
        path: "/p/:token/report.pdf",
        access: publicLink,
        handle: async ({ assessment, req, res, locale }) => sendPdf(res, assessment, reportFor(deps, assessment, { language: language(req, locale) })),
      }),
    ]),
  );

  // Through an invitation link, once the report is published.
  const links = Router();
  const invitationResults = (req: Request, res: Response) => {
    const state = resolveLink(context, req, res, String(req.params.token));
    const assessment = state ? findAssessment(database.db, state.invitation.assessmentId) : undefined;
    if (!state || !assessment || assessment.status !== "published") return null;
    return { state, assessment, lang: language(req, state.invitation.language) };
  };
  links.get("/r/:token/results", (req, res) => {
    const found = invitationResults(req, res);
    if (!found) return renderUnavailable(res);
    const base = `/r/${req.params.token}/results`;
    renderShared(res, found.assessment, reportFor(deps, found.assessment, { language: found.lang }), base, `${base}.pdf?lang=${found.lang}`);
  });
  links.get("/r/:token/results.pdf", async (req, res) => {
    const found = invitationResults(req, res);
    if (!found) return renderUnavailable(res);
    await sendPdf(res, found.assessment, reportFor(deps, found.assessment, { language: found.lang }));
  });
  links.get("/r/:token/results/organisation", (req, res) => {
    const found = invitationResults(req, res);
    if (!found) return renderUnavailable(res);
    const model = reportFor(deps, found.assessment, { language: found.lang, organisation: { id: found.state.invitation.organisationId } });
    // Too few answers from the organisation: its own report would reveal individuals, so there is none.
    if (model.overall.status === "suppressed") {
      res.setHeader("Cache-Control", "no-store");
      return res.render("respond/results-withheld", { titleKey: "results.withheld.title", respondentMode: true, base: `/r/${req.params.token}` });
    }
    const base = `/r/${req.params.token}/results/organisation`;
    renderShared(res, found.assessment, model, base, `${base}.pdf?lang=${found.lang}`);
  });
  links.get("/r/:token/results/organisation.pdf", async (req, res) => {
    const found = invitationResults(req, res);
    if (!found) return renderUnavailable(res);
    const model = reportFor(deps, found.assessment, { language: found.lang, organisation: { id: found.state.invitation.organisationId } });
    if (model.overall.status === "suppressed")
      return res.render("respond/results-withheld", { titleKey: "results.withheld.title", respondentMode: true, base: `/r/${req.params.token}` });
    await sendPdf(res, found.assessment, model);
  });
  return { staff, links };
}
