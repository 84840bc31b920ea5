// The report model: one plain, typed object built once from the scoring results and the pinned instrument, in one
// language. The HTML page, the PDF and the API all render from it; a published report stores it as its snapshot.
import { z } from "zod";
import { reportFindingSchema } from "./findings";

const severity = z.enum(["none", "low", "moderate", "high", "critical"]);
const horizon = z.enum(["short", "medium", "long"]);
/**
 * A figure of a group that may be hidden for confidentiality, missing for lack of data, or (in an organisation's
 * report) not asked: a level the organisation was not invited to answer.
 */
const cellStatus = z.enum(["scored", "suppressed", "insufficient-data", "not-in-scope"]);

/**
 * Why a hidden figure is hidden: the confidentiality rule that applied (the group's size below k, the individual-level
 * floor, or complementary suppression) and the threshold it uses. Null for a figure that is shown or missing for
 * another reason; reports frozen before it was recorded read as null too.
 */
export const withheldSchema = z
  .object({ rule: z.enum(["group-size", "individual-floor", "complementary"]), threshold: z.number().int() })
  .nullable()
  .default(null);
export type Withheld = z.infer<typeof withheldSchema>;

const interval = z.object({ lower: z.number(), upper: z.number() });

export const reportDimensionSchema = z.object({
  id: z.string(),
  levelId: z.string(),
  title: z.string(),
  status: cellStatus,
  withheld: withheldSchema,
  respondents: z.number().int().nullable(),
  current: z.number().nullable(),
  target: z.number().nullable(),
  gap: z.number().nullable(),
  priority: z.number().nullable(),
  index: z.number().nullable(),
  sdCurrent: z.number().nullable(),
  ci: interval.nullable(),
  alpha: z.number().nullable(),
  severity: severity.nullable(),
  rank: z.number().int().nullable(),
  itemsWithAnswers: z.number().int().nullable(),
  items: z.number().int(),
  flags: z.object({ lowConsensus: z.boolean(), lowReliability: z.boolean(), insufficientData: z.boolean() }),
  /** In an organisation's report: the national current score beside the organisation's own. */
  national: z.number().nullable(),
});
export type ReportDimension = z.infer<typeof reportDimensionSchema>;

export const reportLevelSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: cellStatus,
  withheld: withheldSchema,
  respondents: z.number().int().nullable(),
  current: z.number().nullable(),
  target: z.number().nullable(),
  gap: z.number().nullable(),
  index: z.number().nullable(),
  targetIndex: z.number().nullable(),
  dimensions: z.array(reportDimensionSchema),
});
export type ReportLevel = z.infer<typeof reportLevelSchema>;

export const reportItemSchema = z.object({
  id: z.string(),
  dimensionId: z.string(),
  levelId: z.string(),
  question: z.string(),
  status: z.enum(["scored", "suppressed"]),
  withheld: withheldSchema,
  n: z.number().int().nullable(),
  current: z.number().nullable(),
  target: z.number().nullable(),
  gap: z.number().nullable(),
  importance: z.number().nullable(),
  priority: z.number().nullable(),
  sdCurrent: z.number().nullable(),
  counts: z.array(z.number().int()).nullable(),
  notApplicable: z.number().int().nullable(),
  dontKnow: z.number().int().nullable(),
  seen: z.number().int().nullable(),
  rank: z.number().int().nullable(),
  flags: z.object({ knowledgeGap: z.boolean(), lowConsensus: z.boolean() }),
});
export type ReportItem = z.infer<typeof reportItemSchema>;

const tally = z.object({
  invited: z.number().int(),
  started: z.number().int(),
  submitted: z.number().int(),
  rate: z.number().nullable(),
  lowResponse: z.boolean(),
});

/** Answered ratings, those backed by evidence, and their share (null over no rating): overall, per level, per dimension. */
const evidenceShareFields = { answered: z.number().int(), evidenced: z.number().int(), share: z.number().nullable() };

