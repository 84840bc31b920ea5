// The one typed configuration object, parsed from the environment with zod at start-up.
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { defaultUploadLimits, MB, type UploadLimits } from "./uploads/limits";
import { defaultEvidenceLimits, type EvidenceLimits } from "./evidence/limits";

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const positiveWhole = (fallback: number) =>
  z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").default(fallback);

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { message: "must be development, production or test" }).default("production"),
  PORT: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be 0-65535").max(65535, "must be 0-65535").default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1, "must not be empty").default("data"),
  DATABASE_PATH: z.string().min(1, "must not be empty").optional(),
  BASE_URL: z.url({ message: "must be an absolute URL such as https://cna.example.org" }).optional(),
  SEED_DEMO: booleanFromEnv.default(true),
  ADMIN_EMAIL: z.email({ message: "must be an e-mail address" }).optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: "must be a number" }).int().min(5, "must be at least 5").default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number({ message: "must be a number" }).int().min(1, "must be at least 1").default(12),
  COOKIE_SECURE: booleanFromEnv.optional(),
  TRUST_PROXY: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/,
      "must be an address such as cna@example.org or Capacity Assessment <cna@example.org>",
    )
    .optional(),
  UPLOAD_MAX_MB: positiveWhole(defaultUploadLimits.maxFileBytes / MB),
  UPLOAD_MAX_ENTRIES: positiveWhole(defaultUploadLimits.maxEntries),
  UPLOAD_MAX_UNCOMPRESSED_MB: positiveWhole(defaultUploadLimits.maxUncompressedBytes / MB),
  UPLOAD_MAX_RATIO: positiveWhole(defaultUploadLimits.maxRatio),
  UPLOAD_PARSE_SECONDS: positiveWhole(defaultUploadLimits.parseTimeoutMs / 1000),
  UPLOAD_PARSE_HEAP_MB: positiveWhole(defaultUploadLimits.parseHeapMb).pipe(z.number().min(32, "must be at least 32")),
  UPLOAD_PARSE_CONCURRENCY: positiveWhole(defaultUploadLimits.parseConcurrency),
  EVIDENCE_MAX_MB: positiveWhole(defaultEvidenceLimits.maxFileBytes / MB),
  EVIDENCE_MAX_FILES: positiveWhole(defaultEvidenceLimits.maxFilesPerResponse),
  EVIDENCE_MAX_ASSESSMENT_MB: positiveWhole(defaultEvidenceLimits.maxAssessmentBytes / MB),
  WEB_CONCURRENCY: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(64, "must be at most 64")
    .optional(),
});

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  baseUrl: string;
  seedDemo: boolean;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: boolean;
  trustProxy?: string;
  smtpUrl?: string;
  mailFrom?: string;
  /** Bounds on uploaded files and on parsing them (src/uploads). */
  uploads: UploadLimits;
  /** Bounds on evidence files (src/evidence): per file, per response, per assessment. */
  evidence: EvidenceLimits;
  /** Processes serving requests (src/workers.ts): 1 serves from the one process, more fork that many workers. */
  webConcurrency: number;
  /** The project root: instruments, views and assets are found relative to it. */
  rootDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as shells and .env files often leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])] ?? null)})`),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const databasePath = e.DATABASE_PATH === ":memory:" ? ":memory:" : e.DATABASE_PATH ? path.resolve(e.DATABASE_PATH) : path.join(dataDir, "cna.sqlite");
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath,
    baseUrl,
    seedDemo: e.SEED_DEMO,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    cookieSecure: e.COOKIE_SECURE ?? baseUrl.startsWith("https://"),
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    uploads: {
      maxFileBytes: e.UPLOAD_MAX_MB * MB,
      maxEntries: e.UPLOAD_MAX_ENTRIES,
      maxUncompressedBytes: e.UPLOAD_MAX_UNCOMPRESSED_MB * MB,
      maxRatio: e.UPLOAD_MAX_RATIO,
      ratioFloorBytes: defaultUploadLimits.ratioFloorBytes,
      parseTimeoutMs: e.UPLOAD_PARSE_SECONDS * 1000,
      parseHeapMb: e.UPLOAD_PARSE_HEAP_MB,
      parseConcurrency: e.UPLOAD_PARSE_CONCURRENCY,
    },
    evidence: {
      maxFileBytes: e.EVIDENCE_MAX_MB * MB,
      maxFilesPerResponse: e.EVIDENCE_MAX_FILES,
      maxAssessmentBytes: e.EVIDENCE_MAX_ASSESSMENT_MB * MB,
    },
    // Every core by default; one in tests, which start many apps at once.
    webConcurrency: e.WEB_CONCURRENCY ?? (e.NODE_ENV === "test" ? 1 : os.availableParallelism()),
    rootDir: projectRoot,
  };
}
