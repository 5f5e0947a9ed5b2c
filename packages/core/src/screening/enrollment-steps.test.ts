import { describe, expect, it } from 'vitest';
import {
  allowedEnrollmentSteps,
  checkEnrollmentStep,
  ENROLLMENT_STATES,
  ENROLLMENT_STEPS,
  type EnrollmentState,
} from './enrollment-steps.js';

/** Every allowed step: from, to, reason required, taken only by the screening decision. */
const ALLOWED: readonly [EnrollmentState, EnrollmentState, boolean, boolean][] = [
  ['referred', 'screening', false, false],
  ['referred', 'withdrawn', true, false],
  ['screening', 'eligible', false, true],
  ['screening', 'ineligible', true, true],
  ['screening', 'withdrawn', true, false],
  ['eligible', 'scheduled', false, false],
  ['eligible', 'screening', true, false],
  ['eligible', 'withdrawn', true, false],
  ['ineligible', 'screening', true, false],
  ['ineligible', 'withdrawn', true, false],
  ['scheduled', 'in-treatment', false, false],
  ['scheduled', 'eligible', true, false],
  ['scheduled', 'withdrawn', true, false],
  ['in-treatment', 'follow-up', false, false],
  ['in-treatment', 'withdrawn', true, false],
  ['follow-up', 'completed', false, false],
  ['follow-up', 'withdrawn', true, false],
];

const isAllowed = (from: EnrollmentState, to: EnrollmentState) => ALLOWED.some(([f, t]) => f === from && t === to);
const EVERY_PAIR = ENROLLMENT_STATES.flatMap((from) => ENROLLMENT_STATES.map((to) => [from, to] as const));

describe('ENROLLMENT_STEPS: the allowed transitions', () => {
  it('holds exactly the table of allowed steps', () => {
    const steps = ENROLLMENT_STATES.flatMap((from) =>
      ENROLLMENT_STEPS[from].map((s) => [from, s.to, s.reasonRequired, s.viaDecision === true] as const),
    );
    expect(steps).toEqual(ALLOWED);
  });

  it.each(ALLOWED.filter(([, , , viaDecision]) => !viaDecision))(
    '%s -> %s is a plain transition (reason required: %s)',
    (from, to, reasonRequired) => {
      expect(checkEnrollmentStep(from, to, 'a reason')).toMatchObject({ outcome: 'allowed', step: { to, reasonRequired } });
      expect(allowedEnrollmentSteps(from)).toContain(to);
    },
  );

  it.each(ALLOWED.filter(([, , , viaDecision]) => viaDecision))('%s -> %s is set only by the screening decision', (from, to) => {
    expect(checkEnrollmentStep(from, to, 'a reason')).toEqual({
      outcome: 'not-allowed',
      setByDecision: true,
      allowed: allowedEnrollmentSteps(from),
    });
    expect(checkEnrollmentStep(from, to, 'a reason', { viaDecision: true })).toMatchObject({ outcome: 'allowed' });
    expect(allowedEnrollmentSteps(from)).not.toContain(to);
  });

  it.each(EVERY_PAIR.filter(([from, to]) => !isAllowed(from, to)))('%s -> %s is not allowed, even by a decision', (from, to) => {
    for (const viaDecision of [false, true])
      expect(checkEnrollmentStep(from, to, 'a reason', { viaDecision })).toEqual({
        outcome: 'not-allowed',
        setByDecision: false,
        allowed: allowedEnrollmentSteps(from),
      });
  });

  it('completed and withdrawn are final', () => {
    expect(allowedEnrollmentSteps('completed')).toEqual([]);
    expect(allowedEnrollmentSteps('withdrawn')).toEqual([]);
  });

  it('lists the plain transitions of a state in table order', () => {
    expect(allowedEnrollmentSteps('screening')).toEqual(['withdrawn']);
    expect(allowedEnrollmentSteps('eligible')).toEqual(['scheduled', 'screening', 'withdrawn']);
  });
});

describe('checkEnrollmentStep: reasons', () => {
  it.each(ALLOWED.filter(([, , reasonRequired]) => reasonRequired))(
    '%s -> %s needs a reason: missing, empty or blank is refused',
    (from, to, _reasonRequired, viaDecision) => {
      for (const reason of [undefined, '', '   '])
        expect(checkEnrollmentStep(from, to, reason, { viaDecision })).toMatchObject({ outcome: 'reason-required' });
      expect(checkEnrollmentStep(from, to, ' why ', { viaDecision })).toMatchObject({ outcome: 'allowed' });
    },
  );

  it.each(ALLOWED.filter(([, , reasonRequired]) => !reasonRequired))('%s -> %s needs no reason', (from, to, _r, viaDecision) => {
    expect(checkEnrollmentStep(from, to, undefined, { viaDecision })).toMatchObject({ outcome: 'allowed' });
  });
});
