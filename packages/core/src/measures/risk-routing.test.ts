import { describe, expect, it } from 'vitest';
import { scoreCssrsScreener } from '../instruments/cssrs-screener.js';
import { scorePhq9 } from '../instruments/phq9.js';
import { routeRisk } from './risk-routing.js';

describe('routeRisk (protocol-defaults.md, suicide risk routing)', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], null],
    [[3, 3, 3, 3, 3, 3, 3, 3, 0], null],
    [[0, 0, 0, 0, 0, 0, 0, 0, 1], 'same-day'],
    [[1, 1, 1, 1, 1, 1, 1, 1, 3], 'same-day'],
  ] as const)('PHQ-9 %j routes %s', (answers, urgency) => {
    const r = routeRisk(scorePhq9({ answers }));
    expect(r?.urgency ?? null).toBe(urgency);
    if (r !== null) {
      expect(r.recipients).toEqual(['prescriber', 'therapist']);
      expect(r.reason).toContain('item 9');
      expect(r.showCrisisResources).toBe(true);
    }
  });

  const no = { q1: false, q2: false, q6: false };
  it.each([
    ['none', { form: 'since-last-contact', answers: no }, null],
    ['low (wish to be dead)', { form: 'since-last-contact', answers: { ...no, q1: true } }, 'same-day'],
    [
      'moderate (method)',
      { form: 'since-last-contact', answers: { q1: true, q2: true, q3: true, q4: false, q5: false, q6: false } },
      'same-day',
    ],
    [
      'moderate (behaviour over 3 months ago)',
      { form: 'lifetime-recent', answers: { ...no, q6: true, q6WithinPast3Months: false } },
      'same-day',
    ],
    ['high (intent)', { form: 'since-last-contact', answers: { q1: true, q2: true, q3: true, q4: true, q5: false, q6: false } }, 'urgent'],
    ['high (recent behaviour)', { form: 'since-last-contact', answers: { ...no, q6: true } }, 'urgent'],
  ] as const)('C-SSRS %s routes %s', (_name, input, urgency) => {
    const r = routeRisk(scoreCssrsScreener(input));
    expect(r?.urgency ?? null).toBe(urgency);
  });

  it('other instruments never route', () => {
    expect(routeRisk({ instrument: 'gad7' })).toBeNull();
  });
});
