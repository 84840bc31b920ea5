// What the app is built from: configuration, database, logger, secret, and the shared services. Passed explicitly.
import type express from "express";
import type { Logger } from "pino";
import type { ServerSecret } from "./auth/server-secret";
import type { Config } from "./config";
import type { CountryDirectory } from "./countries/repository";
import type { AppDatabase } from "./db/client";
import type { Translator } from "./i18n/translate";
import type { InstrumentCatalog } from "./questionnaires/catalog";

export interface AppContext {
  config: Config;
  database: AppDatabase;
  logger: Logger;
  secret: ServerSecret;
  translator: Translator;
  instruments: InstrumentCatalog;
  countries: CountryDirectory;
  clock: () => Date;
  /** Route registrations, in order; each domain adds its routers here (see bootstrap.ts). */
  routes?: Array<(app: express.Express, context: AppContext) => void>;
  /** Routes reached through an invitation link (/r/…), mounted ahead of the staff middleware (see app.ts). */
  linkRoutes?: Array<(router: express.Router, context: AppContext, chains: LinkChains) => void>;
}

/** The middleware app.ts gives routes reached through an invitation link (pages, small JSON exchanges), each as one handler. */
export interface LinkChains {
  /** Security headers, compression, cookies, language, form and JSON bodies, the CSRF check bound to the link. */
  page: express.RequestHandler;
  /** For JSON answered to the page's own script (autosave): JSON headers, cookies, language, body, CSRF. */
  json: express.RequestHandler;
}
