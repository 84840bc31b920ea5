// Reads an export of submissions (KoboToolbox XLSX or CSV, ODK Central CSV) into a header and rows of cell texts. An
// XLSX workbook goes through the bounded upload machinery (archive checks, parsed in a child process); a CSV is
// parsed here with csv-parse (it cannot expand, and 10 MB parse in well under a second), its delimiter taken from the
// header line (Kobo writes ";" by default, ODK Central ","). Rows are numbered as a spreadsheet shows them.
import { parse } from "csv-parse/sync";
import type { UploadLimits } from "../uploads/limits";
import { readWorkbook } from "../uploads/spreadsheet";
import type { ImportProblem } from "./answer-import";
import { cellText } from "./tables";

export interface SubmissionTable {
  /** The sheet's name (XLSX) or the file's name (CSV): what problems name as their sheet. */
  sheet: string;
  header: string[];
  /** Rows that hold at least one value: 1-based row number (the header is row 1) and cell texts. */
  rows: { row: number; cells: string[] }[];
}

export const MAX_SUBMISSIONS = 100_000;

const isZip = (content: Buffer) => content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;

/** The delimiter the header line uses most: ",", ";" or a tab. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [",", ";", "\t"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  return counts.sort((a, b) => b.n - a.n)[0].d;
}

export async function readSubmissionTable(
  content: Buffer,
  fileName: string,
  limits?: UploadLimits,
): Promise<{ ok: true; table: SubmissionTable } | { ok: false; problems: ImportProblem[] }> {
  const refuse = (sheet: string, message: string) => ({ ok: false as const, problems: [{ sheet, row: 0, column: "", message }] });
  let sheet: string;
  let records: string[][];
  let firstRow = 1;
  if (isZip(content)) {
    const workbook = await readWorkbook(content, limits);
    if (!workbook.ok) return refuse(fileName, `not a readable XLSX workbook: ${workbook.message}`);
    // KoboToolbox writes the submissions on the first sheet (repeat groups, which our form has none of, after it).
    const first = workbook.sheets[0];
    if (!first || first.rows.length === 0) return refuse(first?.name ?? fileName, "the file has no submission rows");
    sheet = first.name;
    firstRow = first.rows[0][0];
    const width = Math.max(...first.rows.map(([, values]) => values.length));
    const byNumber = new Map(first.rows.map(([n, values]) => [n, values]));
    const last = first.rows[first.rows.length - 1][0];
    records = [];
    for (let n = firstRow; n <= last; n++) records.push(Array.from({ length: width }, (_, i) => cellText(byNumber.get(n)?.[i] ?? null)));
  } else {
    sheet = fileName;
    if (content.includes(0)) return refuse(sheet, "not a CSV or XLSX file: export the data as CSV or XLSX");
    const text = content.toString("utf8");
    try {
      records = parse(text, { bom: true, delimiter: delimiterOf(text.replace(/^\uFEFF/, "")), relax_column_count: true, skip_empty_lines: false });
    } catch (error) {
      return refuse(sheet, `not a readable CSV file: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (records.length === 0) return refuse(sheet, "the file has no submission rows");
  const header = records[0].map((h) => h.trim());
  const rows: SubmissionTable["rows"] = [];
  for (let i = 1; i < records.length; i++) {
    const cells = records[i];
    if (cells.every((c) => c.trim() === "")) continue;
    if (rows.length >= MAX_SUBMISSIONS)
      return { ok: false, problems: [{ sheet, row: firstRow + i, column: "", message: `at most ${MAX_SUBMISSIONS} rows per file` }] };
    rows.push({ row: firstRow + i, cells });
  }
  if (rows.length === 0) return refuse(sheet, "the file has no submission rows");
  return { ok: true, table: { sheet, header, rows } };
}
