// What the app is built from: configuration, database, logger, secret, and the shared services. Passed explicitly.
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
}
