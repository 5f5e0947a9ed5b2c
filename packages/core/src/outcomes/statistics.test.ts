import { describe, expect, it } from 'vitest';
import { standardNormalQuantile, studentTQuantile, summarizeCohortByTimePoint, summarizeSample } from './index.js';

describe('Student t quantile without tables', () => {
  it.each([
    // df, p = 0.975 (two-sided 95%): published table values
    [1, 12.706],
    [2, 4.303],
    [4, 2.776],
    [5, 2.571],
    [10, 2.228],
    [29, 2.045],
    [30, 2.042],
    [120, 1.98],
  ])('df %i: t(0.975) = %f to 3 decimals', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });
  it('other levels and the lower tail', () => {
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.604, 3);
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812, 3);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776, 3);
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });
  it('tends to the normal quantile for large df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(standardNormalQuantile(0.005)).toBeCloseTo(-2.575829, 6);
  });
  it('rejects p outside (0, 1) and df <= 0', () => {
    expect(() => studentTQuantile(1, 4)).toThrow(RangeError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
  });
});

describe('sample summary: mean, SD, t-based 95% CI with n - 1 df', () => {
  it('n = 5 uses t = 2.776', () => {
    const s = summarizeSample([40, 42, 45, 47, 51]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(45);
    expect(s.sd).toBeCloseTo(Math.sqrt(18.5), 10);
    expect(s.df).toBe(4);
    const half = 2.776445 * (Math.sqrt(18.5) / Math.sqrt(5));
    expect(s.ci?.lower).toBeCloseTo(45 - half, 4);
    expect(s.ci?.upper).toBeCloseTo(45 + half, 4);
    expect(s.ci?.lower).toBeCloseTo(39.659, 3);
  });
  it('n = 1 has a mean but no SD or CI; n = 0 has nothing', () => {
    expect(summarizeSample([33])).toMatchObject({ n: 1, mean: 33, sd: null, ci: null });
    expect(summarizeSample([])).toMatchObject({ n: 0, mean: null, sd: null, ci: null });
  });
  it('groups by time point in order of first appearance', () => {
    const rows = [
      { timePoint: 'baseline', value: 50 },
      { timePoint: 'day 5', value: 30 },
      { timePoint: 'baseline', value: 44 },
      { timePoint: 'day 5', value: 34 },
      { timePoint: '+30 days', value: 31 },
    ];
    const out = summarizeCohortByTimePoint(rows);
    expect(out.map((r) => [r.timePoint, r.n, r.mean])).toEqual([
      ['baseline', 2, 47],
      ['day 5', 2, 32],
      ['+30 days', 1, 31],
    ]);
    // n = 2: t(0.975, 1) = 12.706, SD = 4.243, SE = 3: 47 -/+ 38.12
    expect(out[0]?.ci?.lower).toBeCloseTo(47 - 12.7062 * 3, 3);
  });
});
