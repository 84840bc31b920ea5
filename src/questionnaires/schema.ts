// The instrument model, defined once in zod: the shapes of the YAML files and of the assembled,
// plain-JSON Instrument that assessments pin and store. Document-wide rules live in consistency.ts.
import { z } from "zod";
import { backgroundQuestionSchema } from "./background";
import { checkConsistency, formatField } from "./consistency";
import { instrumentVersion } from "./hash";
import { defaultSeverity, horizons, severities } from "./scale";

/** Level, dimension, item and action ids: lowercase letters and digits, joined by single '-' or '.'. */
export const idPattern = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;
/** Instrument ids (also folder names): lowercase letters and digits, joined by single '-'. */
export const instrumentIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Language codes in BCP 47 form: "fr", "ar", "zh-Hans", "pt-BR". */
export const languageCodePattern = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const sourceHashPattern = /^[0-9a-f]{8}$/;
const versionPattern = /^[0-9a-f]{64}$/;

const idMaxLength = 100;

const text = z.string().trim().min(1, "must not be empty");

const itemId = z
  .string()
  .max(idMaxLength, `must be at most ${idMaxLength} characters`)
  .regex(idPattern, "must be lowercase letters and digits, joined by single '-' or '.' (for example inst-strategy-1)");

const instrumentId = z
  .string()
  .max(idMaxLength, `must be at most ${idMaxLength} characters`)
  .regex(instrumentIdPattern, "must be lowercase letters and digits, joined by single '-' (for example digital-government)");

const languageCode = z.string().regex(languageCodePattern, 'must be a language code such as "fr", "ar" or "zh-Hans"');

const weight = z.number().finite().positive("must be a number greater than 0").default(1);

const threshold = z.number().positive("must be greater than 0").max(5, "must be at most 5, the largest possible gap");

/** One descriptor per scale value; a missing one gets a message naming the value. */
function anchorText(value: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `the descriptor for scale value ${value} is missing` : "must be text") })
    .trim()
    .min(1, `the descriptor for scale value ${value} must not be empty`);
}

export const anchorsSchema = z.strictObject({
  "0": anchorText(0),
  "1": anchorText(1),
  "2": anchorText(2),
  "3": anchorText(3),
  "4": anchorText(4),
  "5": anchorText(5),
});

/** A bound on the dimension's current level (a mean, so any number on the 0-5 scale). */
const currentBound = z.number().finite().min(0, "must be between 0 and 5").max(5, "must be between 0 and 5");

export const actionSchema = z
  .strictObject({
    id: itemId,
    text,
    horizon: z.enum(horizons),
    minSeverity: z.enum(severities),
    /** Triggered only while the dimension's current level is at least this (inclusive). Absent: no lower bound. */
    currentFrom: currentBound.optional(),
    /** Triggered only while the dimension's current level is below this (exclusive). Absent: no upper bound. */
    currentBelow: currentBound.refine((v) => v > 0, "must be greater than 0: no current level is below 0").optional(),
  })
  .refine((a) => a.currentFrom === undefined || a.currentBelow === undefined || a.currentFrom < a.currentBelow, {
    message: "must be greater than currentFrom, or no current level fits the action",
    path: ["currentBelow"],
  });

export const itemSchema = z.strictObject({
  id: itemId,
  question: text,
  guidance: text.optional(),
  weight,
  relevance: text.optional(),
  anchors: anchorsSchema,
});

export const dimensionSchema = z.strictObject({
  id: itemId,
  title: text,
  description: text,
  weight,
  /**
   * reflective: the items measure one trait (Cronbach's alpha is computed and flagged); formative (the default, also
   * when left out, so that the version of an instrument written without it does not change): the items are distinct
   * components, and alpha is neither computed nor flagged (method.md).
   */
  measurement: z.enum(["reflective", "formative"]).optional(),
  items: z.array(itemSchema).min(1, "a dimension needs at least one item"),
  actions: z.array(actionSchema).min(1, "a dimension needs at least one recommended action"),
});

/** A level: the content of levels/<id>.yaml, and an element of Instrument.levels. */
export const levelSchema = z.strictObject({
  id: itemId,
  title: text,
  description: text,
  respondents: text,
  weight,
  dimensions: z.array(dimensionSchema).min(1, "a level needs at least one dimension"),
});

const scaleStepSchema = z.strictObject({
  value: z.number().int("must be a whole number"),
  label: text,
  description: text,
});

const importanceStepSchema = z.strictObject({
  value: z.number().int("must be a whole number"),
  label: text,
});

const languageSchema = z.strictObject({
  code: languageCode,
  fallback: languageCode.optional(),
});

const severitySchema = z
  .strictObject({
    critical: threshold.default(defaultSeverity.critical),
    high: threshold.default(defaultSeverity.high),
    moderate: threshold.default(defaultSeverity.moderate),
    low: threshold.default(defaultSeverity.low),
  })
  .default({ ...defaultSeverity });

/** How many actions per horizon the report's roadmap shows before its annex lists the rest (defaults in reports/roadmap.ts). */
const roadmapCap = z.number().int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50");
const roadmapSchema = z.strictObject({ short: roadmapCap.optional(), medium: roadmapCap.optional(), long: roadmapCap.optional() });

export const translationEntrySchema = z.strictObject({
  source: z.string().regex(sourceHashPattern, "must be 8 lowercase hex digits: the start of the SHA-256 of the English text"),
  text,
});

