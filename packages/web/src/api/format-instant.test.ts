import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant, setDisplayTimeZone } from './use-resource';

describe('formatInstant: times at the user’s site, whatever the browser’s zone', () => {
  afterEach(() => setDisplayTimeZone(undefined));

  it.each([
    ['America/New_York', '2026-03-12T18:05:00.000Z', '12 Mar 2026, 14:05'],
    // Across the date line the day changes with the zone.
    ['Asia/Tokyo', '2026-03-12T18:05:00.000Z', '13 Mar 2026, 03:05'],
    // The summer-time change in New York (8 March 2026): EDT is UTC-4.
    ['America/New_York', '2026-03-09T13:30:00.000Z', '9 Mar 2026, 09:30'],
    ['UTC', '2026-12-06T00:00:00.000Z', '6 Dec 2026, 00:00'],
  ])('at %s, %s reads %s', (zone, iso, text) => {
    setDisplayTimeZone(zone);
    expect(formatInstant(iso)).toBe(text);
  });

  it('nothing reads as a dash, and what is not a time is shown as it was given', () => {
    setDisplayTimeZone('America/New_York');
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant(undefined)).toBe('—');
    expect(formatInstant('')).toBe('—');
    expect(formatInstant('not a time')).toBe('not a time');
  });
});
