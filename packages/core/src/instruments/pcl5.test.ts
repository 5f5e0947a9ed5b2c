import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { InstrumentInputError } from './errors.js';
import { PCL5_ITEMS, PCL5_LOINC, pcl5, scorePcl5 } from './pcl5.js';

/** Builds 20 answers: all `fill`, with the given items (1-based) set. */
function answersWith(set: Record<number, number>, fill = 0): number[] {
  return Array.from({ length: 20 }, (_, i) => set[i + 1] ?? fill);
}

/** Answers whose total is `total`, filled from item 20 down so the clusters B, C stay empty. */
function answersTotalling(total: number): number[] {
  const a = Array<number>(20).fill(0);
  let left = total;
  for (let i = 19; i >= 0 && left > 0; i--) {
    const v = Math.min(4, left);
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

describe('PCL-5 items and data', () => {
  it('has the 20 item texts of the National Center for PTSD, item 1 first and item 20 last', () => {
    expect(PCL5_ITEMS).toHaveLength(20);
    expect(PCL5_ITEMS[0]).toBe('Repeated, disturbing, and unwanted memories of the stressful experience?');
    expect(PCL5_ITEMS[19]).toBe('Trouble falling or staying asleep?');
  });
  it('carries the panel and total LOINC codes and no unconfirmed item codes', () => {
    expect(PCL5_LOINC.panel.code).toBe('101697-1');
    expect(PCL5_LOINC.total.code).toBe('101698-9');
    expect(PCL5_LOINC.items).toBeUndefined();
  });
  it('exports id, version, title, sources and the scoring function', () => {
    expect(pcl5.id).toBe('pcl5');
    expect(pcl5.sources.length).toBeGreaterThan(0);
    expect(pcl5.score).toBe(scorePcl5);
  });
});

describe('scorePcl5 totals and clusters', () => {
  it.each([
    ['all 0: total 0 (scale minimum)', answersWith({}, 0), 0, { B: 0, C: 0, D: 0, E: 0 }],
    ['all 4: total 80 (scale maximum)', answersWith({}, 4), 80, { B: 20, C: 8, D: 28, E: 24 }],
    ['item 5 counts in B, item 6 in C (B/C edge)', answersWith({ 5: 3, 6: 1 }), 4, { B: 3, C: 1, D: 0, E: 0 }],
    ['item 7 counts in C, item 8 in D (C/D edge)', answersWith({ 7: 2, 8: 4 }), 6, { B: 0, C: 2, D: 4, E: 0 }],
    ['item 14 counts in D, item 15 in E (D/E edge)', answersWith({ 14: 1, 15: 2 }), 3, { B: 0, C: 0, D: 1, E: 2 }],
  ])('%s', (_t, answers, total, clusters) => {
    const r = scorePcl5({ answers });
    expect(r.total).toBe(total);
    expect(r.clusters).toEqual(clusters);
  });
  it('defaults to the past-month form and keeps the past-week form when given', () => {
    expect(scorePcl5({ answers: answersWith({}) }).form).toBe('past-month');
    expect(scorePcl5({ answers: answersWith({}), form: 'past-week' }).form).toBe('past-week');
  });
  it('returns the item-level answers, not only the total', () => {
    const answers = answersWith({ 3: 2 });
    expect(scorePcl5({ answers }).answers).toEqual(answers);
  });
});

describe('scorePcl5 provisional PTSD by cutoff', () => {
  it.each([
    [32, false],
    [33, true],
    [34, true],
  ])('total %i with the default cutoff 33: byCutoff %s (total >= cutoff, bound inclusive)', (total, expected) => {
    const r = scorePcl5({ answers: answersTotalling(total) });
    expect(r.total).toBe(total);
    expect(r.provisionalPtsd).toMatchObject({ byCutoff: expected, cutoff: 33 });
  });
  it('uses the site cutoff: 31 makes total 31 positive and 30 negative', () => {
    const config = { provisionalCutoff: param(31, 'score', siteDefault()) };
    expect(scorePcl5({ answers: answersTotalling(31) }, config).provisionalPtsd).toEqual(
      expect.objectContaining({ byCutoff: true, cutoff: 31 }),
    );
    expect(scorePcl5({ answers: answersTotalling(30) }, config).provisionalPtsd.byCutoff).toBe(false);
  });
});

describe('scorePcl5 provisional PTSD by the cluster rule (items >= 2: 1 B, 1 C, 2 D, 2 E)', () => {
  const minimal = { 1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2 };
  it('the minimal endorsement (1 B, 1 C, 2 D, 2 E, each rated 2) meets the rule', () => {
    expect(scorePcl5({ answers: answersWith(minimal) }).provisionalPtsd.byClusterRule).toBe(true);
  });
  it.each([
    ['B item rated 1 instead of 2: no B endorsed', { ...minimal, 1: 1 }],
    ['C item rated 1: no C endorsed', { ...minimal, 6: 1 }],
    ['only 1 D item rated 2', { ...minimal, 9: 1 }],
    ['only 1 E item rated 2', { ...minimal, 16: 1 }],
  ])('%s: rule not met (endorsement bound 2 inclusive)', (_t, set) => {
    expect(scorePcl5({ answers: answersWith(set) }).provisionalPtsd.byClusterRule).toBe(false);
  });
  it('all items rated 1 (total 20): neither the rule nor the cutoff', () => {
    const r = scorePcl5({ answers: answersWith({}, 1) });
    expect(r.provisionalPtsd).toEqual({ byCutoff: false, byClusterRule: false, cutoff: 33 });
  });
  it('the rule and the cutoff are independent: total 12 meets the rule only, total 72 without C the cutoff only', () => {
    const rule = scorePcl5({ answers: answersWith(minimal) });
    expect(rule.total).toBe(12);
    expect(rule.provisionalPtsd).toMatchObject({ byCutoff: false, byClusterRule: true });
    const noC = scorePcl5({ answers: answersWith({ 6: 0, 7: 0 }, 4) });
    expect(noC.total).toBe(72);
    expect(noC.provisionalPtsd).toMatchObject({ byCutoff: true, byClusterRule: false });
  });
});

describe('scorePcl5 rejects invalid answers with INVALID_INPUT naming the item', () => {
  it.each([
    ['19 answers: item 20 missing', answersWith({}).slice(0, 19), 20, /item 20/],
    ['21 answers: item 21 not part of the PCL-5', [...answersWith({}), 0], 21, /item 21/],
    ['no answers: item 1 missing', [], 1, /item 1 /],
    ['item 7 rated 5 (above 4)', answersWith({ 7: 5 }), 7, /item 7: 5 is out of range 0 to 4/],
    ['item 3 rated -1 (below 0)', answersWith({ 3: -1 }), 3, /item 3: -1/],
    ['item 12 rated 2.5 (not a whole number)', answersWith({ 12: 2.5 }), 12, /item 12: 2.5 is not a whole number/],
    ['item 1 NaN', answersWith({ 1: Number.NaN }), 1, /item 1: NaN/],
  ])('%s', (_t, answers, item, message) => {
    const err = errorOf(() => scorePcl5({ answers }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.instrument).toBe('pcl5');
    expect(err.item).toBe(item);
    expect(err.message).toMatch(message);
  });
});

describe('scorePcl5 properties', () => {
  const answers = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 20, maxLength: 20 });
  it('the total equals the sum of the clusters and lies in 0 to 80', () => {
    fc.assert(
      fc.property(answers, (a) => {
        const r = scorePcl5({ answers: a });
        expect(r.total).toBe(r.clusters.B + r.clusters.C + r.clusters.D + r.clusters.E);
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(80);
      }),
    );
  });
  it('raising one answer never lowers the total, a cluster or a provisional result', () => {
    fc.assert(
      fc.property(answers, fc.integer({ min: 0, max: 19 }), (a, i) => {
        fc.pre((a[i] ?? 4) < 4);
        const raised = a.map((v, j) => (j === i ? v + 1 : v));
        const before = scorePcl5({ answers: a });
        const after = scorePcl5({ answers: raised });
        expect(after.total).toBe(before.total + 1);
        for (const c of ['B', 'C', 'D', 'E'] as const) expect(after.clusters[c]).toBeGreaterThanOrEqual(before.clusters[c]);
        if (before.provisionalPtsd.byCutoff) expect(after.provisionalPtsd.byCutoff).toBe(true);
        if (before.provisionalPtsd.byClusterRule) expect(after.provisionalPtsd.byClusterRule).toBe(true);
      }),
    );
  });
});
