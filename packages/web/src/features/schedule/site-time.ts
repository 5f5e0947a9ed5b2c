/**
 * Times and dates of the schedule shown in words at the site (Intl.DateTimeFormat with the site's
 * `timeZone`). The dates themselves (checks, arithmetic, site-local days and their instants) come
 * from core's calendar.
 */
import { localDateOf, localDateTimeOf } from '@kairos/core';

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
  return localDateTimeOf(iso, timeZone).time;
}

/** "09:00–11:45" at the site. */
export function formatTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  return `${formatTime(startsAt, timeZone)}–${formatTime(endsAt, timeZone)}`;
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
