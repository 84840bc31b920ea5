// Reads a filled offline answer template (XLSX) into answers per invitation. Every cell goes through the same zod
// field schemas as the web form (parseAnswerFields), and every problem names its sheet, row and column. Pure apart
// from reading the workbook bytes: what the rows may refer to (invitations, items) is given by the caller.
import { evidenceLinkSchema } from "../evidence/schemas";
import { z } from "zod";
import { parseAnswerFields, type AnswerInput } from "../responses/schemas";
import type { UploadLimits } from "../uploads/limits";
import { decimalInteger } from "../numbers";
import { readWorkbook, rowValues, sheetNamed, type CellValue } from "../uploads/spreadsheet";
import { ABOUT_SHEET, ANSWERS_SHEET, TEMPLATE_FORMAT, templateColumns } from "./answer-template";
import { cellText, restoreCell } from "./tables";

export interface ImportProblem {
  sheet: string;
  /** 1-based spreadsheet row; 0 for the workbook as a whole. */
  row: number;
  column: string;
  message: string;
}

export interface TemplateHeader {
  assessmentId: number;
  instrumentVersion: string;
}

export interface TemplateRow {
  row: number;
  invitationId: number;
  itemId: string;
  fields: { current: string; target: string; importance: string; comment: string };
  /** Evidence links to attach (http/https, separated by spaces); "" for none. Optional column. */
  evidenceLinks: string[];
}

export interface ReadTemplate {
  header: TemplateHeader | null;
  rows: TemplateRow[];
  problems: ImportProblem[];
}

const MAX_ROWS = 100_000;
const headerSchema = z.object({
  format: z.literal(TEMPLATE_FORMAT, { message: `must be ${TEMPLATE_FORMAT}: this is not an answer template of this application` }),
  assessment_id: decimalInteger("must be the assessment's number", { min: 1 }),
  instrument_version: z.string().regex(/^[0-9a-f]{64}$/, "must be the 64-digit instrument version the template was made with"),
});
const invitationIdSchema = decimalInteger("must be the invitation's number", { min: 1 });

