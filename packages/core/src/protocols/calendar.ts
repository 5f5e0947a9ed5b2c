/**
 * Calendar arithmetic for program schedules: ISO dates (`YYYY-MM-DD`), weekdays, a site's working
 * days and closed dates, and local times in a site's IANA time zone turned into absolute instants.
 *
 * Dates are civil dates with no time zone: arithmetic runs on UTC midnights so that it never
 * crosses a daylight-saving change. Only the conversion of a local time to an instant uses the
 * site's zone, through `Intl.DateTimeFormat` (pure: no clock, no I/O).
 *
 * @module
 */
import { WEEKDAYS, type Weekday } from '../protocol-config/sections/scheduling.js';

/** True when `s` is a weekday abbreviation of the calendar (`mon` to `sun`). */
export function isWeekday(s: string): s is Weekday {
  return (WEEKDAYS as readonly string[]).includes(s);
}

/** A site calendar: where and when the site works. */
export interface SiteCalendar {
  /** IANA time zone of the site, e.g. `America/New_York` or `UTC`. */
  readonly timeZone: string;
  /** Days of the week the site works. */
  readonly workingDays: readonly Weekday[];
  /** Dates the site is closed although they fall on a working day, `YYYY-MM-DD`. */
  readonly closedDates: readonly string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** UTC-midnight milliseconds of an ISO date, or undefined when it is not a real calendar date. */
export function isoDateToUtcMs(date: string): number | undefined {
  const m = ISO_DATE.exec(date);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms;
}

/** True when `date` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(date: string): boolean {
  return isoDateToUtcMs(date) !== undefined;
}

function requireMs(date: string): number {
  const ms = isoDateToUtcMs(date);
  if (ms === undefined) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return ms;
}

function msToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The ISO date `days` calendar days after `date` (negative: before). */
export function addDaysToIsoDate(date: string, days: number): string {
  return msToIsoDate(requireMs(date) + days * DAY_MS);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetweenIsoDates(from: string, to: string): number {
  return Math.round((requireMs(to) - requireMs(from)) / DAY_MS);
}

/** The weekday of an ISO date. */
export function weekdayOfIsoDate(date: string): Weekday {
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
  const w = WEEKDAYS[(new Date(requireMs(date)).getUTCDay() + 6) % 7];
  if (w === undefined) throw new RangeError('unreachable weekday');
  return w;
}

/** True when the site works on `date`: a working weekday and not a closed date. */
export function isSiteWorkingDay(date: string, calendar: SiteCalendar): boolean {
  return calendar.workingDays.includes(weekdayOfIsoDate(date)) && !calendar.closedDates.includes(date);
}

/**
 * The first site working day on or after `date`, searching at most `maxDays` days ahead;
 * undefined when there is none (a calendar with no working days).
 */
export function nextSiteWorkingDay(date: string, calendar: SiteCalendar, maxDays = 366): string | undefined {
  for (let i = 0; i <= maxDays; i++) {
    const d = addDaysToIsoDate(date, i);
    if (isSiteWorkingDay(d, calendar)) return d;
  }
  return undefined;
}

/** True when `timeZone` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in minutes (New York in winter: -300). */
export function timeZoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((local - whole) / 60_000);
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of a `HH:MM` time. Throws RangeError when malformed. */
export function minutesOfLocalTime(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (m === null) throw new RangeError(`"${hhmm}" is not a HH:MM time`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:MM` of minutes after local midnight (0 to 1439). */
export function formatLocalTime(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 24 * 60) {
    throw new RangeError(`${minutes} min is not a time of one day`);
  }
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The UTC instant (ISO 8601, `...Z`) of a local date and time in `timeZone`. Like Temporal's
 * "compatible" disambiguation: a local time that a daylight-saving change repeats resolves to the
 * earlier instant; one it skips is read with the offset in force before the change (so it lands
 * after the gap).
 */
export function localDateTimeToUtcIso(date: string, minutesAfterMidnight: number, timeZone: string): string {
  const naive = requireMs(date) + minutesAfterMidnight * 60_000;
  // The offsets a day before and a day after bracket any daylight-saving change near this time.
  const before = timeZoneOffsetMinutes(naive - DAY_MS, timeZone);
  const after = timeZoneOffsetMinutes(naive + DAY_MS, timeZone);
  const valid = [before, after]
    .map((offset) => naive - offset * 60_000)
    .filter((utc) => naive - timeZoneOffsetMinutes(utc, timeZone) * 60_000 === utc);
  const utc = valid.length > 0 ? Math.min(...valid) : naive - before * 60_000;
  return new Date(utc).toISOString();
}
