import { describe, expect, it } from 'vitest';
import { DOSING_SESSION_STATES, DOSING_SESSION_STEPS, SESSION_STEPS, allowedSteps, type SessionState, type SessionStep } from './steps.js';

/** Every state and the steps open from it. */
const OPEN: Record<SessionState, SessionStep[]> = {
  scheduled: ['check-in', 'abort'],
  'checked-in': ['begin-pre-dose', 'abort'],
  'pre-dose': ['start', 'abort'],
  infusing: ['pause', 'stop', 'abort'],
  paused: ['resume', 'stop', 'abort'],
  observing: ['discharge', 'abort'],
  discharged: [],
  aborted: [],
};

/** Every step: where it leaves from, where it goes, whether it needs a reason. */
const STEPS: [SessionStep, SessionState[], SessionState, boolean][] = [
  ['check-in', ['scheduled'], 'checked-in', false],
  ['begin-pre-dose', ['checked-in'], 'pre-dose', false],
  ['start', ['pre-dose'], 'infusing', false],
  ['pause', ['infusing'], 'paused', true],
  ['resume', ['paused'], 'infusing', false],
  ['stop', ['infusing', 'paused'], 'observing', false],
  ['discharge', ['observing'], 'discharged', false],
  ['abort', ['scheduled', 'checked-in', 'pre-dose', 'infusing', 'paused', 'observing'], 'aborted', true],
];

describe('the dosing session state machine', () => {
  it('names every state and every step once', () => {
    expect(Object.keys(OPEN).sort()).toEqual([...DOSING_SESSION_STATES].sort());
    expect(Object.keys(SESSION_STEPS)).toEqual([...DOSING_SESSION_STEPS]);
  });
  it.each(DOSING_SESSION_STATES.map((s) => [s, OPEN[s]] as const))('from %s the open steps are %j', (state, steps) => {
    expect(allowedSteps(state)).toEqual(steps);
  });
  it.each(STEPS)('%s leaves from %j to %s (reason required: %s)', (step, from, to, reason) => {
    expect(SESSION_STEPS[step]).toEqual({ from, to, reason });
  });
  it.each(DOSING_SESSION_STATES.flatMap((state) => DOSING_SESSION_STEPS.map((step) => [state, step] as const)))(
    '%s then %s: allowed exactly when the step leaves from the state',
    (state, step) => {
      expect(allowedSteps(state).includes(step)).toBe((SESSION_STEPS[step].from as readonly string[]).includes(state));
    },
  );
  it('the ends are discharged and aborted: no step leaves them', () => {
    expect(allowedSteps('discharged')).toEqual([]);
    expect(allowedSteps('aborted')).toEqual([]);
  });
});
