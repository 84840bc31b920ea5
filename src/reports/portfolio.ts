// The portfolio: every assessment a user may see, a row each, with its overall and level indices, response rate,
// status and validation coverage, filtered by country group, M49 region and instrument. The rows are what the
// reports show (a published assessment's come from its frozen snapshot; the others are scored live, withheld cells
// staying withheld), without the report's peers, previous round and wording, and kept until a table they read
// changes, so a page over many assessments does not score them all again on each request.
import { z } from "zod";
import { listAssessments, type AssessmentSummary } from "../assessments/repository";
import type { Actor } from "../auth/policy";
import { listedAssessmentsCondition } from "../auth/scope";
import { COUNTRY_GROUPS, M49_REGIONS, type M49Region } from "../countries/schema";
import { cachedUntilWrite } from "../db/versioned-cache";
import { assessmentStatuses } from "../db/schema";
import { responseRates, validateResults } from "../scoring";
import { invitationTallies, scoreFromDatabase } from "../responses/submitted-answers";
import { listValidations, unitValidationsOf } from "../validation/repository";
import type { ReportDeps } from "./build";
import { reportFor } from "./service";

/** Every table a row's figures are read from: a write to one of them computes the rows again. */
const PORTFOLIO_TABLES = ["assessments", "invitations", "responses", "answers", "validations", "report_snapshots", "organisations"] as const;
/** The most assessments one portfolio lists (newest first). */
export const PORTFOLIO_LIMIT = 500;

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

export const portfolioQuerySchema = z.object({
  group: z.preprocess(blankToUndefined, z.enum(COUNTRY_GROUPS).optional()).meta({ description: "Only countries of this UN group (LDC, LLDC, SIDS)." }),
  region: z
    .preprocess(blankToUndefined, z.enum(M49_REGIONS as [M49Region, ...M49Region[]]).optional())
    .meta({ description: "Only countries of this M49 region." }),
  instrument: z
    .preprocess(blankToUndefined, z.string().max(100, "must be at most 100 characters").optional())
    .meta({ description: "Only assessments using this instrument (its id)." }),
});
export type PortfolioQuery = z.output<typeof portfolioQuerySchema>;

const cell = z.object({ status: z.enum(["scored", "suppressed", "insufficient-data"]), index: z.number().nullable() });

export const portfolioRowSchema = z.object({
  assessmentId: z.number().int(),
  countryIso3: z.string(),
  countryName: z.string().meta({ description: "The country's English name (pages show it in the reader's language)." }),
  groups: z.array(z.enum(COUNTRY_GROUPS)),
  region: z.string().nullable(),
  instrumentId: z.string(),
  roundLabel: z.string(),
  status: z.enum(assessmentStatuses),
  isDemo: z.boolean(),
  overall: cell,
  levels: z.array(cell.extend({ levelId: z.string() })),
  responseRate: z.object({ invited: z.number().int(), submitted: z.number().int(), rate: z.number().nullable() }),
  validationCoverage: z
    .number()
    .nullable()
    .meta({ description: "The share of respondents whose unit an expert validated (0–1); null when nothing is validated." }),
});
export type PortfolioRow = z.infer<typeof portfolioRowSchema>;

export const portfolioSchema = z.object({ assessments: z.array(portfolioRowSchema) });

type Figures = Pick<PortfolioRow, "overall" | "levels" | "responseRate" | "validationCoverage">;

/** The assessments `actor` may see that pass the filters, newest first, each with its figures. */
export function portfolioOf(deps: ReportDeps, actor: Actor, query: PortfolioQuery): PortfolioRow[] {
  const visible = listAssessments(deps.database.db, listedAssessmentsCondition(deps.database, actor), { limit: PORTFOLIO_LIMIT });
  return visible.flatMap((assessment) => {
    const country = deps.countries.byIso3(assessment.countryIso3);
    const groups = country?.groups ?? [];
    if (query.group && !groups.includes(query.group)) return [];
    if (query.region && country?.region !== query.region) return [];
    if (query.instrument && assessment.instrumentId !== query.instrument) return [];
    return [
      {
        assessmentId: assessment.id,
        countryIso3: assessment.countryIso3,
        countryName: assessment.countryName,
        groups: [...groups],
        region: country?.region ?? null,
        instrumentId: assessment.instrumentId,
        roundLabel: assessment.roundLabel,
        status: assessment.status,
        isDemo: assessment.isDemo,
        ...figuresOf(deps, assessment),
      },
    ];
  });
}

function figuresOf(deps: ReportDeps, assessment: AssessmentSummary): Figures {
  return cachedUntilWrite(deps.database, PORTFOLIO_TABLES, `portfolio:${assessment.id}:${assessment.status}`, () =>
    assessment.status === "published" ? publishedFigures(deps, assessment) : liveFigures(deps, assessment),
  );
}

/** A published assessment: the figures of its frozen report, as every reader of it sees them. */
function publishedFigures(deps: ReportDeps, assessment: AssessmentSummary): Figures {
  const model = reportFor(deps, assessment, { language: "en" });
  const asCell = (c: { status: string; index: number | null }) => ({
    status: c.status === "scored" ? ("scored" as const) : c.status === "insufficient-data" ? ("insufficient-data" as const) : ("suppressed" as const),
    index: c.status === "scored" ? c.index : null,
  });
  const { invited, submitted, rate } = model.responseRates.overall;
  return {
    overall: asCell(model.overall),
    levels: model.levels.map((l) => ({ levelId: l.id, ...asCell(l) })),
    responseRate: { invited, submitted, rate },
    validationCoverage: model.validation?.coverage ?? null,
  };
}

/** Any other assessment: scored now, like its draft report (suppression decided in the engine). */
function liveFigures(deps: ReportDeps, assessment: AssessmentSummary): Figures {
  const { model, result } = scoreFromDatabase(deps, assessment);
  const rates = responseRates(invitationTallies(deps.database, assessment.id), assessment.levels);
  const validations = listValidations(deps.database.db, assessment.id);
  const validated = validations.length > 0 ? validateResults(model, result, unitValidationsOf(validations)) : null;
  return {
    overall: { status: result.overall.status, index: result.overall.status === "scored" ? result.overall.index : null },
    levels: result.levels.map((l) => ({ levelId: l.levelId, status: l.status, index: l.status === "scored" ? l.index : null })),
    responseRate: { invited: rates.overall.invited, submitted: rates.overall.submitted, rate: rates.overall.rate },
    validationCoverage: validated && validated.validatedUnits > 0 ? validated.coverage : null,
  };
}
