// exceljs is the largest library the app loads (about 0.4 s), and only exports and templates need it: loaded on the
// first workbook instead of at start-up.
import type ExcelJS from "exceljs";

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.creator = "Capacity Needs Assessment";
  return workbook;
}
