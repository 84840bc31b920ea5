// Structured logging with pino; tests pass level "silent"; the CLI logs to standard error so stdout stays data.
import pino, { type Logger } from "pino";

export function createLogger(level: string, options: { toStderr?: boolean } = {}): Logger {
  const settings = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  return options.toStderr ? pino(settings, pino.destination(2)) : pino(settings);
}
