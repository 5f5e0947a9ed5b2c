import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBands } from '../protocol-config/checks.js';
import { InstrumentInputError } from './errors.js';
import { GAD7_LOINC, GAD7_SEVERITY_BANDS, gad7, scoreGad7 } from './gad7.js';

function answersTotalling(total: number): number[] {
  const a = Array<number>(7).fill(0);
  let left = total;
  for (let i = 0; i < 7 && left > 0; i++) {
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

describe('GAD-7 data', () => {
  it('bands are ordered, contiguous and cover 0 to 21', () => {
    expect(
      checkBands(
        GAD7_SEVERITY_BANDS.map((b) => ({ path: b.severity, low: b.min, high: b.max })),
        { contiguous: true },
      ),
    ).toEqual([]);
    expect(GAD7_SEVERITY_BANDS[0]?.min).toBe(0);
    expect(GAD7_SEVERITY_BANDS.at(-1)?.max).toBe(21);
  });
  it('carries LOINC panel 69737-5 and total 70274-6', () => {
    expect(GAD7_LOINC.panel.code).toBe('69737-5');
    expect(GAD7_LOINC.total.code).toBe('70274-6');
  });
  it('exports id, version, title, sources and the scoring function', () => {
    expect(gad7).toMatchObject({ id: 'gad7', version: '1.0.0' });
    expect(gad7.sources).toContain('spitzer-2006');
  });
});

describe('scoreGad7 severity bands (Spitzer 2006: cut points 5, 10, 15)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('total %i is %s (bands inclusive)', (total, severity) => {
    const r = scoreGad7({ answers: answersTotalling(total) });
    expect(r.total).toBe(total);
    expect(r.severity).toBe(severity);
  });
});

describe('scoreGad7 rejects invalid answers with INVALID_INPUT naming the item', () => {
  it.each([
    ['6 answers: item 7 missing', [0, 0, 0, 0, 0, 0], 7, /item 7 is missing/],
    ['8 answers: item 8 is not part of the GAD-7', Array<number>(8).fill(0), 8, /item 8/],
    ['item 7 answered 4', [0, 0, 0, 0, 0, 0, 4], 7, /item 7: 4 is out of range 0 to 3/],
    ['item 1 answered -1', [-1, 0, 0, 0, 0, 0, 0], 1, /item 1: -1/],
    ['item 5 answered 0.5', [0, 0, 0, 0, 0.5, 0, 0], 5, /item 5: 0.5 is not a whole number/],
  ])('%s', (_t, answers, item, message) => {
    const err = errorOf(() => scoreGad7({ answers }));
    expect(err).toMatchObject({ code: 'INVALID_INPUT', instrument: 'gad7', item });
    expect(err.message).toMatch(message);
  });
});

describe('scoreGad7 properties', () => {
  const answers = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 });
  it('the total is the sum of the items, 0 to 21', () => {
    fc.assert(
      fc.property(answers, (a) => {
        const r = scoreGad7({ answers: a });
        expect(r.total).toBe(a.reduce((x, y) => x + y, 0));
        expect(r.total).toBeLessThanOrEqual(21);
      }),
    );
  });
  it('raising one answer never lowers the total or the severity', () => {
    const order = GAD7_SEVERITY_BANDS.map((b) => b.severity);
    fc.assert(
      fc.property(answers, fc.integer({ min: 0, max: 6 }), (a, i) => {
        fc.pre((a[i] ?? 3) < 3);
        const before = scoreGad7({ answers: a });
        const after = scoreGad7({ answers: a.map((v, j) => (j === i ? v + 1 : v)) });
        expect(after.total).toBe(before.total + 1);
        expect(order.indexOf(after.severity)).toBeGreaterThanOrEqual(order.indexOf(before.severity));
      }),
    );
  });
});