export async function readAnswerTemplate(content: Buffer, limits?: UploadLimits): Promise<ReadTemplate> {
  const problems: ImportProblem[] = [];
  const workbook = await readWorkbook(content, limits);
  if (!workbook.ok)
    return { header: null, rows: [], problems: [{ sheet: "", row: 0, column: "", message: `not a readable XLSX workbook: ${workbook.message}` }] };
  const about = sheetNamed(workbook.sheets, ABOUT_SHEET);
  const sheet = sheetNamed(workbook.sheets, ANSWERS_SHEET);
  if (!about || !sheet) {
    return {
      header: null,
      rows: [],
      problems: [
        {
          sheet: about ? ANSWERS_SHEET : ABOUT_SHEET,
          row: 0,
          column: "",
          message: "the sheet is missing: upload an answer template downloaded from this application",
        },
      ],
    };
  }

  const aboutValues: Record<string, string> = {};
  const aboutRows: Record<string, number> = {};
  for (const [rowNumber, row] of about.rows) {
    const key = cellText(row[0]).trim();
    if (key) {
      aboutValues[key] = cellText(row[1]).trim();
      aboutRows[key] = rowNumber;
    }
  }
  const parsedHeader = headerSchema.safeParse(aboutValues);
  let header: TemplateHeader | null = null;
  if (parsedHeader.success) header = { assessmentId: parsedHeader.data.assessment_id, instrumentVersion: parsedHeader.data.instrument_version };
  else
    for (const issue of parsedHeader.error.issues) {
      const key = String(issue.path[0]);
      problems.push({ sheet: ABOUT_SHEET, row: aboutRows[key] ?? 0, column: key, message: issue.message });
    }

  const columns = new Map<string, number>();
  rowValues(sheet, 1).forEach((value, i) => {
    if (value !== null && value !== undefined) columns.set(cellText(value).trim().toLowerCase(), i);
  });
  for (const required of ["invitation_id", "item_id", "current", "target", "importance", "comment"]) {
    if (!columns.has(required))
      problems.push({
        sheet: ANSWERS_SHEET,
        row: 1,
        column: required,
        message: `the header row has no "${required}" column (expected: ${templateColumns.join(", ")})`,
      });
  }
  if (problems.length) return { header, rows: [], problems };

  const rows: TemplateRow[] = [];
  const seen = new Map<string, number>();
  const cell = (row: CellValue[], name: string) => restoreCell(cellText(row[columns.get(name)!]).trim());
  for (const [rowNumber, row] of sheet.rows) {
    if (rowNumber === 1) continue;
    if (rowNumber > MAX_ROWS + 1) {
      if (rowNumber === MAX_ROWS + 2) problems.push({ sheet: ANSWERS_SHEET, row: rowNumber, column: "", message: `at most ${MAX_ROWS} rows per file` });
      continue;
    }
    const invitation = cell(row, "invitation_id");
    const itemId = cell(row, "item_id");
    const fields = { current: cell(row, "current"), target: cell(row, "target"), importance: cell(row, "importance"), comment: cell(row, "comment") };
    const links = columns.has("evidence_link") ? cell(row, "evidence_link").split(/\s+/).filter(Boolean) : [];
    if (!invitation && !itemId && !links.length && Object.values(fields).every((v) => v === "")) continue;
    const badLink = links.find((link) => !evidenceLinkSchema.safeParse(link).success);
    if (badLink !== undefined)
      problems.push({ sheet: ANSWERS_SHEET, row: rowNumber, column: "evidence_link", message: "must be an address starting with http:// or https://" });
    const parsedId = invitationIdSchema.safeParse(invitation);
    if (!parsedId.success) problems.push({ sheet: ANSWERS_SHEET, row: rowNumber, column: "invitation_id", message: parsedId.error.issues[0].message });
    if (!itemId) problems.push({ sheet: ANSWERS_SHEET, row: rowNumber, column: "item_id", message: "must name the item (do not change this column)" });
    if (!parsedId.success || !itemId) continue;
    const key = `${parsedId.data} ${itemId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ sheet: ANSWERS_SHEET, row: rowNumber, column: "item_id", message: `the same invitation and item are already on row ${first}` });
      continue;
    }
    seen.set(key, rowNumber);
    rows.push({ row: rowNumber, invitationId: parsedId.data, itemId, fields, evidenceLinks: badLink === undefined ? links : [] });
  }
  return { header, rows, problems };
}

/**
 * Validates the rows of one invitation with the web form's field rules. `allowedItemIds` are the items of the
 * invitation's levels; a row for any other item is a problem of its item_id cell.
 */
export function answersOfInvitation(rows: readonly TemplateRow[], allowedItemIds: ReadonlySet<string>): { answers: AnswerInput[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rowOf = new Map<string, number>();
  const body: Record<string, string> = {};
  for (const row of rows) {
    if (!allowedItemIds.has(row.itemId)) {
      problems.push({ sheet: ANSWERS_SHEET, row: row.row, column: "item_id", message: `"${row.itemId}" is not a question of this invitation's questionnaire` });
      continue;
    }
    rowOf.set(row.itemId, row.row);
    for (const [field, value] of Object.entries(row.fields)) body[`${field}.${row.itemId}`] = value;
  }
  const parsed = parseAnswerFields(body, allowedItemIds);
  for (const [key, message] of Object.entries(parsed.errors)) {
    const dot = key.indexOf(".");
    const itemId = key.slice(dot + 1);
    problems.push({ sheet: ANSWERS_SHEET, row: rowOf.get(itemId) ?? 0, column: key.slice(0, dot), message });
  }
  // A level without target or importance is incomplete on the web too, but there the page asks again; a file cannot.
  for (const answer of parsed.answers) {
    if (answer.kind !== "answered" || answer.current === null) continue;
    if (answer.target === null)
      problems.push({
        sheet: ANSWERS_SHEET,
        row: rowOf.get(answer.itemId) ?? 0,
        column: "target",
        message: "give a target level (0 to 5) with the current level",
      });
    if (answer.importance === null)
      problems.push({
        sheet: ANSWERS_SHEET,
        row: rowOf.get(answer.itemId) ?? 0,
        column: "importance",
        message: "give an importance (1, 2 or 3) with the current level",
      });
  }
  return { answers: parsed.answers, problems: problems.sort((a, b) => a.row - b.row) };
}
