/**
 * The dosing session's state machine: its states in the order a session moves through them, the
 * steps that move it (from which states, to which, and whether the step needs a reason), and the
 * steps open from a state. The contract (`@kairos/api`) and the server take the lists from here.
 *
 * @module session/steps
 */

/** The states of a dosing session, in the order a session moves through them (the one spelling of the list). */
export const DOSING_SESSION_STATES = [
  'scheduled',
  'checked-in',
  'pre-dose',
  'infusing',
  'paused',
  'observing',
  'discharged',
  'aborted',
] as const;
export type SessionState = (typeof DOSING_SESSION_STATES)[number];

/** The steps that move a session (`SESSION_STEPS` says from which states, to which). */
export const DOSING_SESSION_STEPS = ['check-in', 'begin-pre-dose', 'start', 'pause', 'resume', 'stop', 'discharge', 'abort'] as const;
export type SessionStep = (typeof DOSING_SESSION_STEPS)[number];

/** Each step: the states it leaves from, the state it reaches, and whether it needs a reason. */
export const SESSION_STEPS = {
  'check-in': { from: ['scheduled'], to: 'checked-in', reason: false },
  'begin-pre-dose': { from: ['checked-in'], to: 'pre-dose', reason: false },
  start: { from: ['pre-dose'], to: 'infusing', reason: false },
  pause: { from: ['infusing'], to: 'paused', reason: true },
  resume: { from: ['paused'], to: 'infusing', reason: false },
  stop: { from: ['infusing', 'paused'], to: 'observing', reason: false },
  discharge: { from: ['observing'], to: 'discharged', reason: false },
  abort: { from: ['scheduled', 'checked-in', 'pre-dose', 'infusing', 'paused', 'observing'], to: 'aborted', reason: true },
} as const satisfies Record<SessionStep, { from: readonly SessionState[]; to: SessionState; reason: boolean }>;

/** The steps open from `state`, in `DOSING_SESSION_STEPS` order. */
export const allowedSteps = (state: SessionState): SessionStep[] =>
  (Object.keys(SESSION_STEPS) as SessionStep[]).filter((s) => (SESSION_STEPS[s].from as readonly string[]).includes(state));
