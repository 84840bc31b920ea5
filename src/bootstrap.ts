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
  /**
   * A worker process of several (src/workers.ts): the primary has migrated the database and synchronised the countries
   * before forking, so a worker only opens the database.
   */
  worker?: boolean;
}

export async function buildContext(config: Config, options: BuildOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databasePath, { migrate: !options.worker });
  const countryFile = loadCountries();
  // Demo countries are fictional (codes X..); they join the directory so the demo can show a peer comparison.
  const countries = new CountryDirectory({ ...countryFile, countries: [...countryFile.countries, ...demoCountries] });
  if (!options.worker) syncCountries(database, countries);
  const instruments = await InstrumentCatalog.load(options.questionnairesDir ?? path.join(config.rootDir, "questionnaires"), {
    cacheDir: path.join(config.dataDir, "cache"),
  });
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

/**
 * First-run work for `npm start`: the administrator account and the demo. The one-time password goes to the terminal
 * (`print`, standard output) as a framed block, never to the logger: the log says only that an account was made.
 */
export function prepareFirstRun(context: AppContext, print: (text: string) => void = (text) => void process.stdout.write(text)): void {
  prepareAdmin(context, print, (line) => context.logger.warn(line));
  if (context.config.seedDemo && !hasDemo(context.database)) {
    const started = Date.now();
    const result = seedDemo({ ...context }, adminActor(context.database));
    context.logger.info({ assessments: result.assessmentIds, ms: Date.now() - started }, "Demo data seeded (fictional country Demoland, marked as demo).");
  }
}

/**
 * Creates the first administrator when there is none and says how to sign in: the block with the one-time password
 * is printed (once), the log line (`note`, when given) names only the account.
 */
export function prepareAdmin(context: AppContext, print: (text: string) => void, note?: (line: string) => void): void {
  const admin = ensureInitialAdmin(context);
  if (!admin) return;
  if (admin.password) {
    note?.(`Administrator account created: ${admin.email}; its one-time password was printed on the terminal, not logged.`);
    print(firstAdminBlock(context.config.baseUrl, admin.email, admin.password));
  } else {
    note?.(`Administrator account created: ${admin.email}.`);
    if (!note) print(`Administrator account created: ${admin.email}.\n`);
  }
}

/** The framed block an operator reads on the first start: where to sign in, as whom, with which password. */
export function firstAdminBlock(baseUrl: string, email: string, password: string): string {
  const lines = [
    "First administrator created. Sign in once with this password; you will then choose your own.",
    "",
    `  Sign in at:  ${baseUrl}/sign-in`,
    `  Email:       ${email}`,
    `  Password:    ${password}`,
    "",
    "This password is shown only here, never in the log.",
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${"-".repeat(width + 2)}+`;
  return `\n${rule}\n${lines.map((line) => `| ${line.padEnd(width)} |`).join("\n")}\n${rule}\n\n`;
}
