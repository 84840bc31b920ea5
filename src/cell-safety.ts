// Spreadsheet formula injection: a cell that begins with = + - @ tab or CR would run as a formula in Excel or
// LibreOffice, so such text cells are prefixed with an apostrophe (shown by spreadsheets as plain text).
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function neutraliseRow(row: readonly unknown[]): unknown[] {
  return row.map(neutraliseCell);
}