const commonHead = {
  id: instrumentId,
  title: text,
  description: text,
  sourceLanguage: languageCode.default("en"),
  languages: z.array(languageSchema).default([]),
  scale: z.array(scaleStepSchema).min(1, "the scale must list the values 0 to 5"),
  importance: z.array(importanceStepSchema).min(1, "importance must list the values 1 to 3"),
  severity: severitySchema,
  /** Absent when the instrument keeps the default caps, so that older versions keep their hash. */
  roadmap: roadmapSchema.optional(),
};

/** instrument.yaml */
export const instrumentFileSchema = z
  .strictObject({
    ...commonHead,
    levels: z.array(itemId).min(1, "list at least one level"),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.levels.forEach((id, index) => {
      if (seen.has(id)) ctx.addIssue({ code: "custom", path: ["levels", index], message: `level "${id}" is listed twice` });
      seen.add(id);
    });
  });

/** translations/<lang>.yaml */
export const translationFileSchema = z.strictObject({
  language: languageCode,
  strings: z.record(z.string(), translationEntrySchema).default({}),
});

const instrumentShape = z.strictObject({
  id: instrumentId,
  version: z.string().regex(versionPattern, "must be 64 lowercase hex digits"),
  title: commonHead.title,
  description: commonHead.description,
  sourceLanguage: commonHead.sourceLanguage,
  languages: commonHead.languages,
  scale: commonHead.scale,
  importance: commonHead.importance,
  severity: commonHead.severity,
  roadmap: commonHead.roadmap,
  levels: z.array(levelSchema).min(1, "an instrument needs at least one level"),
  /** Background questions (background.yaml); absent, not empty, when the instrument has none, so older versions keep their hash. */
  background: z.array(backgroundQuestionSchema).optional(),
  translations: z.record(languageCode, z.record(z.string(), translationEntrySchema)),
});

export type InstrumentFile = z.output<typeof instrumentFileSchema>;
export type LevelFile = z.output<typeof levelSchema>;
export type TranslationFile = z.output<typeof translationFileSchema>;
export type Instrument = z.output<typeof instrumentShape>;
export type Level = Instrument["levels"][number];
export type Dimension = Level["dimensions"][number];
export type Item = Dimension["items"][number];
export type Action = Dimension["actions"][number];
export type Anchors = Item["anchors"];
export type ScaleStep = Instrument["scale"][number];
export type ImportanceStep = Instrument["importance"][number];
export type SeverityThresholds = Instrument["severity"];
export type LanguageEntry = Instrument["languages"][number];
export type TranslationEntry = z.output<typeof translationEntrySchema>;

/**
 * A stored (assembled) instrument: its shape, every document-wide rule, and a version that matches
 * its content. The document-wide rules run only on a well-shaped instrument (zod would otherwise
 * run them after continuable issues such as an unknown field, on data with that field stripped).
 */
export const instrumentSchema = instrumentShape.superRefine(
  (instrument, ctx) => {
    for (const problem of checkConsistency(instrument)) {
      if (problem.severity !== "error") continue;
      const related = problem.related ? ` (first at ${formatField(problem.related)})` : "";
      const column = problem.column !== undefined ? ` (column ${problem.column})` : "";
      ctx.addIssue({ code: "custom", path: [...problem.path], message: `${problem.message}${column}${related}` });
    }
    if (instrumentVersion(instrument) !== instrument.version) {
      ctx.addIssue({ code: "custom", path: ["version"], message: "does not match the content: the instrument was changed after it was stored" });
    }
  },
  { when: (payload) => payload.issues.length === 0 },
);

/** A stored instrument that fails validation: the content was altered or written by something else. */
export class InvalidInstrumentError extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(
      `Invalid stored instrument:\n${problems
        .slice(0, 20)
        .map((p) => `  - ${p.field || "(instrument)"}: ${p.message}`)
        .join("\n")}${problems.length > 20 ? `\n  ... and ${problems.length - 20} more` : ""}`,
    );
    this.name = "InvalidInstrumentError";
  }
}

/** Re-validates an instrument read back from storage (the version an assessment pinned). */
export function parseStoredInstrument(json: unknown): Instrument {
  const parsed = instrumentSchema.safeParse(json, { error: describeIssue });
  if (!parsed.success) {
    throw new InvalidInstrumentError(parsed.error.issues.map((issue) => ({ field: formatField(issue.path), message: issue.message })));
  }
  return parsed.data;
}

function describeValue(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `${value}`;
  return typeof value;
}

const expectedNouns: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  object: "a mapping of fields",
  record: "a mapping",
  array: "a list",
  boolean: "true or false",
};

/**
 * Plain-language messages for zod issues, for authors of instrument files. Schema-level messages
 * (patterns, limits) take precedence; this covers the generic cases.
 */
export const describeIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      const noun = expectedNouns[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `is required (${noun})`;
      if (issue.input === null) return `is empty; expected ${noun}`;
      return `must be ${noun}, not ${describeValue(issue.input)}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => String(v)).join(", ")}, not ${JSON.stringify(issue.input)}`;
    case "too_small":
      if (issue.origin === "string") return "must not be empty";
      if (issue.origin === "array") return `must list at least ${String(issue.minimum)}`;
      return undefined;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    default:
      return undefined;
  }
};
