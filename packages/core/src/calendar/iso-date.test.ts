import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDaysToIsoDate,
  compareIsoDates,
  dayNumberToIsoDate,
  daysBetweenIsoDates,
  isIsoDate,
  isoDateToDayNumber,
  isWeekday,
  mondayOfWeek,
  parseIsoDate,
  weekdayOfIsoDate,
  wholeYearsBetweenIsoDates,
} from './iso-date.js';

describe('the ISO date check', () => {
  it.each([
    ['2026-02-30', 'no 30 February'],
    ['2026-02-29', '2026 is a common year'],
    ['2025-02-29', '2025 is a common year'],
    ['1900-02-29', '1900 is a common year (divisible by 100, not by 400)'],
    ['2026-13-01', 'no month 13'],
    ['2026-00-10', 'no month 0'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-01-00', 'no day 0'],
    ['2026-01-32', 'no day 32'],
    ['26-01-01', 'a two-digit year'],
    ['2026-1-01', 'a one-digit month'],
    ['2026-01-1', 'a one-digit day'],
    ['2026-01-01T00:00', 'a date-time'],
    [' 2026-01-01', 'surrounding space'],
    ['2026/01/01', 'slashes'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(parseIsoDate(text)).toBeUndefined();
    expect(isoDateToDayNumber(text)).toBeUndefined();
  });

  it.each([
    ['2024-02-29', 'a leap year'],
    ['2028-02-29', 'a leap year'],
    ['2000-02-29', 'a 400-year leap year'],
    ['2026-12-07', 'an ordinary day'],
    ['2026-01-31', 'the last of a 31-day month'],
    ['2026-04-30', 'the last of a 30-day month'],
    ['2026-02-28', 'the last of February in a common year'],
  ])('accepts %s (%s)', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it('parses a date into its numbers', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe('day numbers', () => {
  it('counts days the way the calendar does, across months, leap days and years', () => {
    expect(isoDateToDayNumber('1970-01-01')).toBe(0);
    expect(isoDateToDayNumber('1969-12-31')).toBe(-1);
    expect(daysBetweenIsoDates('2026-09-02', '2026-12-01')).toBe(90);
    expect(daysBetweenIsoDates('2026-09-01', '2026-12-01')).toBe(91);
    expect(daysBetweenIsoDates('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetweenIsoDates('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetweenIsoDates('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetweenIsoDates('2026-12-01', '2026-11-01')).toBe(-30);
    expect(daysBetweenIsoDates('2026-12-10', '2027-01-06')).toBe(27);
  });

  it('throws on a malformed date', () => {
    expect(() => daysBetweenIsoDates('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => daysBetweenIsoDates('2026-03-01', '2025-02-29')).toThrow(RangeError);
  });

  it('agree with the UTC day of Date for any date from 0100 to 9999, and turn back into the same date', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(100, 0, 1) / 86_400_000, max: Date.UTC(9999, 11, 31) / 86_400_000 }), (day) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(dayNumberToIsoDate(day)).toBe(date);
        expect(isoDateToDayNumber(date)).toBe(day);
      }),
    );
  });

  it('stay within the years 0000 to 9999', () => {
    expect(dayNumberToIsoDate(isoDateToDayNumber('0000-01-01') as number)).toBe('0000-01-01');
    expect(dayNumberToIsoDate(isoDateToDayNumber('9999-12-31') as number)).toBe('9999-12-31');
    expect(() => dayNumberToIsoDate((isoDateToDayNumber('9999-12-31') as number) + 1)).toThrow(RangeError);
    expect(() => dayNumberToIsoDate(0.5)).toThrow(RangeError);
  });
});

describe('adding days', () => {
  it.each([
    ['2026-12-11', 30, '2027-01-10', 'into the next year'],
    ['2026-12-11', 90, '2027-03-11', 'across a common February'],
    ['2026-01-31', 1, '2026-02-01', 'into the next month'],
    ['2026-02-28', 1, '2026-03-01', 'past the end of a common February'],
    ['2024-02-28', 1, '2024-02-29', 'onto a leap day'],
    ['2024-02-29', 1, '2024-03-01', 'past a leap day'],
    ['2026-12-31', 1, '2027-01-01', 'into the new year'],
    ['2027-01-01', -1, '2026-12-31', 'back into the old year'],
    ['2026-03-01', -1, '2026-02-28', 'back into a common February'],
    ['2026-03-08', 1, '2026-03-09', 'over a daylight-saving change somewhere (no zone here)'],
    ['2026-12-07', 0, '2026-12-07', 'none'],
  ])('%s + %i days = %s (%s)', (date, days, expected) => {
    expect(addDaysToIsoDate(date, days)).toBe(expected);
  });

  it('refuses an invalid date or a fraction of a day', () => {
    expect(() => addDaysToIsoDate('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDaysToIsoDate('2026-02-01', 0.5)).toThrow(RangeError);
  });
});

describe('comparing dates', () => {
  it('orders dates as the calendar does', () => {
    expect(compareIsoDates('2026-12-07', '2026-12-08')).toBeLessThan(0);
    expect(compareIsoDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0);
    expect(compareIsoDates('2026-12-07', '2026-12-07')).toBe(0);
    expect(['2027-01-02', '2026-12-31', '2026-02-01'].sort(compareIsoDates)).toEqual(['2026-02-01', '2026-12-31', '2027-01-02']);
    expect(() => compareIsoDates('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});

describe('weekdays', () => {
  it.each([
    ['1970-01-01', 'thu'],
    ['1969-12-31', 'wed'],
    ['2026-12-07', 'mon'],
    ['2026-12-13', 'sun'],
    ['2027-01-10', 'sun'],
    ['2024-02-29', 'thu'],
    ['2026-03-08', 'sun'],
    ['2026-11-01', 'sun'],
    ['2000-01-01', 'sat'],
  ])('%s is a %s', (date, weekday) => {
    expect(weekdayOfIsoDate(date)).toBe(weekday);
  });

  it('a week starts on Monday, also from a Sunday and across a month', () => {
    expect(mondayOfWeek('2026-12-13')).toBe('2026-12-07');
    expect(mondayOfWeek('2026-12-07')).toBe('2026-12-07');
    expect(mondayOfWeek('2026-03-01')).toBe('2026-02-23');
  });

  it('knows the weekday abbreviations', () => {
    expect(isWeekday('mon')).toBe(true);
    expect(isWeekday('Mon')).toBe(false);
    expect(isWeekday('monday')).toBe(false);
  });
});

describe('whole years', () => {
  it('a 29 February birthday completes its year on 1 March in a common year', () => {
    expect(wholeYearsBetweenIsoDates('2008-02-29', '2026-02-28')).toBe(17);
    expect(wholeYearsBetweenIsoDates('2008-02-29', '2026-03-01')).toBe(18);
    expect(wholeYearsBetweenIsoDates('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('a year is completed on the birthday, not the day before', () => {
    expect(wholeYearsBetweenIsoDates('2008-12-01', '2026-11-30')).toBe(17);
    expect(wholeYearsBetweenIsoDates('2008-12-01', '2026-12-01')).toBe(18);
    expect(() => wholeYearsBetweenIsoDates('2008-02-30', '2026-12-01')).toThrow(RangeError);
  });
});
