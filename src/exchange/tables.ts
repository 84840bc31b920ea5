// Plain tables (a name, column names, rows of cells) and their two file forms: CSV (UTF-8 with a byte order mark,
// so Excel opens accents and Arabic correctly) and XLSX (one sheet per table). Every text cell is neutralised
// against formula injection on the way out.
import { stringify } from "csv-stringify/sync";
import type ExcelJS from "exceljs";
import { newWorkbook } from "../workbook";
import { neutraliseCell } from "../cell-safety";

export type Cell = string | number | null;

export interface DataTable {
  /** Also the sheet name in a workbook (at most 31 characters, no []:*?/\). */
  name: string;
  columns: string[];
  rows: Cell[][];
}

export const BOM = "\uFEFF";

export function tableToCsv(table: DataTable): Buffer {
  const rows = table.rows.map((row) => row.map((cell) => (cell === null ? "" : neutraliseCell(cell))));
  return Buffer.from(`${BOM}${stringify([table.columns.map(neutraliseCell), ...rows])}`, "utf8");
}

/** Adds one sheet per table: a bold, frozen header row; numbers stay numbers, empty cells stay empty. */
export function addTableSheets(workbook: ExcelJS.Workbook, tables: readonly DataTable[]): void {
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(table.columns.map(neutraliseCell));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((cell) => (cell === null ? null : neutraliseCell(cell))));
    table.columns.forEach((column, index) => {
      sheet.getColumn(index + 1).width = Math.min(60, Math.max(10, column.length + 2));
    });
  }
}

export async function tablesToXlsx(tables: readonly DataTable[]): Promise<Buffer> {
  const workbook = await newWorkbook();
  addTableSheets(workbook, tables);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The text of an XLSX cell as a spreadsheet shows it (rich text joined, formulas by their cached result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if (value instanceof Date) return value.toISOString();
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) return String((value as { result?: unknown }).result ?? "");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

/** Undoes neutraliseCell for text read back from a file we wrote: "'=x" becomes "=x" again. */
export function restoreCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
