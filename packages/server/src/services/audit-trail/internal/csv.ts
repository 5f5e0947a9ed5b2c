/**
 * CSV as RFC 4180 writes it (fields quoted when they hold a comma, a quote or a line break; quotes
 * doubled; lines end in CRLF), made safe to open in a spreadsheet: a cell that starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return would be read as a formula (OWASP "CSV injection"), so
 * it gets a leading apostrophe and is shown as the text it is.
 *
 * @module
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised, then quoted when needed. Null and undefined are empty cells. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line: the cells joined by commas, ended by CRLF. */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
