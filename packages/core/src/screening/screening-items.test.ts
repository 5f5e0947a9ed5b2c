import { describe, expect, it } from 'vitest';
import { screeningItemRanks, unresolvedScreeningItems, worsenedScreening, type ScreeningResultItems } from './screening-items.js';

const check = (id: string, outcome: 'pass' | 'warn' | 'missing' | 'fail') => ({ id, outcome, message: `${id} ${outcome}` });
const result = (checks: ReturnType<typeof check>[], interactions: ScreeningResultItems['interactions'] = []): ScreeningResultItems => ({
  checks,
  interactions,
});
const benzo = { class: 'benzodiazepine', severity: 'hold-before-session', medication: 'lorazepam' } as const;
const caution = { class: 'stimulant', severity: 'caution', medication: 'caffeine' } as const;

describe('unresolvedScreeningItems', () => {
  it('lists every non-pass check and holding interaction, and the failed checks apart', () => {
    const r = result([check('age', 'pass'), check('bp', 'warn'), check('psychosis', 'fail'), check('labs', 'missing')], [benzo, caution]);
    expect(unresolvedScreeningItems(r, new Set())).toEqual({
      unresolved: ['bp', 'psychosis', 'labs', 'interaction:benzodiazepine'],
      failing: ['psychosis'],
    });
  });

  it('leaves out what an override covers', () => {
    const r = result([check('bp', 'warn'), check('psychosis', 'fail')], [benzo]);
    expect(unresolvedScreeningItems(r, new Set(['psychosis', 'interaction:benzodiazepine']))).toEqual({ unresolved: ['bp'], failing: [] });
  });

  it('lists an interaction class once, whatever the number of medications', () => {
    const r = result([], [benzo, { ...benzo, medication: 'diazepam', severity: 'contraindicated' }]);
    expect(unresolvedScreeningItems(r, new Set()).unresolved).toEqual(['interaction:benzodiazepine']);
  });

  it('an all-pass assessment has nothing unresolved', () => {
    expect(unresolvedScreeningItems(result([check('age', 'pass')], [caution]), new Set())).toEqual({ unresolved: [], failing: [] });
  });
});

describe('screeningItemRanks', () => {
  it('ranks warn and missing 1, fail 2, a holding interaction 1, and words each', () => {
    const ranks = screeningItemRanks(
      result([check('age', 'pass'), check('bp', 'warn'), check('labs', 'missing'), check('x', 'fail')], [benzo]),
    );
    expect([...ranks]).toEqual([
      ['bp', { rank: 1, words: 'bp: warn (bp warn)' }],
      ['labs', { rank: 1, words: 'labs: missing (labs missing)' }],
      ['x', { rank: 2, words: 'x: fail (x fail)' }],
      ['interaction:benzodiazepine', { rank: 1, words: 'interaction benzodiazepine (lorazepam): hold-before-session' }],
    ]);
  });
});

describe('worsenedScreening: what puts a cleared enrollment on review hold', () => {
  it.each([
    ['pass', 'warn', 'needs-review'],
    ['pass', 'missing', 'needs-review'],
    ['pass', 'fail', 'absolute'],
    ['warn', 'fail', 'absolute'],
    ['missing', 'fail', 'absolute'],
  ] as const)('%s then %s is worse: %s hold', (before, after, kind) => {
    expect(worsenedScreening(result([check('bp', before)]), result([check('bp', after)]))).toEqual({
      kind,
      reasons: [`bp: ${after} (bp ${after})`],
    });
  });

  it.each([
    ['pass', 'pass'],
    ['warn', 'warn'],
    ['warn', 'missing'],
    ['missing', 'warn'],
    ['fail', 'fail'],
    ['fail', 'warn'],
    ['warn', 'pass'],
  ] as const)('%s then %s is not worse', (before, after) => {
    expect(worsenedScreening(result([check('bp', before)]), result([check('bp', after)]))).toBeUndefined();
  });

  it('a new holding interaction is worse (needs review); a known one is not', () => {
    expect(worsenedScreening(result([]), result([], [benzo]))).toEqual({
      kind: 'needs-review',
      reasons: ['interaction benzodiazepine (lorazepam): hold-before-session'],
    });
    expect(worsenedScreening(result([], [benzo]), result([], [benzo]))).toBeUndefined();
    expect(worsenedScreening(result([]), result([], [caution]))).toBeUndefined();
  });

  it('one failed item among several makes the hold absolute, with every worse item as a reason', () => {
    expect(worsenedScreening(result([check('a', 'pass'), check('b', 'pass')]), result([check('a', 'warn'), check('b', 'fail')]))).toEqual({
      kind: 'absolute',
      reasons: ['a: warn (a warn)', 'b: fail (b fail)'],
    });
  });
});
