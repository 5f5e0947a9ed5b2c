/**
 * A site's working days: the weekdays it works and the dates it is closed, and the next day it
 * works. Dates are ISO `YYYY-MM-DD` civil dates (`iso-date.ts`).
 *
 * @module calendar/working-days
 */
import { addDaysToIsoDate, weekdayOfIsoDate, type Weekday } from './iso-date.js';

/** A site calendar: where and when the site works. */
export interface SiteCalendar {
  /** IANA time zone of the site, e.g. `America/New_York` or `UTC`. */
  readonly timeZone: string;
  /** Days of the week the site works. */
  readonly workingDays: readonly Weekday[];
  /** Dates the site is closed although they fall on a working day, `YYYY-MM-DD`. */
  readonly closedDates: readonly string[];
}

/** The part of a site calendar that says which dates the site works (no time zone needed). */
export type SiteWorkingDays = Pick<SiteCalendar, 'workingDays' | 'closedDates'>;

/**
 * True when the site works on `date`: a working weekday and not a closed date.
 * @throws RangeError when `date` is not a valid ISO date.
 */
export function isSiteWorkingDay(date: string, calendar: SiteWorkingDays): boolean {
  return calendar.workingDays.includes(weekdayOfIsoDate(date)) && !calendar.closedDates.includes(date);
}

/**
 * The first site working day on or after `date`, searching at most `maxDays` days ahead;
 * undefined when there is none (a calendar with no working days).
 * @throws RangeError when `date` is not a valid ISO date.
 */
export function nextSiteWorkingDay(date: string, calendar: SiteWorkingDays, maxDays = 366): string | undefined {
  for (let i = 0; i <= maxDays; i++) {
    const d = addDaysToIsoDate(date, i);
    if (isSiteWorkingDay(d, calendar)) return d;
  }
  return undefined;
}
