import { describe, expect, it } from 'vitest';
import { schedulingDefaults } from '../protocol-config/sections/scheduling.js';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import {
  PROGRAM_TEMPLATES,
  ScheduleError,
  checkProgramStart,
  defaultScheduleConfig,
  generateSchedule,
  infusionSeries6Template,
  maintenance1Template,
  retreat5DayTemplate,
  type ScheduleConfig,
} from './index.js';
import type { SiteCalendar } from '../calendar/index.js';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const calendar = (over: Partial<SiteCalendar> = {}): SiteCalendar => ({
  timeZone: 'UTC',
  workingDays: weekdays,
  closedDates: [],
  ...over,
});

function refusal(fn: () => unknown): ScheduleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScheduleError) return err;
    throw err;
  }
  throw new Error('expected a ScheduleError');
}

describe('retreat-5-day: the cli-contract.md example', () => {
  const s = generateSchedule(retreat5DayTemplate, '2026-12-07', calendar());

  it('has the events of the contract, in date and time order', () => {
    expect(s.events.map((e) => [e.date, e.start, e.end, e.kind])).toEqual([
      ['2026-12-07', '09:00', '11:00', 'assessment'],
      ['2026-12-07', '13:00', '14:30', 'preparation'],
      ['2026-12-08', '08:30', '09:00', 'intention'],
      ['2026-12-08', '09:00', '11:45', 'dosing'],
      ['2026-12-09', '10:00', '12:00', 'integration'],
      ['2026-12-10', '08:30', '09:00', 'intention'],
      ['2026-12-10', '09:00', '11:45', 'dosing'],
      ['2026-12-11', '10:00', '12:00', 'review'],
    ]);
  });

  it('has the measures of the contract; +30 days on Sunday 2027-01-10 moves to Monday 2027-01-11', () => {
    expect(s.measures.map((m) => [m.date, m.instruments])).toEqual([
      ['2026-12-07', ['pcl5-month', 'phq9', 'gad7', 'cssrs']],
      ['2026-12-08', ['cssrs', 'moaas', 'cadss6']],
      ['2026-12-10', ['cssrs', 'moaas', 'cadss6']],
      ['2026-12-11', ['pcl5-week', 'phq9']],
      ['2026-12-18', ['pcl5-week', 'phq9', 'cssrs']],
      ['2027-01-11', ['pcl5-month', 'phq9', 'cssrs']],
      ['2027-03-11', ['pcl5-month', 'phq9', 'cssrs']],
    ]);
    expect(s.measures.find((m) => m.date === '2027-01-11')?.movedFrom).toEqual(['2027-01-10']);
    expect(s.measures.find((m) => m.date === '2027-03-11')?.movedFrom).toEqual([]);
  });

  it('each measure carries the follow-up offsets merged on its date (the moved +30 days keeps `month`)', () => {
    expect(s.measures.map((m) => [m.date, m.offsets])).toEqual([
      ['2026-12-07', []],
      ['2026-12-08', []],
      ['2026-12-10', []],
      ['2026-12-11', []],
      ['2026-12-18', ['week']],
      ['2027-01-11', ['month']],
      ['2027-03-11', ['quarter']],
    ]);
  });

  it('uses the observation minima of the vitals section and the infusion duration of the dosing section', () => {
    const shorter: ScheduleConfig = {
      ...defaultScheduleConfig,
      vitals: { discharge: { ...defaultScheduleConfig.vitals.discharge, minimumMinutesAfterStart: param(90, 'min', siteDefault()) } },
    };
    // 09:30 start, 10:10 end: end + 60 = 11:10 now beats start + 90 = 11:00; + 15 = 11:25.
    expect(generateSchedule(maintenance1Template, '2026-12-07', calendar(), shorter).events[0]?.end).toBe('11:25');
  });

  it('dosing chair time: 30 min before a 40-min infusion, observation to the later of end + 60 and start + 2 h, 15 min turnover', () => {
    const dosing = s.events.find((e) => e.kind === 'dosing');
    expect(dosing?.infusion).toMatchObject({ start: '09:30', end: '10:10', observationUntil: '11:30', minutes: 40 });
    expect(dosing?.end).toBe('11:45');
  });

  it('roles per protocol-defaults.md: the IV runner for the chair time, the therapist from infusion start to end + 60 min', () => {
    const dosing = s.events.find((e) => e.kind === 'dosing');
    expect(dosing?.roles).toEqual(['licensed-iv-runner', 'therapist']);
    expect(dosing?.staffing.map((w) => [w.role, w.start, w.end])).toEqual([
      ['licensed-iv-runner', '09:00', '11:45'],
      ['therapist', '09:30', '11:10'],
    ]);
    expect(s.events[0]?.roles).toEqual(['prescriber', 'therapist']);
    expect(s.events.find((e) => e.kind === 'review')?.roles).toEqual(['therapist', 'prescriber']);
  });

  it('refuses a Wednesday start (day 4 would be Saturday) with nextStart 2026-12-14', () => {
    const err = refusal(() => generateSchedule(retreat5DayTemplate, '2026-12-09', calendar()));
    expect(err.code).toBe('START_NOT_ALLOWED');
    expect(err.nextStart).toBe('2026-12-14');
    expect(err.message).toContain('2026-12-14');
  });
});

