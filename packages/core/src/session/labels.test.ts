/** Every state, step, alert level and alert kind of a session has words of its own: never its code, never empty. */
import { describe, expect, it } from 'vitest';
import { ALERT_KIND_PHASE_LABELS, ALERT_LEVEL_LABELS, SESSION_ALERT_KINDS, SESSION_STATE_LABELS, SESSION_STEP_LABELS } from './labels.js';
import { DOSING_SESSION_STATES, DOSING_SESSION_STEPS } from './steps.js';

describe('the words of a dosing session', () => {
  it.each([
    ['state', DOSING_SESSION_STATES, SESSION_STATE_LABELS],
    ['step', DOSING_SESSION_STEPS, SESSION_STEP_LABELS],
    ['alert level', ['warn', 'hold', 'pause', 'escalate'], ALERT_LEVEL_LABELS],
    ['alert kind', SESSION_ALERT_KINDS, ALERT_KIND_PHASE_LABELS],
  ] as const)('each %s has a label in words, not its code', (_what, ids, labels) => {
    for (const id of ids) {
      const label = (labels as Record<string, string>)[id];
      expect(label, id).toMatch(/^[A-Za-z][a-z -]+[a-z]$/i);
      expect(label, id).not.toContain(':');
    }
    expect(Object.keys(labels).sort()).toEqual([...ids].sort());
  });
});
