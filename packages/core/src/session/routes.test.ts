import { describe, expect, it } from 'vitest';
import { dosingDefaults } from '../protocol-config/sections/dosing.js';
import { vitalsDefaults } from '../protocol-config/sections/vitals.js';
import { buildMonitoringSchedule } from '../monitoring/schedule.js';
import { vitalsPhaseAt } from './phase.js';
import { assessDischargeReadiness } from '../monitoring/discharge.js';
import { DOSING_ROUTES, allowedStepsForRoute, monitoringSpanOf, stepForRoute } from './routes.js';
import { DOSING_SESSION_STATES, allowedSteps, type SessionState, type SessionStep } from './steps.js';

/** A session without an infusion: the steps open from each state it can be in. */
const OPEN_WITHOUT_INFUSION: Partial<Record<SessionState, SessionStep[]>> = {
  scheduled: ['check-in', 'abort'],
  'checked-in': ['begin-pre-dose', 'abort'],
  'pre-dose': ['start', 'abort'],
  observing: ['discharge', 'abort'],
  discharged: [],
  aborted: [],
};

describe('the steps of a session by route', () => {
  it('IV keeps the whole state machine', () => {
    for (const state of DOSING_SESSION_STATES) expect(allowedStepsForRoute(state, 'IV')).toEqual(allowedSteps(state));
  });
  it.each(['IM', 'SL'] as const)('%s: giving the dose leads from pre-dose straight to observing', (route) => {
    expect(stepForRoute('start', route)).toEqual({ from: ['pre-dose'], to: 'observing', reason: false });
  });
  it.each(['IM', 'SL'] as const)('%s: pause, resume and stop do not apply', (route) => {
    for (const step of ['pause', 'resume', 'stop'] as const) expect(stepForRoute(step, route)).toBeNull();
  });
  it.each(
    (['IM', 'SL'] as const).flatMap((route) =>
      Object.entries(OPEN_WITHOUT_INFUSION).map(([state, steps]) => [route, state, steps] as const),
    ),
  )('%s from %s: %j', (route, state, steps) => {
    expect(allowedStepsForRoute(state as SessionState, route)).toEqual(steps);
  });
  it('the routes are IV, IM and oral/sublingual', () => {
    expect([...DOSING_ROUTES]).toEqual(['IV', 'IM', 'SL']);
  });
});

const ADMIN = '2026-12-07T15:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(ADMIN) + minutes * 60_000).toISOString();

describe('the monitoring schedule counts from the administration without an infusion', () => {
  it('IV while running: from the start to the planned end; after the stop: to the stop', () => {
    expect(monitoringSpanOf('IV', { startedAt: ADMIN, endedAt: null }, 40)).toEqual({ start: ADMIN, end: { plannedMinutes: 40 } });
    expect(monitoringSpanOf('IV', { startedAt: ADMIN, endedAt: at(43) }, 40)).toEqual({ start: ADMIN, end: at(43) });
  });
  it.each(['IM', 'SL'] as const)('%s: the planned minutes from the administration, whatever the recorded end', (route) => {
    expect(monitoringSpanOf(route, { startedAt: ADMIN, endedAt: ADMIN }, 40)).toEqual({ start: ADMIN, end: { plannedMinutes: 40 } });
  });
  it('IM with the defaults: vital signs at 10, 20, 30, 40 min, then every 15; MOAA/S at 15, 30, 40, 55, 70; CADSS-6 at 35; observed 2 h', () => {
    const span = monitoringSpanOf('IM', { startedAt: ADMIN, endedAt: ADMIN }, dosingDefaults.infusionMinutes.value);
    const schedule = buildMonitoringSchedule(span.start, span.end, vitalsDefaults);
    const minutes = (kind: string) => schedule.items.filter((i) => i.kind === kind).map((i) => i.minuteFromStart);
    expect(minutes('vitals')).toEqual([10, 20, 30, 40, 55, 70, 85, 100, 115]);
    expect(minutes('moaas')).toEqual([15, 30, 40, 55, 70]);
    expect(minutes('cadss6')).toEqual([35]);
    expect(schedule.minimumObservationEndsAt).toBe(at(120));
  });
  it('a reading after an IM or sublingual dose is observing (recorded end = administration), before it pre-dose', () => {
    const span = { startedAt: ADMIN, endedAt: ADMIN };
    expect(vitalsPhaseAt(span, at(-1))).toBe('pre-dose');
    expect(vitalsPhaseAt(span, ADMIN)).toBe('observing');
    expect(vitalsPhaseAt(span, at(5))).toBe('observing');
  });
});

describe('discharge after an injection or an oral/sublingual dose', () => {
  it.each([
    ['IV', 'after the infusion ended', 'the infusion has ended'],
    ['IM', 'after the injection', 'the injection was given'],
    ['SL', 'after the dose was given', 'the dose was given'],
  ] as const)('%s: the conditions count %s', (route, after, ended) => {
    const r = assessDischargeReadiness({ route, infusionStart: ADMIN, infusionEnd: ADMIN, readings: [] }, at(121), vitalsDefaults);
    const message = (id: string) => r.conditions.find((c) => c.id === id)?.message ?? '';
    expect(message('infusion-ended')).toBe(ended);
    expect(message('observation-after-end')).toContain(after);
    expect(message('discharge-vitals')).toContain(after);
    expect(r.minimumObservationEndsAt).toBe(at(120));
  });
});

describe('the ketamine drawn, at discharge, by route', () => {
  it('an oral/sublingual dose is not drawn from the stock: the condition does not apply, and says where it is recorded', () => {
    const r = assessDischargeReadiness(
      { route: 'SL', infusionStart: ADMIN, infusionEnd: ADMIN, readings: [], ketamineDraws: 'not-from-stock' },
      at(121),
      vitalsDefaults,
    );
    expect(r.conditions.find((c) => c.id === 'ketamine-accounted')).toMatchObject({
      status: 'not-applicable',
      message: expect.stringMatching(/controlled-substance log/),
    });
  });
});
