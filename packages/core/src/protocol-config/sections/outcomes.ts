/**
 * Protocol configuration section `outcomes`: the PCL-5 change thresholds that define response,
 * reliable improvement, remission and loss of response, the confidence level of cohort
 * statistics and survival curves (protocol-defaults.md "Outcomes"), and the smallest cohort the
 * program report gives means and rates for (protocol-defaults.md "Maintenance and program
 * reporting").
 *
 * The literature benchmarks that outcome dashboards show beside a site's own numbers are facts
 * about publications, not site settings: they are exported separately as
 * {@link outcomeBenchmarks}, each with its source.
 *
 * @module
 */
import { param, type Param } from '../param.js';
import { fromBrief, fromSource, siteDefault, type Provenance } from '../provenance.js';
import { configIssue, type ConfigIssue } from '../issues.js';

/** The type of the `outcomes` protocol configuration section. */
export interface OutcomesSection {
  /** Response: PCL-5 total at least this many percent below baseline (default 30 %, inclusive). */
  readonly response: {
    readonly reductionPercent: Param<number>;
  };
  /** Reliable improvement: PCL-5 total at least this many points below baseline (default 15, inclusive). */
  readonly reliableImprovement: {
    readonly reductionPoints: Param<number>;
  };
  /** Remission: response and a PCL-5 total at most this value (default 28, inclusive). */
  readonly remission: {
    readonly maxTotal: Param<number>;
  };
  /**
   * Loss of response: after a responder's response, the first PCL-5 whose reduction from
   * baseline is below this percentage (default 30 %: strictly below). Time is counted in days
   * from the last dosing session; responders never measured below it are censored at their last
   * PCL-5.
   */
  readonly lossOfResponse: {
    readonly reductionBelowPercent: Param<number>;
  };
  /** Confidence level of cohort means (t-based) and Kaplan-Meier bands (default 95 %). */
  readonly statistics: {
    readonly confidenceLevelPercent: Param<number>;
  };
  /**
   * Program reporting: small-cell suppression. When fewer courses than `smallestCohort` (default
   * 5, a site default) have started, the program report gives counts only: no means, rates or
   * survival curve.
   */
  readonly reporting: {
    readonly smallestCohort: Param<number>;
  };
  /**
   * The window of a scheduled questionnaire: it opens this many days before its date and is
   * overdue when not answered by the end of this many days after it (site days, the site's zone).
   * Not in the protocol defaults: site defaults awaiting the medical director's review.
   */
  readonly measureWindow: {
    readonly opensDaysBefore: Param<number>;
    readonly overdueAfterDays: Param<number>;
  };
}

/** Defaults of the `outcomes` section with provenance (protocol-defaults.md "Outcomes"). */
export const outcomesDefaults: OutcomesSection = Object.freeze({
  response: Object.freeze({
    reductionPercent: param(30, '%', fromBrief('response = PCL-5 at least 30% below baseline; Feder 2021 used >= 30% on CAPS-5'), {
      min: 10,
      max: 90,
    }),
  }),
  reliableImprovement: Object.freeze({
    reductionPoints: param(15, 'score', fromSource(['marx-2022'], 'PCL-5 reliable change index >= 15 (sample 1)'), {
      min: 5,
      max: 40,
    }),
  }),
  remission: Object.freeze({
    maxTotal: param(28, 'score', fromSource(['marx-2022'], 'clinically significant change: post score <= 28'), {
      min: 0,
      max: 80,
    }),
  }),
  lossOfResponse: Object.freeze({
    reductionBelowPercent: param(
      30,
      '%',
      fromSource(['feder-2021'], 'concept (median 27.5 days to loss of response); threshold and timing a site default'),
      { min: 10, max: 90 },
    ),
  }),
  statistics: Object.freeze({
    confidenceLevelPercent: param(95, '%', siteDefault('statistical convention: 95% intervals'), { min: 80, max: 99.9 }),
  }),
  reporting: Object.freeze({
    smallestCohort: param(
      5,
      'count',
      siteDefault('small-cell suppression: fewer than 5 patients started, counts only, no means or rates ("smallest reported cohort")'),
      { min: 1, max: 50 },
    ),
  }),
  measureWindow: Object.freeze({
    opensDaysBefore: param(
      2,
      'day',
      siteDefault('not in the protocol defaults: a questionnaire opens 2 days before its date; needs medical-director review'),
      { min: 0, max: 14 },
    ),
    overdueAfterDays: param(
      2,
      'day',
      siteDefault('not in the protocol defaults: a questionnaire is overdue 2 days after its date; needs medical-director review'),
      { min: 0, max: 30 },
    ),
  }),
});

