import { describe, expect, it } from 'vitest';
import { holdReleaser } from './check-labels';

describe('holdReleaser', () => {
  it('a failed check needs a medical director; a review a prescriber', () => {
    expect(holdReleaser('absolute')).toBe('a medical director');
    expect(holdReleaser('needs-review')).toBe('a prescriber or a medical director');
  });
});
