// The CLI's logger: warnings and errors only, on standard error, so that --json output stays parseable.
import type { Logger } from "pino";
import { createLogger } from "../web/logger";
import type { CliEnvironment } from "./run";

export function cliLogger(env: CliEnvironment): Logger {
  const level = env.config().logLevel;
  return createLogger(level === "info" ? "warn" : level, { toStderr: true });
}
