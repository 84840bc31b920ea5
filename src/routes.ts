// Every route of the app, in one list, in the order app.ts mounts them. A page is declared with definePage
// (web/pages.ts) in the folder of its domain and joins that domain's router here; a new router joins this list.
import express from "express";
import { auditRouter } from "./admin/audit-routes";
import { registerApi } from "./api/router";
import { assessmentRouter } from "./assessments/routes";
import { accountRouter } from "./auth/account-routes";
import { adminUserRouter } from "./auth/admin-routes";
import { authRouter } from "./auth/routes";
import type { AppContext } from "./context";
import { exchangeRouter } from "./exchange/routes";
import { mailRouter } from "./mail/routes";
import { reportRouter } from "./reports/routes";
import { sharedReportRouters } from "./reports/shared-routes";
import { autosaveHandler } from "./responses/autosave";
import { respondentRouter } from "./responses/routes";
import { evidenceLinkRouter } from "./evidence/link-routes";
import { evidenceRouter } from "./evidence/routes";
import { planRouter } from "./plans/routes";
import { validationRouter } from "./validation/routes";
import { homeRouter } from "./web/home";

/** Mounts routes on the app (a router with app.use, or a prefix with its own error funnel, as the API). */
export type RouteMount = (app: express.Express, context: AppContext) => void;

/** The middleware app.ts gives routes reached through an invitation link (pages, small JSON exchanges), each as one handler. */
export interface LinkChains {
  /** Security headers, compression, cookies, language, form and JSON bodies, the CSRF check bound to the link. */
  page: express.RequestHandler;
  /** For JSON answered to the page's own script (autosave): JSON headers, cookies, language, body, CSRF. */
  json: express.RequestHandler;
}

export interface AppRoutes {
  /**
   * Routes reached through an invitation link (/r/…): the respondents' hot path, on their own short chains ahead of
   * the staff middleware (docs/decisions/007-respondent-hot-path.md). What they do not answer falls through.
   */
  links(chains: LinkChains): express.Router;
  /** The staff side (session or API token), in order, before the 404 and the error pages. */
  staff: RouteMount[];
}

export function appRoutes(context: AppContext): AppRoutes {
  // One pair of routers for published results: the staff side and the invitation-link side.
  const sharedReports = sharedReportRouters(context);
  return {
    links: (chains) => {
      const router = express.Router();
      router.post("/r/:token/autosave", chains.json, autosaveHandler(context));
      router.use("/r/", chains.page);
      router.use(evidenceLinkRouter(context));
      router.use(respondentRouter(context));
      router.use(sharedReports.links);
      return router;
    },
    staff: [
      (app) => app.use(authRouter(context)),
      (app) => app.use(accountRouter(context)),
      (app) => app.use(adminUserRouter(context)),
      (app) => app.use(auditRouter(context)),
      (app) => app.use(assessmentRouter(context)),
      (app) => app.use(reportRouter(context)),
      (app) => app.use(validationRouter(context)),
      (app) => app.use(evidenceRouter(context)),
      (app) => app.use(planRouter(context)),
      registerApi,
      (app) => app.use(exchangeRouter(context)),
      (app) => app.use(mailRouter(context)),
      (app) => app.use(sharedReports.staff),
      (app) => app.use(homeRouter(context)),
    ],
  };
}
