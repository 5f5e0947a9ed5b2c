import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBands } from '../protocol-config/checks.js';
import { InstrumentInputError } from './errors.js';
import { PHQ9_LOINC, PHQ9_SEVERITY_BANDS, phq9, scorePhq9 } from './phq9.js';

/** 9 answers totalling `total`, filled from item 1 so item 9 stays 0 up to total 24. */
function answersTotalling(total: number): number[] {
  const a = Array<number>(9).fill(0);
  let left = total;
  for (let i = 0; i < 9 && left > 0; i++) {
    const v = Math.min(3, left);
    a[i] = v;
    left -= v;
  }
  return a;
}

function errorOf(fn: () => unknown): InstrumentInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InstrumentInputError) return err;
    throw err;
  }
  throw new Error('expected an InstrumentInputError');
}

describe('PHQ-9 data', () => {
  it('bands are ordered, contiguous and cover 0 to 27', () => {
    const bands = PHQ9_SEVERITY_BANDS.map((b) => ({ path: b.severity, low: b.min, high: b.max }));
    expect(checkBands(bands, { contiguous: true })).toEqual([]);
    expect(PHQ9_SEVERITY_BANDS[0]?.min).toBe(0);
    expect(PHQ9_SEVERITY_BANDS.at(-1)?.max).toBe(27);
  });
  it('carries the US Core LOINC codes: panel 44249-1, total 44261-6, item 9 44260-8, difficulty 69722-7', () => {
    expect(PHQ9_LOINC.panel.code).toBe('44249-1');
    expect(PHQ9_LOINC.total.code).toBe('44261-6');
    expect(PHQ9_LOINC.items).toHaveLength(9);
    expect(PHQ9_LOINC.items[8]?.code).toBe('44260-8');
    expect(PHQ9_LOINC.difficulty.code).toBe('69722-7');
  });
  it('exports id, version, title, sources and the scoring function', () => {
    expect(phq9).toMatchObject({ id: 'phq9', version: '1.0.0' });
    expect(phq9.sources).toContain('kroenke-2001');
  });
});

describe('scorePhq9 severity bands (Kroenke 2001)', () => {
  it.each([
    [0, 'none-minimal'],
    [4, 'none-minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('total %i is %s (bands inclusive at both ends)', (total, severity) => {
    const r = scorePhq9({ answers: answersTotalling(total) });
    expect(r.total).toBe(total);
    expect(r.severity).toBe(severity);
  });
});

describe('scorePhq9 item 9', () => {
  it.each([
    [0, false],
    [1, true],
    [3, true],
  ])('item 9 answered %i: item9Positive %s (positive above 0)', (item9, positive) => {
    const answers = [0, 0, 0, 0, 0, 0, 0, 0, item9];
    expect(scorePhq9({ answers }).item9Positive).toBe(positive);
  });
});

describe('scorePhq9 difficulty item', () => {
  it('accepts a 10th answer and keeps it out of the total', () => {
    const r = scorePhq9({ answers: [1, 1, 1, 1, 1, 1, 1, 1, 1, 3] });
    expect(r.total).toBe(9);
    expect(r.difficulty).toBe(3);
    expect(r.answers).toHaveLength(9);
  });
  it('leaves difficulty undefined when only 9 answers are given', () => {
    expect(scorePhq9({ answers: answersTotalling(3) }).difficulty).toBeUndefined();
  });
});

describe('scorePhq9 rejects invalid answers with INVALID_INPUT naming the item', () => {
  it.each([
    ['8 answers: item 9 missing', [0, 0, 0, 0, 0, 0, 0, 0], 9, /item 9 is missing/],
    ['11 answers: item 11 not part of the PHQ-9', Array<number>(11).fill(0), 11, /item 11/],
    ['item 4 answered 4 (above 3)', [0, 0, 0, 4, 0, 0, 0, 0, 0], 4, /item 4: 4 is out of range 0 to 3/],
    ['difficulty item 10 answered 4', [0, 0, 0, 0, 0, 0, 0, 0, 0, 4], 10, /item 10: 4/],
    ['item 2 answered 1.5', [0, 1.5, 0, 0, 0, 0, 0, 0, 0], 2, /item 2: 1.5 is not a whole number/],
  ])('%s', (_t, answers, item, message) => {
    const err = errorOf(() => scorePhq9({ answers }));
    expect(err).toMatchObject({ code: 'INVALID_INPUT', instrument: 'phq9', item });
    expect(err.message).toMatch(message);
  });
});

describe('scorePhq9 properties', () => {
  const answers = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 });
  it('the total is the sum of the 9 items, 0 to 27, and always falls in one band', () => {
    fc.assert(
      fc.property(answers, (a) => {
        const r = scorePhq9({ answers: a });
        expect(r.total).toBe(a.reduce((x, y) => x + y, 0));
        expect(PHQ9_SEVERITY_BANDS.filter((b) => r.total >= b.min && r.total <= b.max)).toHaveLength(1);
      }),
    );
  });
  it('raising one answer never lowers the total or the severity', () => {
    const order = PHQ9_SEVERITY_BANDS.map((b) => b.severity);
    fc.assert(
      fc.property(answers, fc.integer({ min: 0, max: 8 }), (a, i) => {
        fc.pre((a[i] ?? 3) < 3);
        const before = scorePhq9({ answers: a });
        const after = scorePhq9({ answers: a.map((v, j) => (j === i ? v + 1 : v)) });
        expect(after.total).toBe(before.total + 1);
        expect(order.indexOf(after.severity)).toBeGreaterThanOrEqual(order.indexOf(before.severity));
      }),
    );
  });
});
