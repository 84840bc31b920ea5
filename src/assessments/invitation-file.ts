// Reads a bulk invitation file (CSV or XLSX) into rows, each validated with zod; problems name the row and column.
import { parse } from "csv-parse/sync";
import type { UploadLimits } from "../uploads/limits";
import { looksLikeZip } from "../uploads/archive-check";
import { readWorkbook, rowValues, type CellValue } from "../uploads/spreadsheet";
import { invitationRowSchema, type InvitationRow } from "./schemas";
import type { RowProblem } from "./service";

export const invitationFileColumns = ["organisation", "organisation_type", "name", "email", "levels", "language"] as const;
const MAX_ROWS = 5000;

export interface ParsedInvitationFile {
  rows: { row: number; value: InvitationRow }[];
  problems: RowProblem[];
}

function normaliseHeader(header: unknown): string {
  return String(header ?? "")
    .trim()
    .toLowerCase()
    .replace(/^\uFEFF/, "")
    .replace(/[\s-]+/g, "_");
}

function validateRecords(records: { row: number; cells: Record<string, unknown> }[], headers: string[]): ParsedInvitationFile {
  const problems: RowProblem[] = [];
  const rows: ParsedInvitationFile["rows"] = [];
  for (const required of ["organisation", "levels"]) {
    if (!headers.includes(required))
      problems.push({ row: 1, field: required, message: `the header row has no "${required}" column (expected columns: ${invitationFileColumns.join(", ")})` });
  }
  if (problems.length) return { rows, problems };
  if (records.length === 0) problems.push({ row: 2, field: "organisation", message: "the file has no invitation rows" });
  if (records.length > MAX_ROWS) problems.push({ row: MAX_ROWS + 2, field: "organisation", message: `at most ${MAX_ROWS} rows per file` });
  for (const { row, cells } of records.slice(0, MAX_ROWS)) {
    const parsed = invitationRowSchema.safeParse(cells);
    if (parsed.success) rows.push({ row, value: parsed.data });
    else for (const issue of parsed.error.issues) problems.push({ row, field: String(issue.path[0] ?? "row"), message: issue.message });
  }
  return { rows, problems };
}

export function parseInvitationCsv(content: Buffer | string): ParsedInvitationFile {
  let table: string[][];
  try {
    table = parse(typeof content === "string" ? content : content.toString("utf8"), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ row: line, field: "file", message: `not a readable CSV file: ${(error as Error).message}` }] };
  }
  const [header = [], ...body] = table;
  const headers = header.map(normaliseHeader);
  const records = body.map((cells, index) => ({
    row: index + 2,
    cells: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""])),
  }));
  return validateRecords(records, headers);
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return String(value.result ?? "");
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

export async function parseInvitationXlsx(content: Buffer, limits?: UploadLimits): Promise<ParsedInvitationFile> {
  const workbook = await readWorkbook(content, limits);
  if (!workbook.ok) return { rows: [], problems: [{ row: 1, field: "file", message: `not a readable XLSX workbook: ${workbook.message}` }] };
  const sheet = workbook.sheets[0];
  if (!sheet) return { rows: [], problems: [{ row: 1, field: "file", message: "the workbook has no sheet" }] };
  const headers: string[] = rowValues(sheet, 1).map((value) => normaliseHeader(cellText(value)));
  const records: { row: number; cells: Record<string, unknown> }[] = [];
  for (const [rowNumber, row] of sheet.rows) {
    if (rowNumber === 1) continue;
    const cells: Record<string, unknown> = {};
    headers.forEach((h, i) => {
      cells[h] = cellText(row[i]).trim();
    });
    if (Object.values(cells).every((v) => v === "")) continue;
    records.push({ row: rowNumber, cells });
  }
  return validateRecords(records, headers.filter(Boolean));
}

export async function parseInvitationFile(filename: string, content: Buffer, limits?: UploadLimits): Promise<ParsedInvitationFile> {
  if (/\.xlsx$/i.test(filename) || looksLikeZip(content)) return parseInvitationXlsx(content, limits);
  return parseInvitationCsv(content);
}
