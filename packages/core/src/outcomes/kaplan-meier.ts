/**
 * Kaplan-Meier estimate of time to loss of response, with censoring (protocol-defaults.md
 * "Outcomes", Kaplan-Meier).
 *
 * - Product-limit estimate; at a time with both events and censorings the censored subjects count
 *   as at risk (censoring happens just after the events), the usual convention.
 * - Greenwood variance: Var(S(t)) = S(t)^2 x sum over event times t_i <= t of d_i / (n_i (n_i - d_i)).
 * - Confidence band on the **log** scale ("log transform" in protocol-defaults.md: the log of S,
 *   not log(-log S), which is the "log-log" transform): S(t) x exp(-/+ z x sigma(t)) with
 *   sigma(t)^2 = sum d_i / (n_i (n_i - d_i)), the upper bound capped at 1. This is also the default
 *   of R's `survfit` (`conf.type = "log"`). Where S(t) = 0 the band is undefined (null).
 * - Median: the smallest event time with S(t) <= 0.5, no midpoint rule (events at 1, 2, 3, 4 give 2).
 * - Median CI (Brookmeyer-Crowley style, read off the band): lower = the first time the lower band
 *   is <= 0.5, upper = the first time the upper band is <= 0.5; null where not reached.
 *
 * @module
 */
import { outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { defineRule } from '../rules/rule.js';
import { fromSource, siteDefault } from '../protocol-config/provenance.js';
import { standardNormalQuantile } from './statistics.js';

/** One subject's follow-up: days to the event, or to censoring when `event` is false. */
export interface SurvivalDuration {
  /** Days from the time origin (for loss of response: the last dosing session), >= 0. */
  readonly days: number;
  /** True when the event (loss of response) was observed; false when censored at `days`. */
  readonly event: boolean;
}

/** A point of the Kaplan-Meier curve: the survival just after `days`. */
export interface KaplanMeierPoint {
  /** Days from the origin. */
  readonly days: number;
  /** Estimated probability of no event by `days`, 0 to 1 (unrounded). */
  readonly survival: number;
  /** Subjects at risk just before `days`. */
  readonly atRisk: number;
  /** Events at `days`. */
  readonly events: number;
  /** Greenwood standard error of `survival`; null where S = 0. */
  readonly standardError: number | null;
  /** Lower and upper confidence band (log transform); null where S = 0. */
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The result of {@link estimateKaplanMeier}. */
export interface KaplanMeierEstimate {
  /** Number of subjects. */
  readonly n: number;
  /** Number of events observed. */
  readonly events: number;
  /** Confidence level of the bands, percent. */
  readonly confidenceLevelPercent: number;
  /** Median time to event in days and its confidence interval; null where not reached. */
  readonly median: { readonly days: number | null; readonly lower: number | null; readonly upper: number | null };
  /** Points at day 0 (survival 1) and at each distinct event time, ascending. */
  readonly curve: readonly KaplanMeierPoint[];
}

/**
 * Kaplan-Meier estimate with Greenwood variance, log-transformed confidence bands, the median and
 * its confidence interval (see the module description for every convention).
 *
 * @param durations one entry per subject; `days` finite and >= 0
 * @param confidenceLevelPercent band level in percent, default `outcomes.statistics.confidenceLevelPercent` (95)
 * @throws RangeError when a duration is negative or not finite
 */
export function estimateKaplanMeier(
  durations: readonly SurvivalDuration[],
  confidenceLevelPercent: number = outcomesDefaults.statistics.confidenceLevelPercent.value,
): KaplanMeierEstimate {
  for (const d of durations) {
    if (!Number.isFinite(d.days) || d.days < 0) throw new RangeError(`estimateKaplanMeier: days must be finite and >= 0, got ${d.days}`);
  }
  const z = standardNormalQuantile(1 - (1 - confidenceLevelPercent / 100) / 2);
  const eventTimes = [...new Set(durations.filter((d) => d.event).map((d) => d.days))].sort((a, b) => a - b);
  const curve: KaplanMeierPoint[] = [
    Object.freeze({ days: 0, survival: 1, atRisk: durations.length, events: 0, standardError: 0, lower: 1, upper: 1 }),
  ];
  let survival = 1;
  let greenwoodSum = 0;
  for (const t of eventTimes) {
    const atRisk = durations.filter((d) => d.days >= t).length;
    const events = durations.filter((d) => d.event && d.days === t).length;
    survival *= 1 - events / atRisk;
    greenwoodSum += atRisk === events ? Infinity : events / (atRisk * (atRisk - events));
    let standardError: number | null = null;
    let lower: number | null = null;
    let upper: number | null = null;
    if (survival > 0) {
      const sigma = Math.sqrt(greenwoodSum);
      standardError = survival * sigma;
      lower = survival * Math.exp(-z * sigma);
      upper = Math.min(1, survival * Math.exp(z * sigma));
    }
    curve.push(Object.freeze({ days: t, survival, atRisk, events, standardError, lower, upper }));
  }
  const steps = curve.slice(1);
  const firstAtOrBelowHalf = (pick: (p: KaplanMeierPoint) => number | null): number | null => {
    for (const p of steps) {
      const v = pick(p);
      if (v !== null && v <= 0.5) return p.days;
    }
    return null;
  };
  return Object.freeze({
    n: durations.length,
    events: durations.filter((d) => d.event).length,
    confidenceLevelPercent,
    median: Object.freeze({
      days: firstAtOrBelowHalf((p) => p.survival),
      lower: firstAtOrBelowHalf((p) => p.lower),
      upper: firstAtOrBelowHalf((p) => p.upper),
    }),
    curve: Object.freeze(curve),
  });
}

/** Method metadata of the Kaplan-Meier estimate of time to loss of response. */
export const kaplanMeierMethod = defineRule({
  id: 'outcomes.kaplan-meier',
  version: '1',
  title: 'Kaplan-Meier time to loss of response: Greenwood variance, log-transformed band, median with CI',
  sources: [
    fromSource(['feder-2021'], 'time to loss of response (median 27.5 days)'),
    /* protocol-defaults.md: Kaplan-Meier */ siteDefault(
      'statistical convention: Kaplan-Meier estimate, median with a Brookmeyer-Crowley interval',
    ),
  ],
  evaluate: estimateKaplanMeier,
});
