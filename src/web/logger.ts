// Structured logging with pino; tests pass level "silent"; the CLI logs to standard error so stdout stays data.
// Every logger made here redacts credentials (docs/logging.md): headers by name, tokens in URLs, messages and errors.
import type { IncomingMessage, ServerResponse } from "node:http";
import pino, { type DestinationStream, type Logger } from "pino";
import { redactText, redactUrl, redactValue, SECRET_HEADERS } from "../log-redaction";

/** The request as the access log shows it: method and redacted URL; no headers, so no cookie or Authorization. */
export function serializeRequest(req: IncomingMessage & { originalUrl?: string }): { method?: string; url: string } {
  return { method: req.method, url: redactUrl(String(req.originalUrl ?? req.url ?? "")) };
}

/** The response as the access log shows it: the status only; its headers carry Set-Cookie. */
export function serializeResponse(res: ServerResponse): { statusCode: number } {
  return { statusCode: res.statusCode };
}

function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return redactValue(err);
  return redactValue({ ...pino.stdSerializers.err(err) });
}

/** Header paths a structured object might carry (a raw request logged by mistake, a header map): fast-redact removes them. */
const redactPaths = SECRET_HEADERS.flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`, `req.headers["${name}"]`, `res.headers["${name}"]`]);

export function createLogger(level: string, options: { toStderr?: boolean; destination?: DestinationStream } = {}): Logger {
  const settings: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: "[redacted]" },
    serializers: {
      msg: (msg: unknown) => (typeof msg === "string" ? redactText(msg) : msg),
      url: (url: unknown) => (typeof url === "string" ? redactUrl(url) : url),
      err: serializeError,
      error: (error: unknown) => (typeof error === "string" ? redactText(error) : serializeError(error)),
    },
    // Every other string of a logged object: a token passed along in a field nobody thought of.
    formatters: { log: (object) => redactValue(object, 3) },
  };
  const destination = options.destination ?? (options.toStderr ? pino.destination(2) : undefined);
  return destination ? pino(settings, destination) : pino(settings);
}
