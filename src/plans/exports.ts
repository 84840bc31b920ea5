// The action plan as CSV or XLSX: one row per entry, codes for the closed fields (status, funding source, baseline
// kind) and every text cell neutralised like every other export (exchange/tables.ts, cell-safety.ts).
import type { AssessmentSummary } from "../assessments/repository";
import { tablesToXlsx, tableToCsv, type DataTable } from "../exchange/tables";
import type { PlanEntry } from "./service";

const columns: [string, keyof PlanEntry][] = [
  ["entry_id", "id"],
  ["action_id", "actionId"],
  ["title", "title"],
  ["lead_organisation", "leadOrganisation"],
  ["others_involved", "othersInvolved"],
  ["start_date", "startDate"],
  ["end_date", "endDate"],
  ["cost_amount", "costAmount"],
  ["cost_currency", "costCurrency"],
  ["funding_source", "fundingSource"],
  ["indicator", "indicator"],
  ["dimension", "dimensionId"],
  ["baseline_kind", "baselineKind"],
  ["baseline_value", "baselineValue"],
  ["target_value", "targetValue"],
  ["target_date", "targetDate"],
  ["status", "status"],
  ["notes", "notes"],
  ["created_at", "createdAt"],
  ["updated_at", "updatedAt"],
];

export function planTable(entries: readonly PlanEntry[]): DataTable {
  return {
    name: "action_plan",
    columns: columns.map(([name]) => name),
    rows: entries.map((entry) => columns.map(([, key]) => (entry[key] ?? null) as string | number | null)),
  };
}

export async function planFile(
  assessment: AssessmentSummary,
  entries: readonly PlanEntry[],
  format: "csv" | "xlsx",
): Promise<{ name: string; type: string; body: Buffer }> {
  const table = planTable(entries);
  const name = `action-plan-${assessment.id}.${format}`;
  return format === "csv"
    ? { name, type: "text/csv; charset=utf-8", body: tableToCsv(table) }
    : { name, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: await tablesToXlsx([table]) };
}
