import { describe, expect, it } from 'vitest';
import { formatSiteDateTime, isoToSiteLocal, siteLocalToIso } from './site-datetime';

describe('siteLocalToIso', () => {
  it('reads the input in the site’s time zone, not the browser’s', () => {
    expect(siteLocalToIso('2026-03-12T08:30', 'America/New_York')).toBe('2026-03-12T12:30:00.000Z');
    expect(siteLocalToIso('2026-01-12T08:30', 'America/New_York')).toBe('2026-01-12T13:30:00.000Z');
    expect(siteLocalToIso('2026-07-01T23:15', 'Europe/Berlin')).toBe('2026-07-01T21:15:00.000Z');
    expect(siteLocalToIso('2026-07-01T00:05', 'UTC')).toBe('2026-07-01T00:05:00.000Z');
  });
  it('accepts the seconds some browsers add', () => {
    expect(siteLocalToIso('2026-07-01T23:15:00', 'Europe/Berlin')).toBe('2026-07-01T21:15:00.000Z');
  });
  it('answers undefined for an empty or malformed value', () => {
    expect(siteLocalToIso('', 'UTC')).toBeUndefined();
    expect(siteLocalToIso('2026-07-01', 'UTC')).toBeUndefined();
    expect(siteLocalToIso('2026-07-01T24:00', 'UTC')).toBeUndefined();
    expect(siteLocalToIso('yesterday', 'UTC')).toBeUndefined();
  });
  it.each(['2026-02-30T09:00', '2025-02-29T09:00', '2026-13-01T09:00', '2026-04-31T09:00'])(
    'refuses %s: the date is checked by core’s calendar',
    (value) => {
      expect(siteLocalToIso(value, 'America/New_York')).toBeUndefined();
    },
  );
  it('accepts 29 February in a leap year', () => {
    expect(siteLocalToIso('2024-02-29T09:00', 'America/New_York')).toBe('2024-02-29T14:00:00.000Z');
  });
  it('reads a site ahead of UTC: 09:00 in Sydney is the evening before in UTC', () => {
    expect(siteLocalToIso('2026-12-08T09:00', 'Australia/Sydney')).toBe('2026-12-07T22:00:00.000Z');
    expect(isoToSiteLocal('2026-12-07T22:00:00.000Z', 'Australia/Sydney')).toBe('2026-12-08T09:00');
  });
  it('a local time a daylight-saving change skips lands after the gap', () => {
    // 2026-03-08 02:30 does not exist in New York (02:00 -> 03:00).
    expect(siteLocalToIso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('isoToSiteLocal', () => {
  it('shows an instant as the site’s local date and time', () => {
    expect(isoToSiteLocal('2026-03-12T12:30:00.000Z', 'America/New_York')).toBe('2026-03-12T08:30');
    expect(isoToSiteLocal('2026-07-01T21:15:59.000Z', 'Europe/Berlin')).toBe('2026-07-01T23:15');
    expect(isoToSiteLocal('2026-07-01T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-07-02T01:30');
  });
  it('round-trips with siteLocalToIso', () => {
    for (const tz of ['UTC', 'Europe/London', 'Australia/Adelaide', 'America/Los_Angeles']) {
      expect(siteLocalToIso(isoToSiteLocal('2026-10-04T09:41:00.000Z', tz), tz)).toBe('2026-10-04T09:41:00.000Z');
    }
  });
  it('is empty for no instant', () => {
    expect(isoToSiteLocal(null, 'UTC')).toBe('');
    expect(isoToSiteLocal(undefined, 'UTC')).toBe('');
    expect(isoToSiteLocal('not a time', 'UTC')).toBe('');
  });
});

describe('formatSiteDateTime', () => {
  const now = Date.parse('2026-03-12T14:00:00.000Z'); // 10:00 in New York
  it('the time alone today, "yesterday" the day before, the date before that (site days)', () => {
    expect(formatSiteDateTime('2026-03-12T12:30:00.000Z', now, 'America/New_York')).toBe('08:30');
    expect(formatSiteDateTime('2026-03-12T02:00:00.000Z', now, 'America/New_York')).toBe('yesterday 22:00');
    expect(formatSiteDateTime('2026-03-10T15:00:00.000Z', now, 'America/New_York')).toBe('10 Mar 11:00');
  });
});
