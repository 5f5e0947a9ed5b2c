/**
 * Calendar dates in a site's time zone: "today", "same day" and due dates are the site's.
 *
 * @module
 */
import { localDateTimeToUtcIso } from '@kairos/core';

/** The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The first instant of the site-local day that contains `instant` ("today" for same-day checks). */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  return new Date(localDateTimeToUtcIso(localDate(instant, timeZone), 0, timeZone));
}
