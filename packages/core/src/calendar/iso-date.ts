/**
 * Calendar dates as ISO `YYYY-MM-DD` strings (civil dates: no time of day, no time zone) and their
 * arithmetic: the strict check (2026-02-30 and 2025-02-29 are not dates), parsing to a day number,
 * adding days, days and whole years between two dates, comparison, weekdays and the week's Monday.
 *
 * Everything runs on integer day numbers of the proleptic Gregorian calendar (after H. Hinnant's
 * `days_from_civil` and `civil_from_days`), never on `Date`, so no result depends on the host's
 * time zone or on a daylight-saving change.
 *
 * @module calendar/iso-date
 */

/** A day of the week, lower-case three-letter English abbreviation. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Every weekday, Monday first (ISO 8601 order). */
export const WEEKDAYS = /* @__PURE__ */ Object.freeze(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const);

/** True when `s` is a weekday abbreviation of the calendar (`mon` to `sun`). */
export function isWeekday(s: string): s is Weekday {
  return (WEEKDAYS as readonly string[]).includes(s);
}

/** A calendar date split into its numbers: `year` (0 to 9999), `month` (1 to 12), `day` (1 to 31). */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1 to 12) of `year`. */
function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * The numbers of an ISO calendar date, or `undefined` when the text is not a real `YYYY-MM-DD`
 * date (2026-02-30, 2026-13-01, 2025-02-29, 2026-1-01 and 2026-01-01T00:00 are not).
 */
export function parseIsoDate(text: string): CivilDate | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True when `text` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not; 2024-02-29 is). */
export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

/**
 * Day number of an ISO calendar date (days since 1970-01-01, which is day 0), or `undefined` when
 * the text is not a real `YYYY-MM-DD` date.
 */
export function isoDateToDayNumber(text: string): number | undefined {
  const parsed = parseIsoDate(text);
  if (parsed === undefined) return undefined;
  const { year: y, month: mo, day: d } = parsed;
  // Days from civil: the year starts in March, so the leap day is the last day of the year.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The ISO date of a day number (days since 1970-01-01).
 * @throws RangeError when `dayNumber` is not an integer or falls outside the years 0000 to 9999.
 */
export function dayNumberToIsoDate(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`day number must be an integer, got ${dayNumber}`);
  // Civil from days.
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) throw new RangeError(`day ${dayNumber} is outside the years 0000 to 9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Day number of a date that must be valid.
 * @throws RangeError when `date` is not a real `YYYY-MM-DD` date.
 */
export function requireDayNumber(date: string): number {
  const n = isoDateToDayNumber(date);
  if (n === undefined) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return n;
}

/**
 * The ISO date `days` calendar days after `date` (negative: before), across months and years.
 * @throws RangeError when `date` is not a valid ISO date or `days` is not an integer.
 */
export function addDaysToIsoDate(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return dayNumberToIsoDate(requireDayNumber(date) + days);
}

/**
 * Whole days from `from` to `to` (positive when `to` is later).
 * @throws RangeError when either is not a valid ISO date.
 */
export function daysBetweenIsoDates(from: string, to: string): number {
  return requireDayNumber(to) - requireDayNumber(from);
}

/**
 * Negative when `a` is before `b`, 0 on the same day, positive when after (for `Array.sort`).
 * @throws RangeError when either is not a valid ISO date.
 */
export function compareIsoDates(a: string, b: string): number {
  return requireDayNumber(a) - requireDayNumber(b);
}

/**
 * Whole years from `from` to `to` (an age: the years completed on `to`). A birthday on 29 February
 * is completed on 1 March in a common year. Both must be valid ISO dates.
 * @throws RangeError when either is not a valid ISO date.
 */
export function wholeYearsBetweenIsoDates(from: string, to: string): number {
  requireDayNumber(from);
  requireDayNumber(to);
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  // "MM-DD" strings compare in calendar order.
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

/**
 * The weekday of an ISO date.
 * @throws RangeError when `date` is not a valid ISO date.
 */
export function weekdayOfIsoDate(date: string): Weekday {
  // Day 0 (1970-01-01) was a Thursday, index 3 of WEEKDAYS (Monday first).
  const w = WEEKDAYS[(((requireDayNumber(date) + 3) % 7) + 7) % 7];
  if (w === undefined) throw new RangeError('unreachable weekday');
  return w;
}

/**
 * The Monday of the (ISO, Monday-first) week holding `date`; `date` itself on a Monday.
 * @throws RangeError when `date` is not a valid ISO date.
 */
export function mondayOfWeek(date: string): string {
  return addDaysToIsoDate(date, -WEEKDAYS.indexOf(weekdayOfIsoDate(date)));
}
