/**
 * Site-local dates and times: the local date and time of an instant in an IANA time zone, and the
 * instant of a local date and time in a zone, correct across daylight-saving changes. Local times
 * of day are `HH:MM` strings or minutes after local midnight.
 *
 * Time zones come from the runtime's `Intl.DateTimeFormat` (pure: no clock, no I/O, no library).
 * Date arithmetic stays on civil dates (`iso-date.ts`), so it never crosses a daylight-saving change;
 * only the conversion between a local time and an instant uses the zone.
 *
 * @module calendar/zoned
 */
import { addDaysToIsoDate, requireDayNumber } from './iso-date.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * True when `timeZone` is an IANA time zone this runtime knows. Each answer is kept (making a
 * formatter to find out costs more than the schedule's whole arithmetic), the store emptied when
 * full, as zones come from input.
 */
export function isKnownTimeZone(timeZone: string): boolean {
  const known = knownZones.get(timeZone);
  if (known !== undefined) return known;
  let answer: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    answer = true;
  } catch {
    answer = false;
  }
  if (knownZones.size >= KNOWN_ZONES_MAX) knownZones.clear();
  knownZones.set(timeZone, answer);
  return answer;
}

const KNOWN_ZONES_MAX = 1_000;
const knownZones = new Map<string, boolean>();

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

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The wall-clock fields of the instant `utcMs` in `timeZone`. Throws RangeError for an unknown zone or an invalid instant. */
function localPartsOf(utcMs: number, timeZone: string): LocalParts {
  // The same instants come back again and again (a board's "now" and its day's bounds for every
  // session): each answer is kept, the store emptied when full. The answer depends on nothing else.
  const key = `${timeZone}|${utcMs}`;
  const known = partsCache.get(key);
  if (known !== undefined) return known;
  const parts = formatterFor(timeZone).formatToParts(utcMs);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  // Some engines write midnight as 24 even with h23.
  const local = Object.freeze({
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  });
  if (partsCache.size >= PARTS_CACHE_MAX) partsCache.clear();
  partsCache.set(key, local);
  return local;
}

/** Wall-clock fields already computed, by zone and instant (`localPartsOf`). */
const partsCache = new Map<string, LocalParts>();
const PARTS_CACHE_MAX = 10_000;

/** Offset of `timeZone` from UTC at the instant `utcMs`, in minutes (New York in winter: -300; Sydney in January: +660). */
export function timeZoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const p = localPartsOf(utcMs, timeZone);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((local - whole) / MINUTE_MS);
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True when `text` is a local time of day written `HH:MM` (24 h, 00:00 to 23:59). */
export function isLocalTime(text: string): boolean {
  return HHMM.test(text);
}

/**
 * Minutes after local midnight of a `HH:MM` time.
 * @throws RangeError when malformed (`9:00`, `24:00`, `12:60`).
 */
export function minutesOfLocalTime(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (m === null) throw new RangeError(`"${hhmm}" is not a HH:MM time`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * `HH:MM` of minutes after local midnight (0 to 1439).
 * @throws RangeError outside one day or for a fraction of a minute.
 */
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
 * @throws RangeError when `date` is not a valid ISO date or `timeZone` is unknown.
 */
export function localDateTimeToUtcIso(date: string, minutesAfterMidnight: number, timeZone: string): string {
  const naive = requireDayNumber(date) * DAY_MS + minutesAfterMidnight * MINUTE_MS;
  // The offsets a day before and a day after bracket any daylight-saving change near this time.
  const before = timeZoneOffsetMinutes(naive - DAY_MS, timeZone);
  const after = timeZoneOffsetMinutes(naive + DAY_MS, timeZone);
  const valid = [before, after]
    .map((offset) => naive - offset * MINUTE_MS)
    .filter((utc) => naive - timeZoneOffsetMinutes(utc, timeZone) * MINUTE_MS === utc);
  const utc = valid.length > 0 ? Math.min(...valid) : naive - before * MINUTE_MS;
  return new Date(utc).toISOString();
}

/** An instant as the zone functions take it: a `Date`, an ISO 8601 string with zone, or epoch milliseconds. */
export type ZonedInstant = Date | string | number;

function epochMsOf(instant: ZonedInstant): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`"${String(instant)}" is not a valid instant`);
  return ms;
}

/** A site-local date and time of day. */
export interface LocalDateTime {
  /** The local calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The local time of day, `HH:MM` (seconds dropped). */
  readonly time: string;
  /** The local time of day in minutes after local midnight (0 to 1439). */
  readonly minutesAfterMidnight: number;
}

/**
 * The local date and time (to the minute) of an instant in `timeZone`.
 * @throws RangeError for an invalid instant or an unknown zone.
 */
export function localDateTimeOf(instant: ZonedInstant, timeZone: string): LocalDateTime {
  const p = localPartsOf(epochMsOf(instant), timeZone);
  const minutesAfterMidnight = p.hour * 60 + p.minute;
  const date = `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  return { date, time: formatLocalTime(minutesAfterMidnight), minutesAfterMidnight };
}

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`: the site's "today" of a clock
 * reading, the site's day of an event.
 * @throws RangeError for an invalid instant or an unknown zone.
 */
export function localDateOf(instant: ZonedInstant, timeZone: string): string {
  return localDateTimeOf(instant, timeZone).date;
}

/**
 * The first instant (ISO 8601, `...Z`) of the local day that holds `instant` in `timeZone`.
 * @throws RangeError for an invalid instant or an unknown zone.
 */
export function startOfLocalDay(instant: ZonedInstant, timeZone: string): string {
  return localDateTimeToUtcIso(localDateOf(instant, timeZone), 0, timeZone);
}

/**
 * The instants from local midnight of `date` to local midnight `days` days later in `timeZone` (a
 * day's or a week's range; 25 hours over a fall-back day, 23 over a spring-forward day).
 * @throws RangeError when `date` is not a valid ISO date or `timeZone` is unknown.
 */
export function localDaysToUtcRange(date: string, days: number, timeZone: string): { from: string; to: string } {
  return { from: localDateTimeToUtcIso(date, 0, timeZone), to: localDateTimeToUtcIso(addDaysToIsoDate(date, days), 0, timeZone) };
}
