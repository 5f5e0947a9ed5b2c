import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatLocalTime,
  isKnownTimeZone,
  isLocalTime,
  localDateOf,
  localDateTimeOf,
  localDateTimeToUtcIso,
  localDaysToUtcRange,
  minutesOfLocalTime,
  startOfLocalDay,
  timeZoneOffsetMinutes,
} from './zoned.js';

const NY = 'America/New_York';
const SYDNEY = 'Australia/Sydney';
const HOUR_MS = 3_600_000;

describe('time zones', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isKnownTimeZone(NY)).toBe(true);
    expect(isKnownTimeZone(SYDNEY)).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });

  it('gives the same answer when asked again (answers are kept), for known and unknown zones alike', () => {
    for (const zone of [NY, 'Mars/Olympus', 'UTC', 'mars/olympus', '']) expect(isKnownTimeZone(zone)).toBe(isKnownTimeZone(zone));
    expect([isKnownTimeZone('Mars/Olympus'), isKnownTimeZone(NY), isKnownTimeZone('')]).toEqual([false, true, false]);
  });

  it.each([
    [Date.UTC(2026, 11, 7, 14), NY, -300, 'New York in winter (EST)'],
    [Date.UTC(2026, 6, 7, 14), NY, -240, 'New York in summer (EDT)'],
    [Date.UTC(2026, 2, 8, 6, 59), NY, -300, 'New York a minute before spring forward'],
    [Date.UTC(2026, 2, 8, 7), NY, -240, 'New York at spring forward'],
    [Date.UTC(2026, 10, 1, 5, 59), NY, -240, 'New York a minute before falling back'],
    [Date.UTC(2026, 10, 1, 6), NY, -300, 'New York at falling back'],
    [Date.UTC(2026, 0, 15, 0), SYDNEY, 660, 'Sydney in its summer (AEDT)'],
    [Date.UTC(2026, 6, 15, 0), SYDNEY, 600, 'Sydney in its winter (AEST)'],
    [Date.UTC(2026, 11, 7, 3, 30), 'Asia/Kolkata', 330, 'Kolkata (a half-hour offset)'],
  ])('offset at %i in %s is %i min (%s)', (ms, zone, offset) => {
    expect(timeZoneOffsetMinutes(ms, zone)).toBe(offset);
  });
});

describe('local times of day', () => {
  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['23:59', 1439],
  ])('%s is %i minutes after midnight, and back', (hhmm, minutes) => {
    expect(isLocalTime(hhmm)).toBe(true);
    expect(minutesOfLocalTime(hhmm)).toBe(minutes);
    expect(formatLocalTime(minutes)).toBe(hhmm);
  });

  it.each(['9:30', '24:00', '12:60', '12:5', '12:30:00', ''])('refuses %s', (text) => {
    expect(isLocalTime(text)).toBe(false);
    expect(() => minutesOfLocalTime(text)).toThrow(RangeError);
  });

  it('refuses minutes outside one day', () => {
    expect(() => formatLocalTime(1440)).toThrow(RangeError);
    expect(() => formatLocalTime(-1)).toThrow(RangeError);
    expect(() => formatLocalTime(1.5)).toThrow(RangeError);
  });
});

