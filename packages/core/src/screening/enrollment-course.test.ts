import { describe, expect, it } from 'vitest';
import { fromSource } from '../protocol-config/provenance.js';
import { outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { generateSchedule } from '../protocols/schedule.js';
import { retreat5DayTemplate } from '../protocols/templates.js';
import { ruleRef } from '../rules/rule.js';
import {
  dueEnrollmentStep,
  enrollmentCourseRule,
  lastFollowUpWindowEnd,
  type CourseEvent,
  type DueEnrollmentStep,
} from './enrollment-course.js';
import { ENROLLMENT_STATES, ENROLLMENT_STEPS, type EnrollmentState } from './enrollment-steps.js';

// A 5-day retreat from Monday 2026-12-07 in UTC (protocol-defaults.md, scheduling): day 5 is
// Friday 2026-12-11; its +90-day follow-up is 2027-03-11 (a Thursday), whose window closes after
// `outcomes.measureWindow.overdueAfterDays` days.
const schedule = generateSchedule(retreat5DayTemplate, '2026-12-07', {
  timeZone: 'UTC',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  closedDates: [],
});
const measures = schedule.measures;
const after = outcomesDefaults.measureWindow.overdueAfterDays.value;
const closes = lastFollowUpWindowEnd(measures);
const dayAfter = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const ev = (endAt: string, session?: CourseEvent['session'], cancelled = false): CourseEvent => ({ endAt, cancelled, session });
const dosing = (endAt: string, started: string | null, finished: boolean) => ev(endAt, { infusionStartedAt: started, finished });
const COURSE = (d2: [string | null, boolean], d4: [string | null, boolean]): CourseEvent[] => [
  ev('2026-12-07T11:00:00Z'),
  ev('2026-12-07T14:30:00Z'),
  dosing('2026-12-08T12:00:00Z', ...d2),
  ev('2026-12-09T12:00:00Z'),
  dosing('2026-12-10T12:00:00Z', ...d4),
  ev('2026-12-11T12:00:00Z'),
];

describe('lastFollowUpWindowEnd: the measurement schedule’s own +90-day window', () => {
  it('is the +90-day measure’s date plus the protocol’s questionnaire window', () => {
    const last = measures.filter((m) => m.purposes.includes('follow-up')).at(-1);
    expect(last?.labels.join()).toContain('+90 days');
    expect(closes).toBe(dayAfter(last!.date, after));
  });
  it('follows a site’s window', () => {
    const cfg = {
      measureWindow: {
        ...outcomesDefaults.measureWindow,
        overdueAfterDays: { ...outcomesDefaults.measureWindow.overdueAfterDays, value: 7 },
      },
    };
    expect(lastFollowUpWindowEnd(measures, cfg)).toBe(dayAfter(closes!, 7 - after));
  });
  it('is null without follow-up measures', () => {
    expect(lastFollowUpWindowEnd(measures.filter((m) => !m.purposes.includes('follow-up')))).toBeNull();
  });
});

describe('dueEnrollmentStep: the course moves the enrollment (table)', () => {
  const rows: [string, EnrollmentState, CourseEvent[], string, string, DueEnrollmentStep | null][] = [
    ['scheduled, nothing started', 'scheduled', COURSE([null, false], [null, false]), '2026-12-08T08:00:00Z', '2026-12-08', null],
    [
      'scheduled, day 2 session checked in only',
      'scheduled',
      COURSE([null, false], [null, false]),
      '2026-12-08T09:00:00Z',
      '2026-12-08',
      null,
    ],
    [
      'scheduled, day 2 infusion started',
      'scheduled',
      COURSE(['2026-12-08T09:05:00Z', false], [null, false]),
      '2026-12-08T09:05:00Z',
      '2026-12-08',
      { to: 'in-treatment', basis: 'first-infusion-started', at: '2026-12-08T09:05:00.000Z' },
    ],
    [
      'scheduled, both infusions started: the first one counts',
      'scheduled',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:01:00Z', true]),
      '2026-12-12T10:00:00Z',
      '2026-12-12',
      { to: 'in-treatment', basis: 'first-infusion-started', at: '2026-12-08T09:05:00.000Z' },
    ],
    [
      'scheduled, clock moved back before the start',
      'scheduled',
      COURSE(['2026-12-08T09:05:00Z', false], [null, false]),
      '2026-12-08T09:00:00Z',
      '2026-12-08',
      null,
    ],
    [
      'scheduled, the started session’s event was cancelled',
      'scheduled',
      [ev('2026-12-08T12:00:00Z', { infusionStartedAt: '2026-12-08T09:05:00Z', finished: true }, true)],
      '2026-12-09T00:00:00Z',
      '2026-12-09',
      null,
    ],
    [
      'in treatment, day 4 still to come',
      'in-treatment',
      COURSE(['2026-12-08T09:05:00Z', true], [null, false]),
      '2026-12-09T12:00:00Z',
      '2026-12-09',
      null,
    ],
    [
      'in treatment, day 4 infusing past its planned end',
      'in-treatment',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', false]),
      '2026-12-10T13:00:00Z',
      '2026-12-10',
      null,
    ],
    [
      'in treatment, day 5 review not yet over',
      'in-treatment',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', true]),
      '2026-12-11T11:59:00Z',
      '2026-12-11',
      null,
    ],
    [
      'in treatment, day 5 review over',
      'in-treatment',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', true]),
      '2026-12-11T12:00:00Z',
      '2026-12-11',
      { to: 'follow-up', basis: 'last-event-over', at: '2026-12-11T12:00:00.000Z' },
    ],
    [
      'in treatment, a day 4 never run (no session) counts at its planned end',
      'in-treatment',
      COURSE(['2026-12-08T09:05:00Z', true], [null, false]).map((e, i) => (i === 4 ? ev(String(e.endAt)) : e)),
      '2026-12-12T00:00:00Z',
      '2026-12-12',
      { to: 'follow-up', basis: 'last-event-over', at: '2026-12-11T12:00:00.000Z' },
    ],
    [
      'in treatment, the last event a dosing session discharged early',
      'in-treatment',
      [dosing('2026-12-08T12:00:00Z', '2026-12-08T09:00:00Z', true)],
      '2026-12-08T11:30:00Z',
      '2026-12-08',
      { to: 'follow-up', basis: 'last-event-over', at: '2026-12-08T11:30:00.000Z' },
    ],
    [
      'in treatment, every event cancelled',
      'in-treatment',
      [ev('2026-12-08T12:00:00Z', null, true)],
      '2026-12-09T00:00:00Z',
      '2026-12-09',
      null,
    ],
    [
      'follow-up, on the window’s last day',
      'follow-up',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', true]),
      `${closes}T23:00:00Z`,
      closes!,
      null,
    ],
    [
      'follow-up, the day after the +90-day window closed',
      'follow-up',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', true]),
      `${dayAfter(closes!, 1)}T00:30:00Z`,
      dayAfter(closes!, 1),
      { to: 'completed', basis: 'follow-up-window-closed', closedOn: closes! },
    ],
    [
      'follow-up, +30 days',
      'follow-up',
      COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', true]),
      '2027-01-11T12:00:00Z',
      '2027-01-11',
      null,
    ],
  ];
  it.each(rows)('%s', (_name, state, events, now, today, expected) => {
    expect(dueEnrollmentStep({ state, events, measures }, now, today)).toEqual(expected);
  });

  const everything = COURSE(['2026-12-08T09:05:00Z', true], ['2026-12-10T09:00:00Z', true]);
  const farLater = `${dayAfter(closes!, 30)}T12:00:00Z`;
  it.each(ENROLLMENT_STATES.filter((s) => !['scheduled', 'in-treatment', 'follow-up'].includes(s)))(
    'never moves an enrollment that is %s, whatever the course did',
    (state) => {
      expect(dueEnrollmentStep({ state, events: everything, measures }, farLater, farLater.slice(0, 10))).toBeNull();
    },
  );
  it('only ever proposes a step of the state machine, one at a time, forward', () => {
    for (const state of ENROLLMENT_STATES) {
      const due = dueEnrollmentStep({ state, events: everything, measures }, farLater, farLater.slice(0, 10));
      if (due !== null) expect(ENROLLMENT_STEPS[state].map((s) => s.to)).toContain(due.to);
    }
  });
  it('walks a whole course from scheduled to completed when applied in turn', () => {
    let state: EnrollmentState = 'scheduled';
    const seen: EnrollmentState[] = [state];
    for (let i = 0; i < 10; i++) {
      const due = dueEnrollmentStep({ state, events: everything, measures }, farLater, farLater.slice(0, 10));
      if (due === null) break;
      state = due.to;
      seen.push(state);
    }
    expect(seen).toEqual(['scheduled', 'in-treatment', 'follow-up', 'completed']);
  });
});

describe('enrollmentCourseRule', () => {
  it('is a site default citing protocol-defaults.md and is stored by its reference', () => {
    expect(ruleRef(enrollmentCourseRule)).toBe('enrollment.course@1');
    expect(enrollmentCourseRule.sources[0]?.kind).toBe('site-default');
    expect(enrollmentCourseRule.sources).not.toContainEqual(fromSource(['spravato-label']));
  });
});
