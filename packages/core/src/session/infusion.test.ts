import { describe, expect, it } from 'vitest';
import { checkRateChange, pumpEventsOf, trackInfusion, type PumpEvent } from './infusion.js';

const START = Date.parse('2026-12-08T09:00:00Z');
const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
/** The worked example of the dose calculator: 103.71 mL over 40 min at 155.6 mL/h. */
const ORDER = { bagTotalMl: 103.71, plannedMinutes: 40 };
const started: PumpEvent[] = [{ kind: 'start', at: at(0), rateMlPerHour: 155.6 }];

describe('trackInfusion: running minutes without pauses, volume capped at the bag', () => {
  it('20 min at 155.6 mL/h is 51.9 mL, planned end projected at minute 40', () => {
    const p = trackInfusion(started, ORDER, at(20));
    expect(p).toMatchObject({ runningMinutes: 20, infusedMl: 51.9, state: 'running', currentRateMlPerHour: 155.6, plannedEndAt: at(40) });
    expect(p.bagCompleteAt).toBeUndefined();
  });
  it('a 10-min pause is excluded: the planned end moves to minute 50', () => {
    const events: PumpEvent[] = [...started, { kind: 'pause', at: at(10) }, { kind: 'resume', at: at(20) }];
    expect(trackInfusion(events, ORDER, at(30))).toMatchObject({ runningMinutes: 20, infusedMl: 51.9, plannedEndAt: at(50) });
    expect(trackInfusion(events, ORDER, at(15))).toMatchObject({ runningMinutes: 10, state: 'paused', currentRateMlPerHour: 0 });
  });
  it('the planned minutes reached while still running: when, and no projection', () => {
    const p = trackInfusion(started, ORDER, at(45));
    expect(p.plannedMinutesReachedAt).toBe(at(40));
    expect(p.plannedEndAt).toBeUndefined();
  });
  it('the reviewer’s console: left running to minute 55 it showed 143.2 of 103.4 mL; the volume stops at the bag and says when it was complete', () => {
    const p = trackInfusion(started, ORDER, at(55));
    expect(p.infusedMl).toBe(103.7);
    expect(p.bagCompleteAt).toBe(new Date(START + (103.71 / 155.6) * 3_600_000).toISOString());
  });
  it('a rate 13 times the order empties the bag in about 3 minutes', () => {
    const events: PumpEvent[] = [...started, { kind: 'rate', at: at(1), rateMlPerHour: 2000 }];
    const p = trackInfusion(events, ORDER, at(10));
    expect(p.infusedMl).toBe(103.7);
    expect(Date.parse(p.bagCompleteAt as string)).toBeLessThan(START + 5 * 60_000);
  });
  it('stopped: running minutes end at the stop', () => {
    expect(trackInfusion([...started, { kind: 'stop', at: at(38) }], ORDER, at(90))).toMatchObject({
      runningMinutes: 38,
      state: 'stopped',
      currentRateMlPerHour: 0,
    });
  });
  it('not started: nothing infused', () => {
    expect(trackInfusion([], ORDER, at(5))).toMatchObject({ runningMinutes: 0, infusedMl: 0, state: 'not-started' });
  });
});

describe('checkRateChange: within 10% of the ordered rate (both ways, inclusive)', () => {
  it.each([
    ['171.1 mL/h (+9.96%) is within', 171.1, true],
    ['171.16 mL/h (+10%) is within: bound inclusive', 171.16, true],
    ['171.2 mL/h (+10.03%) is beyond', 171.2, false],
    ['140.04 mL/h (-10%) is within', 140.04, true],
    ['140 mL/h (-10.03%) is beyond', 140, false],
    ['2000 mL/h (13 times the order) is beyond', 2000, false],
    ['0 mL/h is beyond', 0, false],
  ] as const)('%s', (_t, rate, within) => {
    const r = checkRateChange(155.6, rate, 10);
    expect(r.withinTolerance).toBe(within);
    expect(r.parameter).toBe('dosing.rateChangeTolerancePercent');
  });
});

describe('pumpEventsOf: a corrected stop stands in for the recorded one', () => {
  it('passes events through when no stop was corrected', () => {
    expect(
      pumpEventsOf([
        { kind: 'start', at: at(0), rateMlPerHour: 155.6 },
        { kind: 'stop', at: at(40), rateMlPerHour: null },
      ]),
    ).toEqual([
      { kind: 'start', at: at(0), rateMlPerHour: 155.6 },
      { kind: 'stop', at: at(40), rateMlPerHour: null },
    ]);
  });
  it('the latest correction moves the stop and is itself dropped', () => {
    const events = pumpEventsOf([
      { kind: 'start', at: at(0), rateMlPerHour: 155.6 },
      { kind: 'stop', at: at(50), rateMlPerHour: null },
      { kind: 'stop-corrected', at: at(45), rateMlPerHour: null },
      { kind: 'stop-corrected', at: at(40), rateMlPerHour: null },
    ]);
    expect(events).toEqual([
      { kind: 'start', at: at(0), rateMlPerHour: 155.6 },
      { kind: 'stop', at: at(40), rateMlPerHour: null },
    ]);
    expect(trackInfusion(events, ORDER, at(60))).toMatchObject({ runningMinutes: 40, state: 'stopped' });
  });
});
