// The translator's spreadsheet: an instrument's strings for one language as an XLSX workbook (key, context,
// English, translation, status), and the filled workbook read back — every row validated before anything is used.
// Pure apart from exceljs: files are written by translation-file.ts.
import type ExcelJS from "exceljs";
import { newWorkbook } from "../workbook";
import { z } from "zod";
import type { UploadLimits } from "../uploads/limits";
import { readWorkbook, rowValues, sheetNamed, type CellValue } from "../uploads/spreadsheet";
import { allSourceStrings, sourceHash } from "./i18n";
import type { Instrument } from "./schema";

export const translationStatuses = ["translated", "stale", "untranslated"] as const;
export type TranslationRowStatus = (typeof translationStatuses)[number];

export interface TranslationRow {
  key: string;
  context: string;
  source: string;
  translation: string;
  status: TranslationRowStatus;
}

export interface TranslationEntry {
  source: string;
  text: string;
}

export interface WorkbookProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export const translationSheetName = "Translations";
const columns = ["key", "context", "english", "translation", "status"] as const;
const MAX_TEXT = 10_000;

/** Where a key sits in the instrument, so a translator sees "Anchor 3 · Digital strategy" beside the text. */
function contextsOf(instrument: Instrument): Map<string, string> {
  const contexts = new Map<string, string>();
  for (const step of instrument.scale) contexts.set(`scale.${step.value}`, `Scale ${step.value}`);
  for (const level of instrument.levels) {
    contexts.set(`level.${level.id}`, `Level · ${level.title}`);
    for (const dimension of level.dimensions) {
      contexts.set(`dimension.${dimension.id}`, `${level.title} › ${dimension.title}`);
      for (const item of dimension.items) contexts.set(`item.${item.id}`, `${dimension.title} › ${item.id}`);
      for (const action of dimension.actions) contexts.set(`action.${action.id}`, `${dimension.title} › action (${action.horizon} term)`);
    }
  }
  return contexts;
}

/** Every translatable string of the instrument with its translation in `lang` and the state of that translation. */
export function translationRows(instrument: Instrument, lang: string): TranslationRow[] {
  const contexts = contextsOf(instrument);
  const existing = instrument.translations[lang] ?? {};
  return allSourceStrings(instrument).map(({ key, text }) => {
    const entry = existing[key];
    const [kind, id] = key.split(".");
    const anchor = /\.anchor\.(\d+)$/.exec(key);
    const place = contexts.get(`${kind}.${id}`) ?? kind;
    return {
      key,
      context: anchor ? `${place} · anchor ${anchor[1]}` : place,
      source: text,
      translation: entry?.text ?? "",
      status: entry === undefined ? "untranslated" : entry.source === sourceHash(text) ? "translated" : "stale",
    };
  });
}

