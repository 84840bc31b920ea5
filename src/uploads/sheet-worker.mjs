// The worker thread of spreadsheet.ts (plain JavaScript, so that it starts the same under tsx, vitest and node, as
// db/checkpoint-worker.mjs does): parses one XLSX workbook with exceljs and posts back its sheets as plain rows of
// cell values. It runs under resourceLimits and a time limit set by the app, which terminates it when they are hit.
import { parentPort, workerData } from "node:worker_threads";
import ExcelJS from "exceljs";

async function parse(content) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content);
  return workbook.worksheets.map((worksheet) => {
    const rows = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      // row.values is 1-based and sparse; a dense 0-based array of plain values crosses the thread boundary cleanly.
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push([rowNumber, Array.from(values, (value) => (value === undefined ? null : value))]);
    });
    return { name: worksheet.name, rows };
  });
}

parse(workerData.content)
  .then((sheets) => parentPort.postMessage({ ok: true, sheets }))
  .catch((error) => parentPort.postMessage({ ok: false, message: String(error?.message ?? error) }));