/**
 * Checks an `outcomes` section beyond per-parameter ranges. The loss-of-response threshold may not
 * exceed the response threshold: otherwise a patient could be a responder and have lost the
 * response at the same PCL-5. Paths are relative to the section.
 */
export function validateOutcomesSection(section: OutcomesSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (section.lossOfResponse.reductionBelowPercent.value > section.response.reductionPercent.value) {
    issues.push(configIssue('lossOfResponse.reductionBelowPercent', 'must not exceed response.reductionPercent'));
  }
  const level = section.statistics.confidenceLevelPercent.value;
  if (!(level > 0 && level < 100)) {
    issues.push(configIssue('statistics.confidenceLevelPercent', 'must be between 0 and 100, exclusive'));
  }
  return issues;
}

/** A published figure shown beside a site's own outcomes, with its source. */
export interface OutcomeBenchmark {
  /** Stable id, kebab-case. */
  readonly id: string;
  /** What the figure is, in words a clinician reads on the dashboard. */
  readonly label: string;
  /** The figure. */
  readonly value: number;
  /** Its unit: `score` (PCL-5 points), `%`, `day`, `count` or `1` (an effect size). */
  readonly unit: 'score' | '%' | 'day' | 'count' | '1';
  readonly provenance: Provenance;
}

const benchmark = (b: OutcomeBenchmark): OutcomeBenchmark => Object.freeze(b);

/**
 * Literature benchmarks for outcome dashboards (protocol-defaults.md, after the retreat
 * measurement schedule). Data, not settings: a site does not change a published number.
 */
export const outcomeBenchmarks: readonly OutcomeBenchmark[] = Object.freeze([
  benchmark({ id: 'kair-pcl5-baseline', label: 'PCL-5 mean at baseline (KAIR)', value: 46.6, unit: 'score', provenance: fromBrief() }),
  benchmark({ id: 'kair-pcl5-week-1', label: 'PCL-5 mean at one week (KAIR)', value: 33.8, unit: 'score', provenance: fromBrief() }),
  benchmark({ id: 'kair-pcl5-month-1', label: 'PCL-5 mean at one month (KAIR)', value: 30.8, unit: 'score', provenance: fromBrief() }),
  benchmark({
    id: 'feder-2021-response-ketamine',
    label: 'Response (>= 30% CAPS-5 reduction) after six ketamine infusions',
    value: 67,
    unit: '%',
    provenance: fromSource(['feder-2021']),
  }),
  benchmark({
    id: 'feder-2021-response-midazolam',
    label: 'Response (>= 30% CAPS-5 reduction) after six midazolam infusions',
    value: 20,
    unit: '%',
    provenance: fromSource(['feder-2021']),
  }),
  benchmark({
    id: 'feder-2021-median-days-to-loss',
    label: 'Median time to loss of response after six infusions',
    value: 27.5,
    unit: 'day',
    provenance: fromSource(['feder-2021']),
  }),
  benchmark({
    id: 'abdallah-2022-n',
    label: 'Veterans and service members randomised, no PCL-5 benefit over placebo',
    value: 158,
    unit: 'count',
    provenance: fromSource(['abdallah-2022']),
  }),
  benchmark({
    id: 'aita-2024-pooled-g',
    label: 'Pooled effect size g over 6 trials, 221 patients',
    value: 0.27,
    unit: '1',
    provenance: fromSource(['aita-2024']),
  }),
]);
