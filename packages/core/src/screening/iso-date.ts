/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, with pure arithmetic (no clock, no time zone).
 *
 * @module
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Day number of an ISO calendar date (days since 1970-01-01), or `undefined` when the text is
 * not a real `YYYY-MM-DD` date (2026-02-30 is not).
 */
export function isoDateToDayNumber(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (monthDays === undefined || d > monthDays) return undefined;
  // Days from civil (proleptic Gregorian), after H. Hinnant's algorithm.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return isoDateToDayNumber(text) !== undefined;
}

/**
 * Whole days from `from` to `to` (positive when `to` is later). Both must be valid ISO dates.
 * @throws RangeError when either is not a valid ISO date.
 */
export function daysBetweenIsoDates(from: string, to: string): number {
  const a = isoDateToDayNumber(from);
  const b = isoDateToDayNumber(to);
  if (a === undefined) throw new RangeError(`not a YYYY-MM-DD date: "${from}"`);
  if (b === undefined) throw new RangeError(`not a YYYY-MM-DD date: "${to}"`);
  return b - a;
}

/**
 * Whole years from `from` to `to` (an age: the years completed on `to`). A birthday on 29 February
 * is completed on 1 March in a common year. Both must be valid ISO dates.
 * @throws RangeError when either is not a valid ISO date.
 */
export function wholeYearsBetweenIsoDates(from: string, to: string): number {
  if (!isIsoDate(from)) throw new RangeError(`not a YYYY-MM-DD date: "${from}"`);
  if (!isIsoDate(to)) throw new RangeError(`not a YYYY-MM-DD date: "${to}"`);
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  // "MM-DD" strings compare in calendar order.
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}
