// XLSForm import, first step: the workbook's sheets as rows of named cells, the columns checked against the supported
// subset, and the languages of the form (label::<language> columns; the source language from the settings). Only the
// survey sheet is required, as in the XLSForm spec: choices, settings and cna_details may be absent.
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

/** Where the steps report: problems of structure come first (a person fixes them first), then problems of details. */
export interface Report {
  /** Structure: sheets, types, names, groups, lists, conditions. */
  problem: Problem;
  /** What the instrument needs beyond the form (cna_details): reported only when the structure is right. */
  detail: Problem;
  /** What has no place in an instrument (repeats, media, calculations…): a problem, or skipped with a warning on request. */
  unmappable: Problem;
  /** Accepted, but worth knowing (a note not imported, a decimal taken as a whole number). */
  warn: Problem;
}

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

const choicesColumns = /^(list_name|list name|name|label(::.*)?)$/;
const detailsColumns = /^(key|value|label(::.*)?)$/;

/** "label::English (en)", "label:fr", "Label : French" → label::<language>; other headers in lower case. */
export function normaliseHeader(text: string): string {
  const header = text.trim();
  // Language suffixes keep their case ("zh-Hans"); everything else is compared in lower case.
  const prefixed = /^([a-z_]+)\s*::?\s*(.+)$/i.exec(header);
  if (prefixed && !prefixed[1].startsWith("$")) return `${prefixed[1].toLowerCase()}::${prefixed[2].trim()}`;
  return header.toLowerCase();
}

function readSheet(worksheet: SheetData): Sheet {
  const headers: string[] = rowValues(worksheet, 1).map((value) => normaliseHeader(cellText(value)));
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

/** The four sheets (only survey is required; the others read as empty), or the problems that stop the import first. */
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
    else if (name === SURVEY) problem(name, 0, "", `the workbook has no "${name}" sheet: an XLSForm needs at least its survey sheet`);
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    sheets: {
      survey: sheets.get(SURVEY)!,
      choices: sheets.get(CHOICES) ?? { name: CHOICES, headers: ["list_name", "name"], rows: [] },
      settings: sheets.get(SETTINGS) ?? { name: SETTINGS, headers: [], rows: [] },
      details: sheets.get(DETAILS) ?? { name: DETAILS, headers: ["key", "value"], rows: [] },
    },
  };
}

/** A problem for each used column of the choices and cna_details sheets outside the supported subset (the survey's are
 * checked row by row, since a skipped row's columns do not matter). */
export function checkColumns({ choices, details }: FormSheets, problem: Problem, unmappable: Problem): void {
  for (const [sheet, allowed, report] of [
    [choices, choicesColumns, unmappable],
    [details, detailsColumns, problem],
  ] as const) {
    sheet.headers.forEach((header) => {
      // KoboToolbox adds its own bookkeeping columns ($kuid, $autoname, …) to forms it exports: they carry no meaning here.
      if (!header || allowed.test(header) || header.startsWith("$")) return;
      const used = sheet.rows.find((r) => r.cells.has(header));
      if (used) report(sheet.name, used.row, header, `the column "${header}" is not supported (see docs/exchange.md for the supported subset)`);
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
    if (!code)
      problem(SURVEY, 1, header, `"${header.slice("label::".length)}" is not a language this app knows: name it with its code, as in "label::French (fr)"`);
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