describe('day rules', () => {
  it('series: a Tuesday start is refused with the next Monday', () => {
    const err = refusal(() => generateSchedule(infusionSeries6Template, '2026-12-08', calendar()));
    expect(err.code).toBe('START_NOT_ALLOWED');
    expect(err.nextStart).toBe('2026-12-14');
  });

  it('series: a closed Wednesday refuses both Mondays whose two weeks include it; the first Monday past it is offered', () => {
    const c = calendar({ closedDates: ['2026-12-16'] });
    expect(checkProgramStart(infusionSeries6Template, '2026-12-07', c)).toMatchObject({ allowed: false, nextStart: '2026-12-21' });
    expect(checkProgramStart(infusionSeries6Template, '2026-12-14', c)).toMatchObject({ allowed: false, nextStart: '2026-12-21' });
    expect(checkProgramStart(infusionSeries6Template, '2026-12-21', c)).toEqual({ allowed: true });
  });

  it('series: Mon/Wed/Fri of two consecutive weeks', () => {
    const s = generateSchedule(infusionSeries6Template, '2026-12-07', calendar());
    expect(s.events.map((e) => e.date)).toEqual(['2026-12-07', '2026-12-09', '2026-12-11', '2026-12-14', '2026-12-16', '2026-12-18']);
    expect(s.events.every((e) => e.kind === 'dosing')).toBe(true);
    expect(s.start).toBe('2026-12-07');
    expect(s.end).toBe('2026-12-18');
  });

  it('retreat: a closed date inside the five days pushes the start past it', () => {
    const c = calendar({ closedDates: ['2026-12-24', '2026-12-25'] });
    expect(checkProgramStart(retreat5DayTemplate, '2026-12-21', c)).toMatchObject({ allowed: false, nextStart: '2026-12-28' });
  });

  it('retreat: with Saturday and Sunday working days a Wednesday start is allowed', () => {
    const c = calendar({ workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] });
    expect(checkProgramStart(retreat5DayTemplate, '2026-12-09', c)).toEqual({ allowed: true });
  });

  it('maintenance: a Saturday is refused with the next Monday; a closed Monday with the Tuesday', () => {
    expect(checkProgramStart(maintenance1Template, '2026-12-12', calendar())).toMatchObject({ allowed: false, nextStart: '2026-12-14' });
    expect(checkProgramStart(maintenance1Template, '2026-12-14', calendar({ closedDates: ['2026-12-14'] }))).toMatchObject({
      allowed: false,
      nextStart: '2026-12-15',
    });
  });

  it('a site that never works on Monday can never start a series: nextStart null', () => {
    const c = calendar({ workingDays: ['tue', 'wed', 'thu', 'fri'] });
    const err = refusal(() => generateSchedule(infusionSeries6Template, '2026-12-08', c));
    expect(err.code).toBe('START_NOT_ALLOWED');
    expect(err.nextStart).toBeNull();
  });
});

describe('measures of the series and maintenance', () => {
  it('series: day after the last infusion (Saturday) moves to Monday; follow-ups count from the last infusion', () => {
    const s = generateSchedule(infusionSeries6Template, '2026-12-07', calendar());
    expect(s.measures.map((m) => [m.date, m.instruments])).toEqual([
      ['2026-12-07', ['pcl5-month', 'phq9', 'gad7', 'cssrs', 'moaas', 'cadss6']],
      ['2026-12-09', ['cssrs', 'moaas', 'cadss6']],
      ['2026-12-11', ['cssrs', 'moaas', 'cadss6']],
      ['2026-12-14', ['pcl5-week', 'phq9', 'cssrs', 'moaas', 'cadss6']],
      ['2026-12-16', ['cssrs', 'moaas', 'cadss6']],
      ['2026-12-18', ['cssrs', 'moaas', 'cadss6']],
      ['2026-12-21', ['pcl5-week', 'phq9']],
      ['2026-12-25', ['pcl5-week', 'phq9', 'cssrs']],
      ['2027-01-18', ['pcl5-month', 'phq9', 'cssrs']],
      ['2027-03-18', ['pcl5-month', 'phq9', 'cssrs']],
    ]);
    expect(s.measures.find((m) => m.date === '2026-12-21')?.movedFrom).toEqual(['2026-12-19']);
  });

  it('a follow-up on a closed working day moves to the next working day', () => {
    const s = generateSchedule(infusionSeries6Template, '2026-12-07', calendar({ closedDates: ['2026-12-25'] }));
    expect(s.measures.find((m) => m.movedFrom.includes('2026-12-25'))?.date).toBe('2026-12-28');
  });

  it('maintenance: PCL-5 (past week) before the session and 7 days after', () => {
    const s = generateSchedule(maintenance1Template, '2026-12-07', calendar());
    expect(s.measures.map((m) => [m.date, m.instruments])).toEqual([
      ['2026-12-07', ['pcl5-week', 'cssrs', 'moaas', 'cadss6']],
      ['2026-12-14', ['pcl5-week']],
    ]);
    expect(s.measures.map((m) => m.offsets)).toEqual([[], ['week']]);
    expect(s.events).toHaveLength(1);
  });
});

