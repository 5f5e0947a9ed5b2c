import { describe, expect, it } from 'vitest';
import type { ScheduledMeasure } from '../protocols/schedule.js';
import { measurementTasks, preBookingBaselineTasks, windowOf, type ResponseForTask } from './measurement-tasks.js';

const m = (
  date: string,
  instruments: ScheduledMeasure['instruments'],
  purpose: ScheduledMeasure['purposes'][number] = 'follow-up',
  offsets: ScheduledMeasure['offsets'] = purpose === 'follow-up' ? ['week'] : [],
): ScheduledMeasure => ({ date, instruments, purposes: [purpose], offsets, labels: [purpose], movedFrom: [] });

const schedule: ScheduledMeasure[] = [
  m('2026-12-07', ['pcl5-month', 'phq9', 'gad7', 'cssrs'], 'baseline'),
  m('2026-12-08', ['cssrs', 'moaas', 'cadss6'], 'dosing-day'),
  m('2026-12-18', ['pcl5-week', 'phq9', 'cssrs']),
];

const states = (today: string, responses: ResponseForTask[] = []) =>
  Object.fromEntries(measurementTasks(schedule, responses, today).map((t) => [t.key, t.state]));

describe('measurementTasks (window: opens 2 days before, overdue after 2 days)', () => {
  it('leaves chair observations (MOAA/S, CADSS-6) out', () => {
    expect(measurementTasks(schedule, [], '2026-12-01').map((t) => t.key)).toEqual([
      '2026-12-07:pcl5-month',
      '2026-12-07:phq9',
      '2026-12-07:gad7',
      '2026-12-07:cssrs',
      '2026-12-08:cssrs',
      '2026-12-18:pcl5-week',
      '2026-12-18:phq9',
      '2026-12-18:cssrs',
    ]);
  });

  // Baseline: open 30 days before day 1 (protocol-defaults.md, "baseline questionnaires"), due until the window's end.
  it.each([
    ['2026-11-06', 'upcoming'],
    ['2026-11-07', 'due'],
    ['2026-12-04', 'due'],
    ['2026-12-05', 'due'],
    ['2026-12-07', 'due'],
    ['2026-12-09', 'due'],
    ['2026-12-10', 'overdue'],
  ])('on %s the baseline PHQ-9 is %s', (today, state) => {
    expect(states(today)['2026-12-07:phq9']).toBe(state);
  });

  it('each task carries the follow-up offsets of its measure (empty when it is no follow-up)', () => {
    const offsets = Object.fromEntries(measurementTasks(schedule, [], '2026-12-01').map((t) => [t.key, t.offsets]));
    expect(offsets['2026-12-07:pcl5-month']).toEqual([]);
    expect(offsets['2026-12-08:cssrs']).toEqual([]);
    expect(offsets['2026-12-18:pcl5-week']).toEqual(['week']);
  });

  it('a response given for the date fulfils that task, even when late', () => {
    const s = states('2026-12-20', [{ id: 'r1', instrument: 'phq9', dueDate: '2026-12-07', completedDate: '2026-12-12' }]);
    expect(s['2026-12-07:phq9']).toBe('done');
    expect(s['2026-12-18:phq9']).toBe('due');
  });

  it('an unlinked response inside the window fulfils the earliest open task, once', () => {
    const responses = [{ id: 'r1', instrument: 'cssrs', dueDate: null, completedDate: '2026-12-07' }];
    const s = states('2026-12-08', responses);
    expect(s['2026-12-07:cssrs']).toBe('done');
    expect(s['2026-12-08:cssrs']).toBe('due');
  });

  it('a baseline answered 31 days before day 1 is too old: asked again; 30 days before counts', () => {
    const old = states('2026-12-05', [{ id: 'r1', instrument: 'phq9', dueDate: null, completedDate: '2026-11-06' }]);
    expect(old['2026-12-07:phq9']).toBe('due');
    const recent = states('2026-12-05', [{ id: 'r1', instrument: 'phq9', dueDate: null, completedDate: '2026-11-07' }]);
    expect(recent['2026-12-07:phq9']).toBe('done');
  });

  it('an unlinked response outside every window fulfils nothing', () => {
    const s = states('2026-12-20', [{ id: 'r1', instrument: 'pcl5-week', dueDate: null, completedDate: '2026-12-12' }]);
    expect(s['2026-12-18:pcl5-week']).toBe('due');
  });

  it('a response of another instrument does not count', () => {
    expect(
      states('2026-12-07', [{ id: 'r1', instrument: 'pcl5-week', dueDate: '2026-12-07', completedDate: '2026-12-07' }])[
        '2026-12-07:pcl5-month'
      ],
    ).toBe('due');
  });

  it('a dosing day’s C-SSRS belongs to that day: not open the day before, overdue the day after', () => {
    expect(states('2026-12-07')['2026-12-08:cssrs']).toBe('upcoming');
    expect(states('2026-12-08')['2026-12-08:cssrs']).toBe('due');
    expect(states('2026-12-09')['2026-12-08:cssrs']).toBe('overdue');
    // An unlinked screener answered the day before does not count for the dosing day.
    const s = states('2026-12-08', [
      { id: 'a', instrument: 'cssrs', dueDate: null, completedDate: '2026-12-07' },
      { id: 'b', instrument: 'cssrs', dueDate: null, completedDate: '2026-12-06' },
    ]);
    expect(s['2026-12-08:cssrs']).toBe('due');
  });

  it('the end-of-course PCL-5 opens on its own date (after the last dosing session), not before', () => {
    const course = [m('2026-12-11', ['pcl5-week', 'phq9'], 'end-of-course')];
    const on = (today: string) => Object.fromEntries(measurementTasks(course, [], today).map((t) => [t.key, t.state]));
    expect(on('2026-12-10')['2026-12-11:pcl5-week']).toBe('upcoming');
    expect(on('2026-12-11')['2026-12-11:pcl5-week']).toBe('due');
    expect(on('2026-12-13')['2026-12-11:pcl5-week']).toBe('due');
    expect(on('2026-12-14')['2026-12-11:pcl5-week']).toBe('overdue');
  });

  it('a baseline on a dosing day (the series’ infusion 1) opens 30 days early but is due that day', () => {
    expect(windowOf({ date: '2026-12-07', purposes: ['baseline', 'dosing-day'] }, 2, 2)).toEqual({
      opensOn: '2026-11-07',
      dueBy: '2026-12-07',
    });
  });
});

