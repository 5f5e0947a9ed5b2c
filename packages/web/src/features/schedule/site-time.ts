/**
 * Times in a site's time zone (Intl.DateTimeFormat with the site's `timeZone`), and site-local
 * dates (YYYY-MM-DD) turned into the instants the schedule API takes.
 */
import { WEEKDAYS, type Weekday } from '@kairos/api';
import { addDaysToIsoDate, localDateTimeToUtcIso, weekdayOfIsoDate } from '@kairos/core';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (f === undefined) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** "09:00" at the site. */
export function formatTime(iso: string, timeZone: string): string {
  return formatter(
    `time|${timeZone}`,
    () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  ).format(new Date(iso));
}

/** "09:00–11:45" at the site. */
export function formatTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  return `${formatTime(startsAt, timeZone)}–${formatTime(endsAt, timeZone)}`;
}

/** The site-local date (YYYY-MM-DD) of an instant. */
export function localDateOf(iso: string | Date, timeZone: string): string {
  return formatter(
    `date|${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(new Date(iso));
}

/** Minutes after site-local midnight of an instant. */
export function localMinutesOf(iso: string, timeZone: string): number {
  const [h = 0, m = 0] = formatTime(iso, timeZone).split(':').map(Number);
  return h * 60 + m;
}

/** "Tue 8 Dec 2026" for a YYYY-MM-DD date. */
export function formatDate(date: string, withYear = true): string {
  return formatter(
    `day|${withYear}`,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        ...(withYear ? { year: 'numeric' } : {}),
      }),
  ).format(new Date(`${date}T12:00:00Z`));
}

/** "Tue 8 Dec 2026, 09:00–11:45" at the site. */
export function formatWhen(startsAt: string, endsAt: string, timeZone: string): string {
  return `${formatDate(localDateOf(startsAt, timeZone))}, ${formatTimeRange(startsAt, endsAt, timeZone)}`;
}

export const addDays = addDaysToIsoDate;

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const index = WEEKDAYS.indexOf(weekdayOfIsoDate(date));
  return addDaysToIsoDate(date, -index);
}

export function weekdayOf(date: string): Weekday {
  return weekdayOfIsoDate(date);
}

/** The instants from site-local midnight of `date` to site-local midnight `days` later. */
export function rangeOf(date: string, days: number, timeZone: string): { from: string; to: string } {
  return { from: localDateTimeToUtcIso(date, 0, timeZone), to: localDateTimeToUtcIso(addDaysToIsoDate(date, days), 0, timeZone) };
}

/** The instant of a site-local date and HH:MM time. */
export function instantOf(date: string, hhmm: string, timeZone: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return localDateTimeToUtcIso(date, h * 60 + m, timeZone);
}

export const isIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime());