describe('time zones', () => {
  it('New York in December is UTC-5: 09:00 local is 14:00Z', () => {
    const s = generateSchedule(retreat5DayTemplate, '2026-12-07', calendar({ timeZone: 'America/New_York' }));
    expect(s.events[0]).toMatchObject({ start: '09:00', startAt: '2026-12-07T14:00:00.000Z', endAt: '2026-12-07T16:00:00.000Z' });
    expect(s.events.find((e) => e.kind === 'dosing')?.infusion?.startAt).toBe('2026-12-08T14:30:00.000Z');
  });

  it('New York in July is UTC-4; Berlin in July is UTC+2', () => {
    const ny = generateSchedule(maintenance1Template, '2026-07-06', calendar({ timeZone: 'America/New_York' }));
    expect(ny.events[0]?.startAt).toBe('2026-07-06T13:00:00.000Z');
    const berlin = generateSchedule(maintenance1Template, '2026-07-06', calendar({ timeZone: 'Europe/Berlin' }));
    expect(berlin.events[0]?.startAt).toBe('2026-07-06T07:00:00.000Z');
  });

  it('the Monday after the spring change (2026-03-09 in New York) is already UTC-4', () => {
    const s = generateSchedule(maintenance1Template, '2026-03-09', calendar({ timeZone: 'America/New_York' }));
    expect(s.events[0]?.startAt).toBe('2026-03-09T13:00:00.000Z');
  });

  it('an unknown time zone is INVALID_TIME_ZONE', () => {
    expect(refusal(() => generateSchedule(retreat5DayTemplate, '2026-12-07', calendar({ timeZone: 'Mars/Olympus' }))).code).toBe(
      'INVALID_TIME_ZONE',
    );
  });
});

describe('input and configuration errors', () => {
  it('a malformed or impossible start date is INVALID_DATE', () => {
    expect(refusal(() => generateSchedule(retreat5DayTemplate, '2026-02-30', calendar())).code).toBe('INVALID_DATE');
    expect(refusal(() => generateSchedule(retreat5DayTemplate, '7 Dec 2026', calendar())).code).toBe('INVALID_DATE');
  });

  it('a chair time that ends after closing is OUTSIDE_OPENING_HOURS', () => {
    const late: ScheduleConfig = {
      ...defaultScheduleConfig,
      scheduling: {
        ...schedulingDefaults,
        eventTimes: { ...schedulingDefaults.eventTimes, dosingChairStart: param('16:00', 'time-of-day', siteDefault()) },
      },
    };
    expect(refusal(() => generateSchedule(maintenance1Template, '2026-12-07', calendar(), late)).code).toBe('OUTSIDE_OPENING_HOURS');
  });

  it('a 90-min infusion (dosing section) lengthens the chair time: end + 60 min now beats start + 2 h', () => {
    const longer: ScheduleConfig = { ...defaultScheduleConfig, dosing: { infusionMinutes: param(90, 'min', siteDefault()) } };
    const s = generateSchedule(maintenance1Template, '2026-12-07', calendar(), longer);
    // 09:30 + 90 = 11:00 end; + 60 = 12:00 > 09:30 + 120 = 11:30; + 15 = 12:15.
    expect(s.events[0]).toMatchObject({ start: '09:00', end: '12:15' });
    expect(s.events[0]?.infusion?.observationUntil).toBe('12:00');
  });

  it('every template has an id, version, title and at least one source', () => {
    for (const t of Object.values(PROGRAM_TEMPLATES)) {
      expect(t.version).not.toBe('');
      expect(t.title).not.toBe('');
      expect(t.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('follow-up labels name the offsets of the configuration passed', () => {
  const followUpLabels = (config?: ScheduleConfig) =>
    generateSchedule(retreat5DayTemplate, '2026-12-07', calendar(), config)
      .measures.filter((m) => m.purposes.includes('follow-up'))
      .map((m) => [m.date, m.labels]);
  it('the defaults say +7, +30 and +90 days after day 5', () => {
    expect(followUpLabels()).toEqual([
      ['2026-12-18', ['+7 days after day 5']],
      ['2027-01-11', ['+30 days after day 5']],
      ['2027-03-11', ['+90 days after day 5']],
    ]);
  });
  it('a site following up at +14, +45 and +120 days says +14, +45 and +120 days, never +30 or +90', () => {
    const offsets: ScheduleConfig = {
      ...defaultScheduleConfig,
      scheduling: {
        ...schedulingDefaults,
        followUpOffsetsDays: {
          week: param(14, 'day', siteDefault()),
          month: param(45, 'day', siteDefault()),
          quarter: param(120, 'day', siteDefault()),
        },
      },
    };
    const labels = followUpLabels(offsets);
    expect(labels).toEqual([
      ['2026-12-25', ['+14 days after day 5']],
      ['2027-01-25', ['+45 days after day 5']],
      ['2027-04-12', ['+120 days after day 5']],
    ]);
  });
});