/** The workbook a translator fills in: one sheet of strings and one of instructions. */
export async function writeTranslationWorkbook(instrument: Instrument, lang: string): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.created = new Date(0); // a fixed date keeps exports of the same content byte-comparable
  const sheet = workbook.addWorksheet(translationSheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "key", key: "key", width: 34 },
    { header: "context", key: "context", width: 36 },
    { header: "english", key: "english", width: 60 },
    { header: "translation", key: "translation", width: 60 },
    { header: "status", key: "status", width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of translationRows(instrument, lang)) {
    // Values are written as typed strings, so a text starting with "=" is never a formula.
    sheet.addRow({ key: row.key, context: row.context, english: row.source, translation: row.translation, status: row.status });
  }
  for (const column of ["C", "D"]) sheet.getColumn(column).alignment = { wrapText: true, vertical: "top" };
  const about = workbook.addWorksheet("About");
  about.addRows([
    [`Instrument: ${instrument.id} (version ${instrument.version.slice(0, 12)})`],
    [`Language: ${lang}`],
    ["Fill in the 'translation' column. Do not change the 'key' or 'english' columns."],
    ["A row whose status is 'stale' was translated from an older English text: check it; edit it or set the status to 'translated' to confirm it."],
    ["An empty translation leaves the string untranslated (it is shown in the fallback language)."],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const cellText = z
  .string()
  .max(MAX_TEXT, `at most ${MAX_TEXT} characters`)
  // Control characters other than tab and newline would end up in pages and PDFs; they never belong in a translation.
  .refine((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text), "contains control characters");

const rowSchema = z.object({
  key: z.string().min(1, "the key is empty"),
  english: z.string(),
  translation: cellText,
  status: z.enum(translationStatuses, { error: `must be one of ${translationStatuses.join(", ")}` }),
});

function textOf(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return textOf(value.result as CellValue);
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

export type ReadTranslationsResult = { ok: true; entries: Record<string, TranslationEntry>; translated: number } | { ok: false; problems: WorkbookProblem[] };

/**
 * Reads a filled workbook. Every row is checked (known key, English unchanged or at least still a known string,
 * clean text, valid status); any problem fails the whole file. The result is the complete set of translations
 * for the language, to replace the old one: rows left empty are untranslated.
 */
export async function readTranslationWorkbook(content: Buffer, instrument: Instrument, lang: string, limits?: UploadLimits): Promise<ReadTranslationsResult> {
  const workbook = await readWorkbook(content, limits);
  if (!workbook.ok) return { ok: false, problems: [{ sheet: "", row: 0, column: "", message: "the file is not an XLSX workbook" }] };
  const sheet = sheetNamed(workbook.sheets, translationSheetName);
  if (!sheet)
    return { ok: false, problems: [{ sheet: translationSheetName, row: 0, column: "", message: `the workbook has no sheet named "${translationSheetName}"` }] };

  const problems: WorkbookProblem[] = [];
  const problem = (row: number, column: string, message: string) => problems.push({ sheet: translationSheetName, row, column, message });
  const header = rowValues(sheet, 1).map((v) => textOf(v).trim().toLowerCase());
  const position = new Map(columns.map((name) => [name, header.indexOf(name)]));
  for (const name of ["key", "english", "translation", "status"] as const) {
    if (position.get(name)! < 0) problem(1, name, `the header row has no "${name}" column (expected: ${columns.join(", ")})`);
  }
  if (problems.length) return { ok: false, problems };

  const sources = new Map(allSourceStrings(instrument).map((s) => [s.key, s.text]));
  const existing = instrument.translations[lang] ?? {};
  const entries: Record<string, TranslationEntry> = {};
  const seen = new Map<string, number>();
  for (const [rowNumber, row] of sheet.rows) {
    if (rowNumber === 1) continue;
    const cell = (name: (typeof columns)[number]) => textOf(position.get(name)! < 0 ? null : row[position.get(name)!]);
    const parsed = rowSchema.safeParse({
      key: cell("key").trim(),
      english: cell("english"),
      translation: cell("translation").trim(),
      status: cell("status").trim().toLowerCase() || "untranslated",
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problem(rowNumber, String(issue.path[0]), issue.message);
      continue;
    }
    const { key, english, translation, status } = parsed.data;
    const current = sources.get(key);
    if (current === undefined) {
      problem(rowNumber, "key", `"${key}" is not a string of instrument ${instrument.id}`);
      continue;
    }
    if (seen.has(key)) {
      problem(rowNumber, "key", `"${key}" appears twice (first on row ${seen.get(key)})`);
      continue;
    }
    seen.set(key, rowNumber);
    if (translation === "") continue;
    const previous = existing[key];
    // An unchanged translation still marked stale keeps its old source, so it stays stale until someone confirms it;
    // otherwise the translation is of the English shown in the row (older English makes it stale at once).
    const keepsStale = previous !== undefined && previous.text === translation && status === "stale";
    entries[key] = { source: keepsStale ? previous.source : sourceHash(english === "" ? current : english), text: translation };
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, entries, translated: Object.keys(entries).length };
}

export function formatWorkbookProblem(p: WorkbookProblem): string {
  return `${p.sheet ? `${p.sheet}!` : ""}row ${p.row}${p.column ? ` ${p.column}` : ""}: ${p.message}`;
}
