import { describe, expect, it } from 'vitest';
import { isSiteWorkingDay, nextSiteWorkingDay, type SiteCalendar } from './working-days.js';

const site: SiteCalendar = {
  timeZone: 'UTC',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  closedDates: ['2026-12-25', '2026-12-28', '2026-12-31', '2027-01-01'],
};

describe('site working days', () => {
  it.each([
    ['2026-12-07', true, 'a Monday'],
    ['2026-12-11', true, 'a Friday'],
    ['2026-12-12', false, 'a Saturday'],
    ['2026-12-13', false, 'a Sunday'],
    ['2026-12-25', false, 'a closed Friday'],
    ['2026-12-28', false, 'a closed Monday'],
    ['2026-12-29', true, 'the Tuesday after'],
  ])('%s works: %s (%s)', (date, works) => {
    expect(isSiteWorkingDay(date, site)).toBe(works);
  });

  it.each([
    ['2026-12-24', '2026-12-24', 'a working day is its own next working day'],
    ['2026-12-25', '2026-12-29', 'past a closed Friday, the weekend and a closed Monday'],
    ['2026-12-31', '2027-01-04', 'past a closed New Year’s Eve and Day and the weekend, into the next year'],
    ['2026-02-28', '2026-03-02', 'from a Saturday into the next month'],
  ])('the next working day on or after %s is %s (%s)', (date, next) => {
    expect(nextSiteWorkingDay(date, site)).toBe(next);
  });

  it('a weekend-only site works on Saturdays and Sundays', () => {
    const weekend = { workingDays: ['sat', 'sun'] as const, closedDates: ['2026-12-12'] };
    expect(nextSiteWorkingDay('2026-12-07', weekend)).toBe('2026-12-13');
  });

  it('a calendar with no working day has no next working day', () => {
    expect(nextSiteWorkingDay('2026-12-07', { workingDays: [], closedDates: [] })).toBeUndefined();
  });

  it('refuses an invalid date', () => {
    expect(() => isSiteWorkingDay('2026-02-30', site)).toThrow(RangeError);
  });
});