export const reportModelSchema = z.object({
  meta: z.object({
    assessmentId: z.number().int(),
    countryIso3: z.string(),
    countryName: z.string(),
    instrumentId: z.string(),
    instrumentVersion: z.string(),
    instrumentTitle: z.string(),
    roundLabel: z.string(),
    status: z.enum(["draft", "open", "closed", "published"]),
    language: z.string(),
    direction: z.enum(["ltr", "rtl"]),
    generatedAt: z.string(),
    /** The latest submission that entered the results. */
    dataDate: z.string().nullable(),
    isDraft: z.boolean(),
    isDemo: z.boolean(),
    minGroupSize: z.number().int(),
    individualMinGroupSize: z.number().int(),
    respondents: z.number().int(),
    /** Set for an organisation's own report. */
    organisation: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  }),
  /**
   * The key findings the executive summary opens with: each a kind, its figures and its sentence in the report's
   * language (catalogue templates, never free text). Empty in reports frozen before findings existed.
   */
  findings: z.array(reportFindingSchema).default([]),
  scale: z.array(z.object({ value: z.number().int(), label: z.string(), description: z.string() })),
  importance: z.array(z.object({ value: z.number().int(), label: z.string() })),
  severityThresholds: z.object({ critical: z.number(), high: z.number(), moderate: z.number(), low: z.number() }),
  overall: z.object({ status: z.enum(["scored", "insufficient-data", "suppressed"]), withheld: withheldSchema, index: z.number().nullable() }),
  levels: z.array(reportLevelSchema),
  /** Scored dimensions of all levels, ordered by rank (priority, then gap, then id). */
  rankedDimensions: z.array(reportDimensionSchema),
  /** Scored items, ordered by rank. */
  rankedItems: z.array(reportItemSchema),
  /** Every item in document order, for the distribution of answers. */
  items: z.array(reportItemSchema),
  heatmap: z.object({
    dimensions: z.array(z.object({ id: z.string(), levelId: z.string(), title: z.string() })),
    rows: z.array(
      z.object({
        organisationId: z.number().int(),
        name: z.string(),
        status: z.enum(["scored", "suppressed"]),
        withheld: withheldSchema,
        cells: z.array(
          z.object({
            dimensionId: z.string(),
            status: cellStatus,
            withheld: withheldSchema,
            current: z.number().nullable(),
            gap: z.number().nullable(),
            severity: severity.nullable(),
          }),
        ),
      }),
    ),
  }),
  recommendations: z.array(
    z.object({
      dimensionId: z.string(),
      dimensionTitle: z.string(),
      levelId: z.string(),
      severity,
      rank: z.number().int(),
      /** Each action once, under its best-ranked dimension; `alsoAddresses` names the other dimensions it addresses. */
      actions: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          horizon,
          alsoAddresses: z.array(z.object({ dimensionId: z.string(), dimensionTitle: z.string() })).default([]),
        }),
      ),
    }),
  ),
  roadmap: z.object(
    Object.fromEntries(
      (["short", "medium", "long"] as const).map((h) => [
        h,
        z.array(
          z.object({ actionId: z.string(), text: z.string(), dimensionId: z.string(), dimensionTitle: z.string(), severity, dimensionRank: z.number().int() }),
        ),
      ]),
    ) as Record<
      "short" | "medium" | "long",
      z.ZodArray<
        z.ZodObject<{
          actionId: z.ZodString;
          text: z.ZodString;
          dimensionId: z.ZodString;
          dimensionTitle: z.ZodString;
          severity: typeof severity;
          dimensionRank: z.ZodNumber;
        }>
      >
    >,
  ),
  /**
   * The prioritised roadmap (method.md): per horizon, every triggered action once, in the order of its dimensions'
   * rank, naming each gap it addresses (current → target, validated where validated); the report shows the first
   * `cap` and lists them all in its annex. Null in an organisation's report and in reports frozen before it existed
   * (those show the flat `roadmap`).
   */
  prioritisedRoadmap: z
    .object({
      horizons: z.array(
        z.object({
          horizon,
          cap: z.number().int(),
          actions: z.array(
            z.object({
              actionId: z.string(),
              text: z.string(),
              severity,
              gaps: z.array(
                z.object({
                  dimensionId: z.string(),
                  dimensionTitle: z.string(),
                  levelId: z.string(),
                  rank: z.number().int(),
                  severity,
                  current: z.number(),
                  target: z.number(),
                }),
              ),
            }),
          ),
        }),
      ),
    })
    .nullable()
    .default(null),
  responseRates: z.object({
    overall: tally,
    organisations: z.array(tally.extend({ organisationId: z.number().int(), name: z.string() })),
    levels: z.array(tally.extend({ levelId: z.string(), title: z.string() })),
  }),
  progress: z
    .object({
      previousAssessmentId: z.number().int(),
      previousRound: z.string(),
      dimensions: z.array(
        z.object({
          id: z.string(),
          levelId: z.string(),
          title: z.string(),
          previous: z.number(),
          current: z.number(),
          change: z.number(),
          lower: z.number(),
          upper: z.number(),
          isClear: z.boolean(),
        }),
      ),
    })
    .nullable(),
  peers: z
    .object({
      group: z.string(),
      groupLabel: z.string(),
      countries: z.array(z.string()),
      dimensions: z.array(
        z.object({
          id: z.string(),
          levelId: z.string(),
          title: z.string(),
          country: z.number().nullable(),
          peer: z.number().nullable(),
          peerCountries: z.number().int(),
        }),
      ),
    })
    .nullable(),
  /**
   * Results by the categories of one background question (`?by=`), categories down the side and dimensions across,
   * suppressed as in the engine; null unless asked for (never in a published snapshot).
   */
  breakdown: z
    .object({
      questionId: z.string(),
      question: z.string(),
      dimensions: z.array(z.object({ id: z.string(), levelId: z.string(), title: z.string() })),
      rows: z.array(
        z.object({
          category: z.string(),
          label: z.string(),
          status: z.enum(["scored", "suppressed"]),
          withheld: withheldSchema,
          cells: z.array(
            z.object({
              dimensionId: z.string(),
              status: cellStatus,
              withheld: withheldSchema,
              current: z.number().nullable(),
              gap: z.number().nullable(),
              severity: severity.nullable(),
            }),
          ),
        }),
      ),
    })
    .nullable()
    .default(null),
  /** Comments, only when the reader may see them and asked for them; never in published or PDF reports unless selected. */
  comments: z.array(z.object({ itemId: z.string(), question: z.string(), text: z.string() })),
  /**
   * Expert validation beside the self-assessment (method.md): the headline index of each with the coverage, each
   * dimension's self-assessed and validated current level, and the largest disagreements. Null when nothing is
   * validated (and in reports frozen before validation existed). Rationales only where comments are (asked for by a
   * reader allowed to see them).
   */
  validation: z
    .object({
      coverage: z.number(),
      validatedUnits: z.number().int(),
      selfIndex: z.number().nullable(),
      validatedIndex: z.number().nullable(),
      dimensions: z.array(
        z.object({
          id: z.string(),
          levelId: z.string(),
          title: z.string(),
          self: z.number().nullable(),
          validated: z.number().nullable(),
          selfSeverity: severity.nullable(),
          validatedSeverity: severity.nullable(),
          coverage: z.number(),
          disagreements: z.number().int(),
        }),
      ),
      disagreements: z.array(
        z.object({
          /** The organisation, or null for the country as a whole. */
          organisationId: z.number().int().nullable(),
          unit: z.string(),
          dimensionId: z.string(),
          dimensionTitle: z.string(),
          self: z.number(),
          validated: z.number(),
          status: z.enum(["confirmed", "adjusted", "disputed"]),
          organisationView: z.number().nullable(),
          rationale: z.string().nullable(),
        }),
      ),
    })
    .nullable()
    .default(null),
  /**
   * The share of ratings backed by evidence (a file or a link), with the expert ratings of that evidence, in the
   * report's scope: overall, per level and per dimension. Null when the assessment holds no evidence (and in reports
   * frozen before evidence existed). A dimension withheld for confidentiality carries no counts.
   */
  evidence: z
    .object({
      ...evidenceShareFields,
      levels: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          ...evidenceShareFields,
          dimensions: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              shown: z.boolean(),
              ...evidenceShareFields,
              rated: z.number().int(),
              sufficient: z.number().int(),
            }),
          ),
        }),
      ),
    })
    .nullable()
    .default(null),
});
export type ReportModel = z.infer<typeof reportModelSchema>;

/** Whether the peer section has a comparison to show: with fewer than three peers for every dimension it is one sentence. */
export function hasPeerComparison(peers: ReportModel["peers"]): boolean {
  return peers !== null && peers.dimensions.some((d) => d.peer !== null);
}
