import { describe, expect, it } from 'vitest';
import { daysBetweenIsoDates, isIsoDate, isoDateToDayNumber } from './iso-date.js';

describe('ISO dates', () => {
  it('counts days the way the calendar does, across months, leap days and years', () => {
    expect(isoDateToDayNumber('1970-01-01')).toBe(0);
    expect(daysBetweenIsoDates('2026-09-02', '2026-12-01')).toBe(90);
    expect(daysBetweenIsoDates('2026-09-01', '2026-12-01')).toBe(91);
    expect(daysBetweenIsoDates('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetweenIsoDates('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetweenIsoDates('2026-12-01', '2026-11-01')).toBe(-30);
  });
  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-01', '2026-01-01T00:00', ''])(
    'rejects %s',
    (text) => {
      expect(isIsoDate(text)).toBe(false);
    },
  );
  it('accepts 29 February in a leap year, and 2000 (a 400-year leap year)', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });
  it('throws on a malformed date', () => {
    expect(() => daysBetweenIsoDates('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});
