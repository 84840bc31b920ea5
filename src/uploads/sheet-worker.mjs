// The child process of spreadsheet.ts (plain JavaScript, so that it starts the same under tsx, vitest and node):
// receives one XLSX workbook over IPC, parses it with exceljs and sends back its sheets as plain rows of cell values.
// It runs under a heap limit (--max-old-space-size) and a time limit set by the app, which kills it when they are hit.
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

process.once("message", ({ content }) => {
  parse(Buffer.from(content.buffer, content.byteOffset, content.byteLength))
    .then(
      (sheets) => ({ ok: true, sheets }),
      (error) => ({ ok: false, message: String(error?.message ?? error) }),
    )
    // Disconnecting once the reply is written lets the child end by itself.
    .then((reply) => process.send(reply, () => process.disconnect()));
});
