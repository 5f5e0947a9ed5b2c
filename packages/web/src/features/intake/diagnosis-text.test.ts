import { describe, expect, it } from 'vitest';
import { diagnosisText } from './diagnosis-text';

describe('a recorded diagnosis in words', () => {
  it.each([
    [{ code: 'F43.10' }, 'F43.10 Post-traumatic stress disorder, unspecified'],
    [{ code: 'F43.12', display: 'PTSD, chronic (combat)' }, 'F43.12 PTSD, chronic (combat)'],
    [{ code: 'F32.9' }, 'F32.9'],
    [
      { code: 'F32.9', display: 'Major depressive disorder, single episode, unspecified' },
      'F32.9 Major depressive disorder, single episode, unspecified',
    ],
  ])('%j', (d, text) => {
    expect(diagnosisText(d)).toBe(text);
  });
});
