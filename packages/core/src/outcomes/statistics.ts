/**
 * Cohort statistics: mean, sample standard deviation and a t-based confidence interval with n - 1
 * degrees of freedom (protocol-defaults.md "Outcomes", cohort statistics), and the quantile
 * functions they need, computed without tables.
 *
 * @module
 */
import { outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { defineRule } from '../rules/rule.js';
import { siteDefault } from '../protocol-config/provenance.js';

/** Natural log of the gamma function, x > 0 (Lanczos approximation, g = 7, 9 terms; ~15 digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes `betacf`). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b), 0 <= x <= 1, a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || Number.isNaN(x)) throw new RangeError('regularizedIncompleteBeta: a, b > 0 and x in [0, 1]');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Upper tail P(T > t) of Student's t with `df` degrees of freedom, for t >= 0. */
function studentUpperTail(t: number, df: number): number {
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * Quantile of Student's t distribution: the t with P(T <= t) = p, for `df` > 0 degrees of freedom
 * (need not be whole). Solved by bisection on the exact distribution function
 * P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2, to about 12 significant digits.
 * Examples: p 0.975 gives 12.706 (df 1), 2.776 (df 4), 2.228 (df 10).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`studentTQuantile: df must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const tail = 1 - p;
  let lo = 0;
  let hi = 1;
  while (studentUpperTail(hi, df) > tail) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentUpperTail(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Quantile of the standard normal distribution (Acklam's rational approximation, relative error
 * below 1.2e-9). Example: p 0.975 gives 1.959964.
 */
export function standardNormalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`standardNormalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - pLow) return -standardNormalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Summary of one sample: n, mean, sample SD and the t-based confidence interval of the mean. */
export interface SampleSummary {
  /** Number of values. */
  readonly n: number;
  /** Arithmetic mean, in the values' unit; null when n = 0. */
  readonly mean: number | null;
  /** Sample standard deviation (n - 1 denominator); null when n < 2. */
  readonly sd: number | null;
  /** Standard error of the mean, sd / sqrt(n); null when n < 2. */
  readonly standardError: number | null;
  /** Degrees of freedom of the interval, n - 1; null when n < 2. */
  readonly df: number | null;
  /** Confidence level of the interval, percent (default 95). */
  readonly confidenceLevelPercent: number;
  /** mean -/+ t(1 - alpha/2, n - 1) x SE; null when n < 2. */
  readonly ci: { readonly lower: number; readonly upper: number } | null;
}

/**
 * n, mean, sample SD and the t-based confidence interval of the mean (n - 1 degrees of freedom).
 *
 * @param values finite numbers (e.g. PCL-5 totals, points)
 * @param confidenceLevelPercent interval level in percent, default `outcomes.statistics.confidenceLevelPercent` (95)
 * @throws RangeError when a value is not finite
 */
export function summarizeSample(
  values: readonly number[],
  confidenceLevelPercent: number = outcomesDefaults.statistics.confidenceLevelPercent.value,
): SampleSummary {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`summarizeSample: ${v} is not a finite number`);
  const n = values.length;
  const level = confidenceLevelPercent;
  if (n === 0) return Object.freeze({ n, mean: null, sd: null, standardError: null, df: null, confidenceLevelPercent: level, ci: null });
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return Object.freeze({ n, mean, sd: null, standardError: null, df: null, confidenceLevelPercent: level, ci: null });
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const standardError = sd / Math.sqrt(n);
  const t = studentTQuantile(1 - (1 - level / 100) / 2, n - 1);
  return Object.freeze({
    n,
    mean,
    sd,
    standardError,
    df: n - 1,
    confidenceLevelPercent: level,
    ci: Object.freeze({ lower: mean - t * standardError, upper: mean + t * standardError }),
  });
}

/** One observation of a cohort at a named time point (e.g. "baseline", "day 5", "+30 days"). */
export interface TimePointValue {
  readonly timePoint: string;
  readonly value: number;
}

/** The summary of one time point. */
export interface TimePointSummary extends SampleSummary {
  readonly timePoint: string;
}

/**
 * Cohort statistics per time point, in the order time points first appear in `rows`.
 *
 * @param rows one value per patient and time point
 * @param confidenceLevelPercent interval level in percent (default 95)
 */
export function summarizeCohortByTimePoint(
  rows: readonly TimePointValue[],
  confidenceLevelPercent: number = outcomesDefaults.statistics.confidenceLevelPercent.value,
): TimePointSummary[] {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const g = groups.get(r.timePoint);
    if (g === undefined) groups.set(r.timePoint, [r.value]);
    else g.push(r.value);
  }
  return [...groups.entries()].map(([timePoint, values]) =>
    Object.freeze({ timePoint, ...summarizeSample(values, confidenceLevelPercent) }),
  );
}

/** Method metadata of cohort statistics. */
export const cohortStatisticsMethod = defineRule({
  id: 'outcomes.cohort-statistics',
  version: '1',
  title: 'Cohort mean with a t-based confidence interval (n - 1 degrees of freedom)',
  sources: [/* protocol-defaults.md: cohort statistics */ siteDefault('statistical convention for cohort means and rates')],
  evaluate: summarizeCohortByTimePoint,
});
