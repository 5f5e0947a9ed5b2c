/**
 * Times entered at the chair: a `datetime-local` input's value ("YYYY-MM-DDTHH:MM") is read in the
 * site's time zone (not the tablet's) and sent as an ISO instant; an instant is shown back in the
 * input in the site's time zone. Without a site time zone, the browser's own is used. The date is
 * checked and converted by core's calendar, so 2026-02-30 is no date here either.
 */
import { addDaysToIsoDate, isIsoDate, localDateTimeOf, localDateTimeToUtcIso, minutesOfLocalTime } from '@kairos/core';

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::[0-5]\d(?:\.\d+)?)?$/;

const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The ISO instant (UTC, `...Z`) of a site-local "YYYY-MM-DDTHH:MM"; undefined when the value is empty or malformed, or no real date and time (2026-02-30, 24:00). */
export function siteLocalToIso(value: string, timeZone: string | undefined): string | undefined {
  const m = LOCAL.exec(value.trim());
  if (m === null) return undefined;
  const [, date = '', time = ''] = m;
  if (!isIsoDate(date)) return undefined;
  try {
    return localDateTimeToUtcIso(date, minutesOfLocalTime(time), timeZone ?? browserTimeZone());
  } catch {
    return undefined;
  }
}

/** The site-local "YYYY-MM-DDTHH:MM" of an instant (for a `datetime-local` input); '' when there is none. */
export function isoToSiteLocal(iso: string | number | null | undefined, timeZone: string | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const { date, time } = localDateTimeOf(ms, timeZone ?? browserTimeZone());
  return `${date}T${time}`;
}

/** "22:05" on the site's day of `nowMs`, "yesterday 22:05" the day before, else "8 Dec 22:05". */
export function formatSiteDateTime(iso: string, nowMs: number, timeZone: string | undefined): string {
  const local = isoToSiteLocal(iso, timeZone);
  if (local === '') return '—';
  const [date = '', time = ''] = local.split('T');
  const today = isoToSiteLocal(nowMs, timeZone).split('T')[0] ?? '';
  if (date === today) return time;
  const yesterday = isIsoDate(today) ? addDaysToIsoDate(today, -1) : undefined;
  if (date === yesterday) return `yesterday ${time}`;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${date}T12:00:00Z`));
  return `${day} ${time}`;
}
