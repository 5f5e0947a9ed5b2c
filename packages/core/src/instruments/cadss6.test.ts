import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CADSS6_ITEMS, cadss6, scoreCadss6 } from './cadss6.js';
import { InstrumentInputError } from './errors.js';

function errorOf(fn: () => unknown): InstrumentInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InstrumentInputError) return err;
    throw err;
  }
  throw new Error('expected an InstrumentInputError');
}

describe('CADSS-6', () => {
  it('is items 1, 2, 6, 7, 15 and 22 of the CADSS (Rodrigues 2021)', () => {
    expect(CADSS6_ITEMS).toEqual([1, 2, 6, 7, 15, 22]);
    expect(cadss6.sources).toContain('rodrigues-2021');
  });
  it.each([
    [[0, 0, 0, 0, 0, 0], 0],
    [[4, 4, 4, 4, 4, 4], 24],
    [[1, 0, 2, 0, 3, 4], 10],
  ])('%j totals %i (range 0 to 24)', (answers, total) => {
    expect(scoreCadss6({ answers }).total).toBe(total);
  });
  it('keeps each rating with its CADSS item number', () => {
    expect(scoreCadss6({ answers: [1, 0, 2, 0, 3, 4] }).items[4]).toEqual({ cadssItem: 15, score: 3 });
  });
  it.each([
    ['5 ratings: CADSS item 22 missing', [0, 0, 0, 0, 0], 22, /item 22 is missing/],
    ['7 ratings: one too many', [0, 0, 0, 0, 0, 0, 0], 7, /not part of CADSS-6/],
    ['CADSS item 15 rated 5 (above 4)', [0, 0, 0, 0, 5, 0], 15, /item 15: 5 is out of range 0 to 4/],
    ['CADSS item 6 rated 1.5', [0, 0, 1.5, 0, 0, 0], 6, /item 6: 1.5 is not a whole number/],
  ])('%s is INVALID_INPUT naming the CADSS item', (_t, answers, item, message) => {
    const err = errorOf(() => scoreCadss6({ answers }));
    expect(err).toMatchObject({ code: 'INVALID_INPUT', instrument: 'cadss6', item });
    expect(err.message).toMatch(message);
  });
  it('raising one rating never lowers the total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (a, i) => {
        fc.pre((a[i] ?? 4) < 4);
        const raised = a.map((v, j) => (j === i ? v + 1 : v));
        expect(scoreCadss6({ answers: raised }).total).toBe(scoreCadss6({ answers: a }).total + 1);
      }),
    );
  });
});
