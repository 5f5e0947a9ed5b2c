import { describe, expect, it } from 'vitest';
import {
  addDaysToIsoDate,
  daysBetweenIsoDates,
  isIsoDate,
  isSiteWorkingDay,
  localDateTimeToUtcIso,
  nextSiteWorkingDay,
  timeZoneOffsetMinutes,
  weekdayOfIsoDate,
} from './calendar.js';

const site = { timeZone: 'UTC', workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, closedDates: ['2026-12-25'] };

describe('calendar arithmetic', () => {
  it.each([
    ['2026-12-07', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
  ])('isIsoDate(%s) = %s', (d, ok) => expect(isIsoDate(d)).toBe(ok));

  it('adds days across months and years', () => {
    expect(addDaysToIsoDate('2026-12-11', 30)).toBe('2027-01-10');
    expect(addDaysToIsoDate('2026-12-11', 90)).toBe('2027-03-11');
    expect(daysBetweenIsoDates('2026-12-10', '2027-01-06')).toBe(27);
  });

  it('knows the weekday', () => {
    expect(weekdayOfIsoDate('2026-12-07')).toBe('mon');
    expect(weekdayOfIsoDate('2027-01-10')).toBe('sun');
  });

  it('a closed date is not a working day; the next working day skips weekends and closures', () => {
    expect(isSiteWorkingDay('2026-12-25', site)).toBe(false);
    expect(nextSiteWorkingDay('2026-12-25', site)).toBe('2026-12-28');
    expect(nextSiteWorkingDay('2026-12-24', site)).toBe('2026-12-24');
  });
});

describe('local time to instant', () => {
  it('offsets of New York in winter and summer', () => {
    expect(timeZoneOffsetMinutes(Date.UTC(2026, 11, 7, 14), 'America/New_York')).toBe(-300);
    expect(timeZoneOffsetMinutes(Date.UTC(2026, 6, 7, 14), 'America/New_York')).toBe(-240);
  });

  it('a repeated local time (fall back) resolves to the earlier instant', () => {
    // 2026-11-01 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST).
    expect(localDateTimeToUtcIso('2026-11-01', 90, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // 2026-10-25 02:30 twice in Berlin: 00:30Z (CEST) and 01:30Z (CET).
    expect(localDateTimeToUtcIso('2026-10-25', 150, 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('a skipped local time (spring forward) lands after the gap', () => {
    // 2026-03-08 02:30 does not exist in New York: read with EST, it is 07:30Z = 03:30 EDT.
    expect(localDateTimeToUtcIso('2026-03-08', 150, 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('times next to the change resolve normally', () => {
    expect(localDateTimeToUtcIso('2026-03-08', 60, 'America/New_York')).toBe('2026-03-08T06:00:00.000Z');
    expect(localDateTimeToUtcIso('2026-03-29', 90, 'Europe/Berlin')).toBe('2026-03-29T00:30:00.000Z');
    expect(localDateTimeToUtcIso('2026-12-07', 540, 'Asia/Kolkata')).toBe('2026-12-07T03:30:00.000Z');
  });
});
