// Assessment exports as files: which tables go into which file, named for download. Authorisation is the caller's
// (route or command line); this module only honours `includeIdentity` as given.
import type { AssessmentSummary } from "../assessments/repository";
import type { CountryDirectory } from "../countries/repository";
import type { AppDatabase } from "../db/client";
import type { InstrumentCatalog } from "../questionnaires/catalog";
import { reportFor, reportLanguage } from "../reports/service";
import { answersLongTable, answersWideTable, categoryResultsTable, codebookTables, resultsTables, type AnswerShape } from "./exports";
import { breakdownOf, breakdownQuestions } from "../reports/breakdown";
import { loadExportData } from "./repository";
import { tablesToXlsx, tableToCsv, type DataTable } from "./tables";

export interface ExportDeps {
  database: AppDatabase;
  instruments: InstrumentCatalog;
  countries: CountryDirectory;
  clock: () => Date;
}

/** Every file the data page offers; anything else is not found. */
export const exportFiles = [
  "answers.csv",
  "answers.xlsx",
  "codebook.csv",
  "codes.csv",
  "codebook.xlsx",
  "results.xlsx",
  "results-overall.csv",
  "results-levels.csv",
  "results-dimensions.csv",
  "results-items.csv",
  "results-response_rates.csv",
] as const;
export type ExportFile = (typeof exportFiles)[number];

export interface ExportOptions {
  shape: AnswerShape;
  includeIdentity: boolean;
  /** Language of the codebook and results texts; the assessment's first language when not offered. */
  language: string;
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export const CSV_TYPE = "text/csv; charset=utf-8";
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function answerTables(
  deps: Pick<ExportDeps, "database" | "instruments">,
  assessment: AssessmentSummary,
  options: Pick<ExportOptions, "shape" | "includeIdentity">,
): DataTable {
  const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
  const data = loadExportData(deps.database, assessment.id);
  const input = { instrument, levels: assessment.levels, ...data, includeIdentity: options.includeIdentity };
  return options.shape === "wide" ? answersWideTable(input) : answersLongTable(input);
}

function codebookOf(deps: Pick<ExportDeps, "database" | "instruments">, assessment: AssessmentSummary, language: string): DataTable[] {
  return codebookTables(deps.instruments.pinned(deps.database, assessment.instrumentVersion), assessment.levels, language);
}

/** The published snapshot when there is one (the results everyone saw), else live results: the same suppression rules. */
function resultsOf(deps: ExportDeps, assessment: AssessmentSummary, language: string): DataTable[] {
  return resultsTables(reportFor(deps, assessment, { language }));
}

export async function buildExport(deps: ExportDeps, assessment: AssessmentSummary, file: ExportFile, options: ExportOptions): Promise<ExportedFile> {
  const language = reportLanguage(assessment, options.language);
  const stem = `${assessment.countryIso3}-${assessment.roundLabel}`.replace(/[^A-Za-z0-9._-]/g, "_");
  const csv = (table: DataTable, name: string): ExportedFile => ({ filename: `${stem}-${name}.csv`, contentType: CSV_TYPE, body: tableToCsv(table) });
  const xlsx = async (tables: DataTable[], name: string): Promise<ExportedFile> => ({
    filename: `${stem}-${name}.xlsx`,
    contentType: XLSX_TYPE,
    body: await tablesToXlsx(tables),
  });
  const answersName = `answers-${options.shape}${options.includeIdentity ? "-identified" : ""}`;
  switch (file) {
    case "answers.csv":
      return csv(answerTables(deps, assessment, options), answersName);
    case "answers.xlsx":
      return xlsx([answerTables(deps, assessment, options), ...codebookOf(deps, assessment, language)], answersName);
    case "codebook.csv":
      return csv(codebookOf(deps, assessment, language)[0], `codebook-${language}`);
    case "codes.csv":
      return csv(codebookOf(deps, assessment, language)[1], `codes-${language}`);
    case "codebook.xlsx":
      return xlsx(codebookOf(deps, assessment, language), `codebook-${language}`);
    case "results.xlsx": {
      // Results by each background category, beside the rest (computed live, like the report's ?by=).
      const instrument = deps.instruments.pinned(deps.database, assessment.instrumentVersion);
      const breakdowns = breakdownQuestions(instrument).map((q) => breakdownOf(deps, assessment, q.id, language));
      const byCategory = breakdowns.length > 0 ? [categoryResultsTable(breakdowns)] : [];
      return xlsx([...resultsOf(deps, assessment, language), ...byCategory, ...codebookOf(deps, assessment, language)], `results-${language}`);
    }
    default: {
      const name = file.slice("results-".length, -".csv".length);
      const table = resultsOf(deps, assessment, language).find((t) => t.name === name)!;
      return csv(table, `results-${name}-${language}`);
    }
  }
}
