import { describe, expect, it } from 'vitest';
import { defaultMember, firstAllowedStart, planProblem, toPlan } from './cohort-plan';
import { staffRows } from './grid-rows';
import { workingDaysText } from './labels';
import type { ScheduleEvent, Site } from './schedule-api';
import { formatTime, formatTimeRange, formatWhen } from './site-time';

const weekdays: Site = {
  id: 's',
  name: 'Site',
  timeZone: 'America/New_York',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  closedDates: [],
  state: null,
  synthetic: false,
  rooms: [],
};

// The dates themselves (site-local days, their instants, weeks) are core's calendar, tested there.
describe('site time', () => {
  it('shows instants at the site, not in the browser: 14:00Z is 09:00 in New York in December', () => {
    expect(formatTimeRange('2026-12-08T14:00:00Z', '2026-12-08T16:45:00Z', 'America/New_York')).toBe('09:00–11:45');
    expect(formatTime('2026-12-09T03:00:00Z', 'America/New_York')).toBe('22:00');
    expect(formatWhen('2026-12-09T03:00:00Z', '2026-12-09T04:00:00Z', 'America/New_York')).toMatch(/^Tue,? 8 Dec 2026, 22:00–23:00$/);
  });
});

describe('cohort plan', () => {
  it('the first start a Monday-to-Friday site allows a retreat from a Wednesday is the next Monday', () => {
    expect(firstAllowedStart('retreat-5-day', '2026-12-09', weekdays)).toBe('2026-12-14');
    expect(
      firstAllowedStart('retreat-5-day', '2026-12-09', { ...weekdays, workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }),
    ).toBe('2026-12-09');
  });
  it('members start on different chairs, rooms and people; a plan without a chair is not sent', () => {
    const pools = {
      'licensed-iv-runner': [
        { id: 'n1', displayName: 'N1', roles: [] },
        { id: 'n2', displayName: 'N2', roles: [] },
      ],
      therapist: [{ id: 't1', displayName: 'T1', roles: [] }],
      prescriber: [],
    };
    const a = defaultMember(0, [{ id: 'c1' }, { id: 'c2' }], [{ id: 'r1' }], pools);
    const b = defaultMember(1, [{ id: 'c1' }, { id: 'c2' }], [{ id: 'r1' }], pools);
    expect([a.chairId, b.chairId, a.staff['licensed-iv-runner'], b.staff['licensed-iv-runner']]).toEqual(['c1', 'c2', 'n1', 'n2']);
    expect(b.staff.prescriber).toBeUndefined();
    const e = {
      id: 'e1',
      state: 'eligible' as const,
      programTemplate: 'retreat-5-day',
      siteId: 's',
      patient: { id: 'p', name: 'P', mrn: 'M' },
    };
    expect(planProblem(toPlan(weekdays, 'retreat-5-day', '2026-12-14', [e], { e1: { ...a, chairId: '' } }))).toMatch(/chair/);
    expect(planProblem(toPlan(weekdays, 'retreat-5-day', '2026-12-14', [e], { e1: { ...a, included: false } }))).toMatch(/at least one/);
    expect(planProblem(toPlan(weekdays, 'retreat-5-day', '2026-12-14', [e], { e1: a }))).toBeUndefined();
    expect(planProblem(toPlan(weekdays, 'retreat-5-day', '2026-02-30', [e], { e1: a }))).toBe('Pick a start date.');
    expect(planProblem(toPlan(weekdays, 'retreat-5-day', '2025-02-29', [e], { e1: a }))).toBe('Pick a start date.');
  });
  it('working days read as words', () => {
    expect(workingDaysText(['fri', 'mon'])).toBe('Mon, Fri');
    expect(workingDaysText(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('every day');
  });
});

it('staff rows: one per person booked, by name, with each event they are in', () => {
  const ev = (id: string, staff: [string, string][]) =>
    ({
      id,
      staff: staff.map(([userId, name]) => ({ userId, name, role: 'therapist', startsAt: '', endsAt: '' })),
    }) as unknown as ScheduleEvent;
  const rows = staffRows([
    ev('a', [
      ['u2', 'Zed'],
      ['u1', 'Ann'],
    ]),
    ev('b', [['u1', 'Ann']]),
  ]);
  expect(rows.map((r) => [r.label, r.events.map((e) => e.id)])).toEqual([
    ['Ann', ['a', 'b']],
    ['Zed', ['a']],
  ]);
});
