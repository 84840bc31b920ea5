// XLSForm import, first step: the workbook's sheets as rows of named cells, the columns checked against the supported
// subset, and the languages of the form (label::<language> columns; the source language from the settings).
import type { UploadLimits } from "../uploads/limits";
import { readWorkbook, rowValues, type SheetData } from "../uploads/spreadsheet";
import { cellText, restoreCell } from "./tables";
import { CHOICES, DETAILS, languageCodeOf, SETTINGS, SURVEY } from "./xlsform-common";

export interface XlsFormProblem {
  sheet: string;
  /** 1-based spreadsheet row; 0 when the problem is a missing sheet or row. */
  row: number;
  column: string;
  message: string;
}

export type Problem = (sheet: string, row: number, column: string, message: string) => void;

export interface SheetRow {
  row: number;
  cells: Map<string, string>;
}

export interface Sheet {
  name: string;
  /** Lower-cased header → original header. */
  headers: string[];
  rows: SheetRow[];
}

/** A text in each language that has it (language code → text). */
export type Texts = Map<string, string>;

export interface FormSheets {
  survey: Sheet;
  choices: Sheet;
  settings: Sheet;
  details: Sheet;
}

/** The form's languages and how to read a row's texts in them. */
export interface FormLanguages {
  source: string;
  /** The source language first. */
  languages: string[];
  columnFor(prefix: "label" | "hint", code: string, sheet: Sheet): string | undefined;
  textsOf(row: SheetRow, sheet: Sheet, prefix?: "label" | "hint"): Texts;
  /** The texts, with a problem when the source language's is empty. */
  requireSource(texts: Texts, sheet: Sheet, row: number, prefix?: "label" | "hint"): Texts;
}

const surveyColumns = /^(type|name|label(::.*)?|hint(::.*)?|required|relevant|appearance)$/;
const choicesColumns = /^(list_name|list name|name|label(::.*)?)$/;
const detailsColumns = /^(key|value|label(::.*)?)$/;

function readSheet(worksheet: SheetData): Sheet {
  // Language suffixes keep their case ("zh-Hans"); everything else is compared in lower case.
  const headers: string[] = rowValues(worksheet, 1).map((value) => {
    const header = cellText(value).trim();
    const prefixed = /^(label|hint)::(.*)$/i.exec(header);
    return prefixed ? `${prefixed[1].toLowerCase()}::${prefixed[2]}` : header.toLowerCase();
  });
  const rows: SheetRow[] = [];
  for (const [rowNumber, row] of worksheet.rows) {
    if (rowNumber === 1) continue;
    const cells = new Map<string, string>();
    headers.forEach((header, i) => {
      if (!header) return;
      const text = restoreCell(cellText(row[i]).trim());
      if (text !== "") cells.set(header, text);
    });
    if (cells.size) rows.push({ row: rowNumber, cells });
  }
  return { name: worksheet.name, headers, rows };
}

/** The four sheets (cna_details may be absent), or the problems that stop the import before it starts. */
export async function readSheets(
  content: Buffer,
  limits?: UploadLimits,
): Promise<{ ok: true; sheets: FormSheets } | { ok: false; problems: XlsFormProblem[] }> {
  const workbook = await readWorkbook(content, limits);
  if (!workbook.ok) return { ok: false, problems: [{ sheet: "", row: 0, column: "", message: `not a readable XLSX workbook: ${workbook.message}` }] };
  const problems: XlsFormProblem[] = [];
  const problem: Problem = (sheet, row, column, message) => problems.push({ sheet, row, column, message });
  const sheets = new Map<string, Sheet>();
  for (const name of [SURVEY, CHOICES, SETTINGS, DETAILS]) {
    const worksheet = workbook.sheets.find((w) => w.name.trim().toLowerCase() === name);
    if (worksheet) sheets.set(name, readSheet(worksheet));
    else if (name !== DETAILS) problem(name, 0, "", `the workbook has no "${name}" sheet`);
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    sheets: {
      survey: sheets.get(SURVEY)!,
      choices: sheets.get(CHOICES)!,
      settings: sheets.get(SETTINGS)!,
      details: sheets.get(DETAILS) ?? { name: DETAILS, headers: ["key", "value"], rows: [] },
    },
  };
}

/** A problem for each used column outside the supported subset. */
export function checkColumns({ survey, choices, details }: FormSheets, problem: Problem): void {
  for (const [sheet, allowed] of [
    [survey, surveyColumns],
    [choices, choicesColumns],
    [details, detailsColumns],
  ] as const) {
    sheet.headers.forEach((header) => {
      // KoboToolbox adds its own bookkeeping columns ($kuid, $autoname, …) to forms it exports: they carry no meaning here.
      if (!header || allowed.test(header) || header.startsWith("$")) return;
      const used = sheet.rows.find((r) => r.cells.has(header));
      if (used) problem(sheet.name, used.row, header, `the column "${header}" is not supported (see docs/exchange.md for the supported subset)`);
    });
  }
}

/** label::<language> columns; the source is settings.default_language (else en, else the first). */
export function readLanguages({ survey, settings }: FormSheets, problem: Problem): FormLanguages {
  const settingsRow = settings.rows[0];
  const labelLanguages = new Map<string, string>();
  for (const header of survey.headers) {
    if (!header?.startsWith("label::")) continue;
    const code = languageCodeOf(header.slice("label::".length));
    if (!code) problem(SURVEY, 1, header, 'name the language with its code, as in "label::French (fr)"');
    else labelLanguages.set(code.toLowerCase(), code);
  }
  let source = "en";
  const defaultLanguage = settingsRow?.cells.get("default_language");
  if (defaultLanguage) {
    const code = languageCodeOf(defaultLanguage);
    if (!code) problem(SETTINGS, settingsRow.row, "default_language", 'must name a language with its code, as in "English (en)"');
    else source = code;
  } else if (!survey.headers.includes("label") && labelLanguages.size && !labelLanguages.has("en")) source = [...labelLanguages.values()][0];
  const languages = [source, ...[...labelLanguages.values()].filter((c) => c.toLowerCase() !== source.toLowerCase())];
  const columnFor = (prefix: "label" | "hint", code: string, sheet: Sheet): string | undefined =>
    sheet.headers.find((h) => h?.startsWith(`${prefix}::`) && languageCodeOf(h.slice(prefix.length + 2))?.toLowerCase() === code.toLowerCase()) ??
    (code === source && sheet.headers.includes(prefix) ? prefix : undefined);
  const textsOf = (row: SheetRow, sheet: Sheet, prefix: "label" | "hint" = "label"): Texts => {
    const texts: Texts = new Map();
    for (const code of languages) {
      const column = columnFor(prefix, code, sheet);
      const text = column ? row.cells.get(column) : undefined;
      if (text) texts.set(code, text);
    }
    return texts;
  };
  const requireSource = (texts: Texts, sheet: Sheet, row: number, prefix: "label" | "hint" = "label"): Texts => {
    if (!texts.has(source)) problem(sheet.name, row, columnFor(prefix, source, sheet) ?? `${prefix}::${source}`, `the ${source} text must not be empty`);
    return texts;
  };
  return { source, languages, columnFor, textsOf, requireSource };
}
