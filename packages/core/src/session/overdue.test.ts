import { describe, expect, it } from 'vitest';
import { sessionOverdue, type SessionOverdueInput } from './overdue.js';

const H = 3_600_000;
const base: SessionOverdueInput = { state: 'infusing', runningMinutes: 40, plannedMinutes: 40, infusionEndedAtMs: null };

describe('session overdue (protocol-defaults.md, "session overdue")', () => {
  it.each([
    ['infusing at its planned 40 min', base, 0, false],
    ['infusing 70 min against 40 planned: exactly 30 over, not yet', { ...base, runningMinutes: 70 }, 0, false],
    ['infusing 71 min against 40 planned', { ...base, runningMinutes: 71 }, 0, true],
    ['paused with 71 min run: the pause is not counted, the run is', { ...base, state: 'paused', runningMinutes: 71 }, 0, true],
    ['paused a long time with 20 min run: not overdue by this rule', { ...base, state: 'paused', runningMinutes: 20 }, 0, false],
    ['the 33,415-minute infusion of the review', { ...base, runningMinutes: 33_415 }, 0, true],
    ['observing 5 h 59 after the end', { ...base, state: 'observing', infusionEndedAtMs: 0 }, 6 * H - 60_000, false],
    ['observing 6 h after the end: not yet', { ...base, state: 'observing', infusionEndedAtMs: 0 }, 6 * H, false],
    ['observing 6 h 1 min after the end', { ...base, state: 'observing', infusionEndedAtMs: 0 }, 6 * H + 60_000, true],
    ['discharged long ago', { ...base, state: 'discharged', runningMinutes: 999, infusionEndedAtMs: 0 }, 48 * H, false],
    ['checked in, never started', { ...base, state: 'checked-in', runningMinutes: 0 }, 48 * H, false],
  ] as const)('%s → %s', (_title, input, now, overdue) => {
    const r = sessionOverdue(input, now);
    expect(r !== undefined).toBe(overdue);
    if (r !== undefined) expect(r.minutesOver).toBeGreaterThan(0);
  });

  it('says why in plain words', () => {
    expect(sessionOverdue({ ...base, runningMinutes: 33_415 }, 0)?.reason).toBe(
      'infusing 556 h 55 min against 40 min planned (more than 30 min over)',
    );
    expect(sessionOverdue({ ...base, state: 'observing', infusionEndedAtMs: 0 }, 7 * H)?.reason).toMatch(
      /^observing 7 h after the infusion ended/,
    );
  });
});
