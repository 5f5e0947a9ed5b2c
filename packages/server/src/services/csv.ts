/**
 * CSV as RFC 4180 writes it (fields separated by commas, lines by CRLF, a field holding a comma,
 * a quote, CR or LF enclosed in quotes with its quotes doubled), made safe to open in a
 * spreadsheet: a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return would be read
 * as a formula (CSV injection, OWASP), so it gets a leading apostrophe and is shown as text. A
 * finite number (a negative amount) is written as the number it is.
 *
 * @module
 */

/** Characters that make a spreadsheet read a cell as a formula when they begin it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: null and undefined are empty; text that a spreadsheet would run as a formula is neutralised, then quoted when needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A finite number is written as one (-0.1 stays a number); only text can carry a formula.
  if (!(typeof value === 'number' && Number.isFinite(value)) && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, ending in CRLF. */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
