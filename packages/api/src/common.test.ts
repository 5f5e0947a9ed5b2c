/**
 * The contract checks dates with zod's `z.iso.date()` (which the OpenAPI document shows as
 * `format: date`); core's calendar is the one definition of a date. These tests hold the two to the
 * same answer, so a date the web refuses is one the server refuses.
 */
import { isIsoDate } from '@kairos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsoDate } from './common.js';

describe('IsoDate agrees with core’s calendar', () => {
  it.each([
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-12-31', true],
  ])('%s is a date: %s', (text, valid) => {
    expect(IsoDate.safeParse(text).success).toBe(valid);
    expect(isIsoDate(text)).toBe(valid);
  });

  it('on any YYYY-MM-DD-shaped text', () => {
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const nearDate = fc
      .tuple(digits(4), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(nearDate, (text) => {
        expect(IsoDate.safeParse(text).success).toBe(isIsoDate(text));
      }),
      { numRuns: 5000 },
    );
  });
});
