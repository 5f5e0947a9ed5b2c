import { describe, expect, it } from 'vitest';
import { estimateKaplanMeier, kaplanMeierMethod } from './index.js';

// Freireich et al. 1963 (Gehan 1965) 6-MP arm, remission durations in weeks (+ = censored): the
// textbook Kaplan-Meier example (e.g. Kleinbaum and Klein, Survival Analysis, chapter 2), with
// ties of events (3 at week 6) and censoring tied with an event (6 and 6+, 10 and 10+).
// Expected values: the published product-limit table; the Greenwood SE and log-transformed 95%
// band are those R's survfit prints for these data (conf.type = "log", its default).
const sixMp: [number, boolean][] = [
  [6, true],
  [6, true],
  [6, true],
  [6, false],
  [7, true],
  [9, false],
  [10, true],
  [10, false],
  [11, false],
  [13, true],
  [16, true],
  [17, false],
  [19, false],
  [20, false],
  [22, true],
  [23, true],
  [25, false],
  [32, false],
  [32, false],
  [34, false],
  [35, false],
];

describe('Kaplan-Meier: 6-MP textbook example', () => {
  const km = estimateKaplanMeier(sixMp.map(([days, event]) => ({ days, event })));

  it('n, events, curve points at 0 and at each distinct event time', () => {
    expect(km.n).toBe(21);
    expect(km.events).toBe(9);
    expect(km.curve.map((p) => p.days)).toEqual([0, 6, 7, 10, 13, 16, 22, 23]);
    expect(km.curve[0]).toMatchObject({ days: 0, survival: 1 });
  });

  it.each([
    // days, at risk, events, S, Greenwood SE, lower, upper
    [6, 21, 3, 0.8571, 0.0764, 0.72, 1.0],
    [7, 17, 1, 0.8067, 0.0869, 0.653, 0.996],
    [10, 15, 1, 0.7529, 0.0963, 0.586, 0.968],
    [13, 12, 1, 0.6902, 0.1068, 0.51, 0.935],
    [16, 11, 1, 0.6275, 0.1141, 0.439, 0.896],
    [22, 7, 1, 0.5378, 0.1282, 0.337, 0.858],
    [23, 6, 1, 0.4482, 0.1346, 0.249, 0.807],
  ])('week %i: at risk %i, events %i, S %f, SE %f, band %f to %f', (days, atRisk, events, s, se, lo, hi) => {
    const p = km.curve.find((q) => q.days === days);
    expect(p?.atRisk).toBe(atRisk);
    expect(p?.events).toBe(events);
    expect(p?.survival).toBeCloseTo(s, 4);
    expect(p?.standardError).toBeCloseTo(se, 4);
    expect(p?.lower).toBeCloseTo(lo, 3);
    expect(p?.upper).toBeCloseTo(hi, 3);
  });

  it('median 23 (first S <= 0.5); 95% CI from 16 (lower band <= 0.5) to not reached (upper band never <= 0.5)', () => {
    expect(km.median).toEqual({ days: 23, lower: 16, upper: null });
  });
});

describe('Kaplan-Meier conventions', () => {
  it('events at days 1, 2, 3, 4 give a median of 2 (no midpoint rule)', () => {
    const km = estimateKaplanMeier([1, 2, 3, 4].map((days) => ({ days, event: true })));
    expect(km.curve.map((p) => p.survival)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(km.median).toEqual({ days: 2, lower: 1, upper: null });
    // S = 0: the band is undefined.
    expect(km.curve[4]).toMatchObject({ lower: null, upper: null, standardError: null });
  });

  it('the upper limit of the median CI is the first time the upper band is <= 0.5', () => {
    const durations = Array.from({ length: 40 }, (_, i) => ({ days: i + 1, event: true }));
    const km = estimateKaplanMeier(durations);
    expect(km.median.days).toBe(20);
    const firstUpper = km.curve.slice(1).find((p) => p.upper !== null && p.upper <= 0.5)?.days;
    const firstLower = km.curve.slice(1).find((p) => p.lower !== null && p.lower <= 0.5)?.days;
    expect(km.median.upper).toBe(firstUpper);
    expect(km.median.lower).toBe(firstLower);
    expect(km.median.lower ?? 0).toBeLessThan(20);
    expect(km.median.upper ?? 0).toBeGreaterThan(20);
  });

  it('censored at the time of an event stay at risk for that event', () => {
    const km = estimateKaplanMeier([
      { days: 5, event: true },
      { days: 5, event: false },
    ]);
    expect(km.curve[1]).toMatchObject({ days: 5, atRisk: 2, events: 1, survival: 0.5 });
    expect(km.median.days).toBe(5);
  });

  it('all censored: curve only at 0, median not reached', () => {
    const km = estimateKaplanMeier([
      { days: 10, event: false },
      { days: 20, event: false },
    ]);
    expect(km.curve).toHaveLength(1);
    expect(km.median).toEqual({ days: null, lower: null, upper: null });
    expect(km.events).toBe(0);
  });

  it('no subjects: n 0 and the point at 0 only', () => {
    const km = estimateKaplanMeier([]);
    expect(km.n).toBe(0);
    expect(km.curve).toEqual([expect.objectContaining({ days: 0, survival: 1 })]);
  });

  it('rejects negative or non-finite durations', () => {
    expect(() => estimateKaplanMeier([{ days: -1, event: true }])).toThrow(RangeError);
    expect(() => estimateKaplanMeier([{ days: Number.POSITIVE_INFINITY, event: false }])).toThrow(RangeError);
  });

  it('names its sources', () => {
    expect(kaplanMeierMethod.sources.length).toBeGreaterThan(0);
  });
});
