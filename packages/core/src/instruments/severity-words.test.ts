import { describe, expect, it } from 'vitest';
import { GAD7_SEVERITY_BANDS, PHQ9_SEVERITY_BANDS } from './index.js';
import { severityWords } from './severity-words.js';

describe('severity bands in words', () => {
  it.each([
    ['none-minimal', 'none to minimal'],
    ['moderately-severe', 'moderately severe'],
    ['minimal', 'minimal'],
    ['severe', 'severe'],
    ['some-new-band', 'some new band'],
  ])('%s -> %s', (band, words) => {
    expect(severityWords(band)).toBe(words);
  });
  it('every PHQ-9 and GAD-7 band has words without a hyphen', () => {
    for (const b of [...PHQ9_SEVERITY_BANDS, ...GAD7_SEVERITY_BANDS]) expect(severityWords(b.severity)).not.toMatch(/-/);
  });
});
