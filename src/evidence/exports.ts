// The evidence list of an assessment, one row per piece of evidence: where it belongs (level, dimension, item,
// organisation, response), what it is (link or file, detected type, size, SHA-256) and the staff download path. The
// same rows go to the Data page's CSV and XLSX and to the JSON API.
import { z } from "zod";
import type { AssessmentSummary } from "../assessments/repository";
import type { AppContext } from "../context";
import { tablesToXlsx, tableToCsv, type DataTable } from "../exchange/tables";
import { evidencedAnswers } from "./review";

/** One piece of evidence, as the JSON API gives it (the CSV/XLSX rows, same fields). */
export const evidenceListRowSchema = z.object({
  id: z.number().int(),
  responseId: z.number().int(),
  organisationId: z.number().int(),
  organisation: z.string(),
  levelId: z.string(),
  dimensionId: z.string(),
  itemId: z.string(),
  kind: z.enum(["link", "file"]),
  url: z.string().nullable().meta({ description: "The address, for a link." }),
  fileName: z.string().nullable(),
  mime: z.string().nullable().meta({ description: "The type detected from the file's content." }),
  size: z.number().int().nullable().meta({ description: "Bytes." }),
  sha256: z.string().nullable(),
  downloadPath: z.string().nullable().meta({ description: "Where staff with raw-data access download the file (a staff page, with a session)." }),
  note: z.string().nullable(),
  createdAt: z.string(),
  rating: z.enum(["sufficient", "partial", "none"]).nullable().meta({ description: "The expert's rating of how well the answer's evidence supports it." }),
});

export const evidenceListSchema = z.object({ assessmentId: z.number().int(), items: z.array(evidenceListRowSchema) });

export interface EvidenceListRow {
  id: number;
  responseId: number;
  organisationId: number;
  organisation: string;
  levelId: string;
  dimensionId: string;
  itemId: string;
  kind: "link" | "file";
  url: string | null;
  fileName: string | null;
  mime: string | null;
  size: number | null;
  sha256: string | null;
  /** The path staff with raw-data access download the file from (files only). */
  downloadPath: string | null;
  note: string | null;
  createdAt: string;
  rating: "sufficient" | "partial" | "none" | null;
}

export function evidenceList(context: Pick<AppContext, "database" | "instruments">, assessment: AssessmentSummary): EvidenceListRow[] {
  const instrument = context.instruments.pinned(context.database, assessment.instrumentVersion);
  return evidencedAnswers(context.database, instrument, assessment.id).flatMap((answer) =>
    answer.evidence.map((e) => ({
      id: e.id,
      responseId: answer.responseId,
      organisationId: answer.organisationId,
      organisation: answer.organisationName,
      levelId: answer.place.levelId,
      dimensionId: answer.place.dimensionId,
      itemId: answer.itemId,
      kind: e.kind,
      url: e.url,
      fileName: e.fileName,
      mime: e.mime,
      size: e.size,
      sha256: e.sha256,
      downloadPath: e.kind === "file" ? `/assessments/${assessment.id}/evidence/${e.id}/file` : null,
      note: e.note,
      createdAt: e.createdAt,
      rating: answer.rating,
    })),
  );
}

const COLUMNS: [string, keyof EvidenceListRow][] = [
  ["evidence_id", "id"],
  ["response_id", "responseId"],
  ["organisation_id", "organisationId"],
  ["organisation", "organisation"],
  ["level", "levelId"],
  ["dimension", "dimensionId"],
  ["item", "itemId"],
  ["kind", "kind"],
  ["url", "url"],
  ["file_name", "fileName"],
  ["type", "mime"],
  ["size_bytes", "size"],
  ["sha256", "sha256"],
  ["download_path", "downloadPath"],
  ["note", "note"],
  ["created_at", "createdAt"],
  ["expert_rating", "rating"],
];

export function evidenceListTable(rows: readonly EvidenceListRow[]): DataTable {
  return { name: "evidence", columns: COLUMNS.map(([name]) => name), rows: rows.map((row) => COLUMNS.map(([, key]) => row[key] ?? null)) };
}

export async function evidenceListFile(
  context: Pick<AppContext, "database" | "instruments">,
  assessment: AssessmentSummary,
  format: "csv" | "xlsx",
): Promise<{ name: string; type: string; body: Buffer }> {
  const table = evidenceListTable(evidenceList(context, assessment));
  const name = `evidence-${assessment.id}.${format}`;
  return format === "csv"
    ? { name, type: "text/csv; charset=utf-8", body: tableToCsv(table) }
    : { name, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await tablesToXlsx([table]) };
}
