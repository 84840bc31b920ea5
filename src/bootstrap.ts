// Builds the AppContext from a Config: logger, migrated database, server secret, reference data, instruments,
// then the first administrator and, on an empty database, the demo.
import path from "node:path";
import type { Logger } from "pino";
import { ensureInitialAdmin } from "./auth/initial-admin";
import { loadOrCreateServerSecret } from "./auth/server-secret";
import type { Config } from "./config";
import type { AppContext } from "./context";
import { CountryDirectory, loadCountries } from "./countries/repository";
import { syncCountries } from "./countries/sync";
import { openDatabase } from "./db/client";
import { demoCountries, hasDemo, seedDemo } from "./demo/seed";
import { Translator } from "./i18n/translate";
import { InstrumentCatalog } from "./questionnaires/catalog";
import { createLogger } from "./web/logger";
import { adminActor } from "./demo/actor";

export interface BuildOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Instruments folder (tests point it at fixtures); defaults to <root>/questionnaires. */
  questionnairesDir?: string;
}

export async function buildContext(config: Config, options: BuildOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databasePath);
  const countryFile = loadCountries();
  // Demo countries are fictional (codes X..); they join the directory so the demo can show a peer comparison.
  const countries = new CountryDirectory({ ...countryFile, countries: [...countryFile.countries, ...demoCountries] });
  syncCountries(database, countries);
  const instruments = await InstrumentCatalog.load(options.questionnairesDir ?? path.join(config.rootDir, "questionnaires"));
  const context: AppContext = {
    config,
    database,
    logger,
    secret: loadOrCreateServerSecret(config.dataDir),
    translator: new Translator(),
    instruments,
    countries,
    clock: options.clock ?? (() => new Date()),
  };
  return context;
}

/** First-run work for `npm start`: the administrator account and the demo. Logged, never silent. */
export function prepareFirstRun(context: AppContext): void {
  prepareAdmin(context, (line) => context.logger.warn(line.trim()));
  if (context.config.seedDemo && !hasDemo(context.database)) {
    const started = Date.now();
    const result = seedDemo({ ...context }, adminActor(context.database));
    context.logger.info({ assessments: result.assessmentIds, ms: Date.now() - started }, "Demo data seeded (fictional country Demoland, marked as demo).");
  }
}

/** Creates the first administrator when there is none, and says how to sign in (the password is shown once). */
export function prepareAdmin(context: AppContext, say: (line: string) => void): void {
  const admin = ensureInitialAdmin(context);
  if (admin?.password)
    say(`Administrator account created: sign in as ${admin.email} with the one-time password ${admin.password} (you will be asked to change it).\n`);
  else if (admin) say(`Administrator account created: ${admin.email}.\n`);
}
