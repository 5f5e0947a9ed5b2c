/**
 * Times entered at the chair: a `datetime-local` input's value ("YYYY-MM-DDTHH:MM") is read in the
 * site's time zone (not the tablet's) and sent as an ISO instant; an instant is shown back in the
 * input in the site's time zone. Without a site time zone, the browser's own is used.
 */
import { localDateTimeToUtcIso } from '@kairos/core';

const LOCAL = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?$/;

const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The ISO instant (UTC, `...Z`) of a site-local "YYYY-MM-DDTHH:MM"; undefined when the value is empty or malformed. */
export function siteLocalToIso(value: string, timeZone: string | undefined): string | undefined {
  const m = LOCAL.exec(value.trim());
  if (m === null) return undefined;
  const [, date = '', hh = '0', mm = '0'] = m;
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return undefined;
  try {
    return localDateTimeToUtcIso(date, Number(hh) * 60 + Number(mm), timeZone ?? browserTimeZone());
  } catch {
    return undefined;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The site-local "YYYY-MM-DDTHH:MM" of an instant (for a `datetime-local` input); '' when there is none. */
export function isoToSiteLocal(iso: string | number | null | undefined, timeZone: string | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = Object.fromEntries(
    partsFormatter(timeZone ?? browserTimeZone())
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** "22:05" on the site's day of `nowMs`, "yesterday 22:05" the day before, else "8 Dec 22:05". */
export function formatSiteDateTime(iso: string, nowMs: number, timeZone: string | undefined): string {
  const local = isoToSiteLocal(iso, timeZone);
  if (local === '') return '—';
  const [date = '', time = ''] = local.split('T');
  const today = isoToSiteLocal(nowMs, timeZone).split('T')[0] ?? '';
  if (date === today) return time;
  const yesterday = isoToSiteLocal(Date.parse(`${today}T12:00:00Z`) - 86_400_000, 'UTC').split('T')[0];
  if (date === yesterday) return `yesterday ${time}`;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${date}T12:00:00Z`));
  return `${day} ${time}`;
}
