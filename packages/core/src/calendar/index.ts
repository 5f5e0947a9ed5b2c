/**
 * The calendar of Kairos: ISO `YYYY-MM-DD` dates and their arithmetic (`iso-date.ts`), a site's
 * working days and closed dates (`working-days.ts`), and site-local dates and times in an IANA time
 * zone through `Intl` (`zoned.ts`). Every other package takes its dates from here.
 *
 * @module calendar
 */
export {
  WEEKDAYS,
  addDaysToIsoDate,
  compareIsoDates,
  dayNumberToIsoDate,
  daysBetweenIsoDates,
  isIsoDate,
  isWeekday,
  isoDateToDayNumber,
  mondayOfWeek,
  parseIsoDate,
  weekdayOfIsoDate,
  wholeYearsBetweenIsoDates,
  type CivilDate,
  type Weekday,
} from './iso-date.js';
export { isSiteWorkingDay, nextSiteWorkingDay, type SiteCalendar, type SiteWorkingDays } from './working-days.js';
export {
  isKnownTimeZone,
  isLocalTime,
  localDateOf,
  localDateTimeOf,
  localDateTimeToUtcIso,
  localDaysToUtcRange,
  minutesOfLocalTime,
  startOfLocalDay,
  timeZoneOffsetMinutes,
  type LocalDateTime,
  type ZonedInstant,
} from './zoned.js';