describe('local date-time to instant', () => {
  it.each([
    // New York falls back on 2026-11-01 (02:00 EDT -> 01:00 EST): 01:30 happens twice, at 05:30Z and 06:30Z.
    ['2026-11-01', '01:30', NY, '2026-11-01T05:30:00.000Z', 'a repeated local time resolves to the earlier instant'],
    ['2026-11-01', '00:59', NY, '2026-11-01T04:59:00.000Z', 'before the repeated hour (EDT)'],
    ['2026-11-01', '02:00', NY, '2026-11-01T07:00:00.000Z', 'after the repeated hour (EST)'],
    // New York springs forward on 2026-03-08 (02:00 EST -> 03:00 EDT): 02:30 does not exist.
    ['2026-03-08', '02:30', NY, '2026-03-08T07:30:00.000Z', 'a skipped local time lands after the gap (read with EST)'],
    ['2026-03-08', '01:00', NY, '2026-03-08T06:00:00.000Z', 'before the gap (EST)'],
    ['2026-03-08', '03:00', NY, '2026-03-08T07:00:00.000Z', 'after the gap (EDT)'],
    ['2026-07-01', '09:00', NY, '2026-07-01T13:00:00.000Z', 'a summer morning'],
    // Sydney, ahead of UTC: the local date is the day after the UTC date in the morning.
    ['2026-12-08', '09:00', SYDNEY, '2026-12-07T22:00:00.000Z', 'a Sydney summer morning is the evening before in UTC'],
    ['2026-07-08', '09:00', SYDNEY, '2026-07-07T23:00:00.000Z', 'a Sydney winter morning'],
    // Sydney falls back on 2026-04-05 (03:00 AEDT -> 02:00 AEST): 02:30 happens twice, at 15:30Z and 16:30Z the day before.
    ['2026-04-05', '02:30', SYDNEY, '2026-04-04T15:30:00.000Z', 'a repeated Sydney time resolves to the earlier instant'],
    // Sydney springs forward on 2026-10-04 (02:00 AEST -> 03:00 AEDT): 02:30 does not exist.
    ['2026-10-04', '02:30', SYDNEY, '2026-10-03T16:30:00.000Z', 'a skipped Sydney time lands after the gap'],
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z', 'Berlin falls back: the earlier instant'],
    ['2026-03-29', '01:30', 'Europe/Berlin', '2026-03-29T00:30:00.000Z', 'Berlin, next to its change'],
    ['2026-12-07', '09:00', 'Asia/Kolkata', '2026-12-07T03:30:00.000Z', 'a half-hour zone'],
  ])('%s %s in %s is %s (%s)', (date, time, zone, instant) => {
    expect(localDateTimeToUtcIso(date, minutesOfLocalTime(time), zone)).toBe(instant);
  });

  it('refuses an invalid date or an unknown zone', () => {
    expect(() => localDateTimeToUtcIso('2026-02-30', 540, NY)).toThrow(RangeError);
    expect(() => localDateTimeToUtcIso('2026-02-01', 540, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('instant to local date-time', () => {
  it.each([
    ['2026-11-01T05:30:00Z', NY, '2026-11-01', '01:30', 'the first 01:30 of the fall-back night (EDT)'],
    ['2026-11-01T06:30:00Z', NY, '2026-11-01', '01:30', 'the second 01:30 of the fall-back night (EST)'],
    ['2026-03-08T06:59:00Z', NY, '2026-03-08', '01:59', 'a minute before spring forward'],
    ['2026-03-08T07:00:00Z', NY, '2026-03-08', '03:00', 'spring forward: 02:00 becomes 03:00'],
    ['2026-12-09T03:00:00Z', NY, '2026-12-08', '22:00', 'late evening in New York is the next UTC day'],
    ['2026-12-07T12:59:00Z', SYDNEY, '2026-12-07', '23:59', 'a minute before Sydney midnight'],
    ['2026-12-07T13:00:00Z', SYDNEY, '2026-12-08', '00:00', 'Sydney midnight is 13:00Z in summer'],
    ['2026-04-04T15:30:00Z', SYDNEY, '2026-04-05', '02:30', 'the first 02:30 of the Sydney fall-back night'],
    ['2026-04-04T16:30:00Z', SYDNEY, '2026-04-05', '02:30', 'the second 02:30 of the Sydney fall-back night'],
    ['2026-10-03T16:00:00Z', SYDNEY, '2026-10-04', '03:00', 'Sydney springs forward: 02:00 becomes 03:00'],
    ['2026-12-07T23:59:59.999Z', 'UTC', '2026-12-07', '23:59', 'seconds are dropped, not rounded'],
  ])('%s in %s is %s %s (%s)', (instant, zone, date, time) => {
    expect(localDateTimeOf(instant, zone)).toEqual({ date, time, minutesAfterMidnight: minutesOfLocalTime(time) });
    expect(localDateOf(instant, zone)).toBe(date);
    expect(localDateOf(new Date(instant), zone)).toBe(date);
    expect(localDateOf(Date.parse(instant), zone)).toBe(date);
  });

  it('refuses an invalid instant', () => {
    expect(() => localDateOf('not a time', 'UTC')).toThrow(RangeError);
    expect(() => localDateOf(Number.NaN, 'UTC')).toThrow(RangeError);
  });

  it('turns back into an instant with the same local date and time, in any zone', () => {
    const zones = [NY, SYDNEY, 'UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles', 'Australia/Adelaide'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const local = localDateTimeOf(minute * 60_000, zone);
          const back = localDateTimeToUtcIso(local.date, local.minutesAfterMidnight, zone);
          expect(localDateTimeOf(back, zone)).toEqual(local);
          // Only a repeated local time (the second of the two) comes back as another, earlier instant.
          expect(Date.parse(back)).toBeLessThanOrEqual(minute * 60_000);
        },
      ),
    );
  });
});

describe('site days', () => {
  it('a site day runs from local midnight to local midnight', () => {
    expect(localDaysToUtcRange('2026-12-08', 1, NY)).toEqual({ from: '2026-12-08T05:00:00.000Z', to: '2026-12-09T05:00:00.000Z' });
    expect(localDaysToUtcRange('2026-12-08', 1, SYDNEY)).toEqual({ from: '2026-12-07T13:00:00.000Z', to: '2026-12-08T13:00:00.000Z' });
    expect(localDaysToUtcRange('2026-12-07', 7, NY)).toEqual({ from: '2026-12-07T05:00:00.000Z', to: '2026-12-14T05:00:00.000Z' });
  });

  it.each([
    ['2026-11-01', NY, 25, 'New York falls back'],
    ['2026-03-08', NY, 23, 'New York springs forward'],
    ['2026-04-05', SYDNEY, 25, 'Sydney falls back'],
    ['2026-10-04', SYDNEY, 23, 'Sydney springs forward'],
    ['2026-12-08', NY, 24, 'an ordinary day'],
  ])('%s in %s lasts %i hours (%s)', (date, zone, hours) => {
    const { from, to } = localDaysToUtcRange(date, 1, zone);
    expect(Date.parse(to) - Date.parse(from)).toBe(hours * HOUR_MS);
  });

  it('the start of the local day holding an instant', () => {
    expect(startOfLocalDay('2026-11-01T12:00:00Z', NY)).toBe('2026-11-01T04:00:00.000Z');
    // 22:00 EST on 1 November: still the fall-back day, which began in EDT.
    expect(startOfLocalDay(new Date('2026-11-02T03:00:00Z'), NY)).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDay('2026-03-08T12:00:00Z', NY)).toBe('2026-03-08T05:00:00.000Z');
    // 01:00 on 8 December in Sydney.
    expect(startOfLocalDay('2026-12-07T14:00:00Z', SYDNEY)).toBe('2026-12-07T13:00:00.000Z');
  });
});
