// Builds the AppContext from a Config: logger, migrated database, server secret, translations, routes, demo data.
import type { Logger } from "pino";
import { loadOrCreateServerSecret } from "./auth/server-secret";
import type { Config } from "./config";
import type { AppContext } from "./context";
import { openDatabase } from "./db/client";
import { Translator } from "./i18n/translate";
import { createLogger } from "./web/logger";

export interface BuildOptions {
  logger?: Logger;
  clock?: () => Date;
}

export async function buildContext(config: Config, options: BuildOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databasePath);
  const context: AppContext = {
    config,
    database,
    logger,
    secret: loadOrCreateServerSecret(config.dataDir),
    translator: new Translator(),
    clock: options.clock ?? (() => new Date()),
    routes: [],
  };
  return context;
}