describe('baseline before a course is booked (protocol-defaults.md, "baseline questionnaires")', () => {
  const baseline = [
    {
      instruments: ['pcl5-month', 'phq9', 'gad7', 'cssrs', 'moaas'] as const,
      purposes: ['baseline'] as const,
      labels: ['referral or day 1'],
    },
  ];
  it('opens at referral: one task per questionnaire (no chair observations), due, never overdue before booking', () => {
    const tasks = preBookingBaselineTasks(baseline, '2026-11-20', [], '2026-12-05');
    expect(tasks.map((t) => [t.key, t.state, t.opensOn])).toEqual([
      ['2026-11-20:pcl5-month', 'due', '2026-11-20'],
      ['2026-11-20:phq9', 'due', '2026-11-20'],
      ['2026-11-20:gad7', 'due', '2026-11-20'],
      ['2026-11-20:cssrs', 'due', '2026-11-20'],
    ]);
    expect(tasks.every((t) => t.offsets.length === 0)).toBe(true);
  });
  it.each([
    ['answered after the referral', '2026-11-21', 'done'],
    ['answered before the referral', '2026-11-19', 'due'],
    ['answered 31 days ago (referred long ago)', '2026-11-04', 'due'],
  ])('%s → %s', (_t, completedDate, state) => {
    const referredOn = completedDate === '2026-11-04' ? '2026-10-01' : '2026-11-20';
    const tasks = preBookingBaselineTasks(
      baseline,
      referredOn,
      [{ id: 'r', instrument: 'phq9', dueDate: referredOn, completedDate }],
      '2026-12-05',
    );
    expect(tasks.find((t) => t.instrument === 'phq9')?.state).toBe(state);
  });
  it('once booked, an answer given before booking (for the referral date) counts for the course’s baseline when in its window', () => {
    const r = [{ id: 'r1', instrument: 'phq9', dueDate: '2026-11-20', completedDate: '2026-11-21' }];
    expect(states('2026-12-05', r)['2026-12-07:phq9']).toBe('done');
    // A response given for a date the schedule holds is matched to that date only.
    const forAnother = [{ id: 'r2', instrument: 'phq9', dueDate: '2026-12-18', completedDate: '2026-12-05' }];
    expect(states('2026-12-05', forAnother)['2026-12-07:phq9']).toBe('due');
  });
});
