/**
 * PCL-5 change from baseline and the outcome categories built on it: response, reliable
 * improvement and remission (protocol-defaults.md "Outcomes").
 *
 * Thresholds are compared in exact integer arithmetic where possible: "at least 30% below
 * baseline" is `reduction x 100 >= 30 x baseline`, so a reduction of exactly 30% is a response
 * whatever floating point would make of 21 / 70.
 *
 * @module
 */
import { outcomesDefaults, type OutcomesSection } from '../protocol-config/sections/outcomes.js';
import { defineRule } from '../rules/rule.js';

/** Change of a score from baseline. Positive `reductionPoints` is improvement on PCL-5. */
export interface ChangeFromBaseline {
  /** Current minus baseline, points (negative = fewer symptoms). */
  readonly changePoints: number;
  /** Baseline minus current, points (positive = fewer symptoms). */
  readonly reductionPoints: number;
  /** Reduction as a percentage of baseline; null when the baseline is 0 (undefined). */
  readonly reductionPercent: number | null;
}

function requireTotal(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite score >= 0, got ${v}`);
}

/**
 * Change from baseline in points and percent.
 *
 * @param baselineTotal score at baseline (PCL-5 0 to 80)
 * @param currentTotal score now
 */
export function changeFromBaseline(baselineTotal: number, currentTotal: number): ChangeFromBaseline {
  requireTotal('baselineTotal', baselineTotal);
  requireTotal('currentTotal', currentTotal);
  const reductionPoints = baselineTotal - currentTotal;
  return Object.freeze({
    changePoints: currentTotal - baselineTotal,
    reductionPoints,
    reductionPercent: baselineTotal === 0 ? null : (reductionPoints / baselineTotal) * 100,
  });
}

/**
 * True when the reduction from `baselineTotal` to `currentTotal` is at least `percent` % of the
 * baseline (inclusive); null when the baseline is 0 (a percentage of nothing is undefined).
 */
export function meetsReductionPercent(baselineTotal: number, currentTotal: number, percent: number): boolean | null {
  requireTotal('baselineTotal', baselineTotal);
  requireTotal('currentTotal', currentTotal);
  if (baselineTotal === 0) return null;
  return (baselineTotal - currentTotal) * 100 >= percent * baselineTotal;
}

/** A PCL-5 total compared with the patient's baseline. */
export interface Pcl5Comparison {
  readonly baselineTotal: number;
  readonly currentTotal: number;
}

/** Outcome categories of one PCL-5 total against baseline. */
export interface Pcl5Outcome extends ChangeFromBaseline {
  /** At least `outcomes.response.reductionPercent` (30 %) below baseline; null when baseline is 0. */
  readonly response: boolean | null;
  /** At least `outcomes.reliableImprovement.reductionPoints` (15) points below baseline. */
  readonly reliableImprovement: boolean;
  /** Response and a total <= `outcomes.remission.maxTotal` (28); null when response is null. */
  readonly remission: boolean | null;
}

/** Response: PCL-5 at least 30% below baseline (inclusive). Null when baseline is 0. */
export function assessResponse(input: Pcl5Comparison, config: OutcomesSection = outcomesDefaults): boolean | null {
  return meetsReductionPercent(input.baselineTotal, input.currentTotal, config.response.reductionPercent.value);
}

/** Reliable improvement: PCL-5 at least 15 points below baseline (inclusive). */
export function assessReliableImprovement(input: Pcl5Comparison, config: OutcomesSection = outcomesDefaults): boolean {
  return changeFromBaseline(input.baselineTotal, input.currentTotal).reductionPoints >= config.reliableImprovement.reductionPoints.value;
}

/** Remission: response and PCL-5 total <= 28 (inclusive). Null when response cannot be assessed. */
export function assessRemission(input: Pcl5Comparison, config: OutcomesSection = outcomesDefaults): boolean | null {
  const response = assessResponse(input, config);
  if (response === null) return null;
  return response && input.currentTotal <= config.remission.maxTotal.value;
}

/** Change, response, reliable improvement and remission of one PCL-5 total against baseline. */
export function assessPcl5Outcome(input: Pcl5Comparison, config: OutcomesSection = outcomesDefaults): Pcl5Outcome {
  return Object.freeze({
    ...changeFromBaseline(input.baselineTotal, input.currentTotal),
    response: assessResponse(input, config),
    reliableImprovement: assessReliableImprovement(input, config),
    remission: assessRemission(input, config),
  });
}

/** The configuration the outcome rules read: the `outcomes` section (a whole `ProtocolConfig` fits). */
export interface OutcomeRuleConfig {
  readonly outcomes: OutcomesSection;
}

/** What an outcome rule gives: the value, and a message whose numbers come from the configuration passed. */
export interface OutcomeRuleResult<T> {
  readonly value: T;
  /** What was found, in words, with the thresholds of the configuration in force. */
  readonly message: string;
}

const DEFAULT_OUTCOME_CONFIG: OutcomeRuleConfig = Object.freeze({ outcomes: outcomesDefaults });

/** A percentage for a message: at most one decimal. */
export function formatPercent(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function describeChange(input: Pcl5Comparison): string {
  const c = changeFromBaseline(input.baselineTotal, input.currentTotal);
  const pct = c.reductionPercent === null ? '' : ` (${formatPercent(c.reductionPercent)}%)`;
  return `PCL-5 ${input.baselineTotal} at baseline, ${input.currentTotal} now: ${c.reductionPoints} points${pct} below baseline`;
}

/** Rule: response (PCL-5 at least the configured percentage below baseline). */
export const responseRule = defineRule({
  id: 'outcomes.response',
  // 2: evaluate takes { outcomes } and gives { value, message }
  version: '2',
  title: "Response: PCL-5 at least the protocol's response percentage below baseline",
  sources: [outcomesDefaults.response.reductionPercent.provenance],
  evaluate: (input: Pcl5Comparison, config: OutcomeRuleConfig = DEFAULT_OUTCOME_CONFIG): OutcomeRuleResult<boolean | null> => {
    const threshold = config.outcomes.response.reductionPercent.value;
    const value = assessResponse(input, config.outcomes);
    if (value === null)
      return Object.freeze({ value, message: `baseline PCL-5 is 0: response (at least ${threshold}% below baseline) cannot be assessed` });
    const verdict = value ? `at least ${threshold}%: a response` : `less than ${threshold}%: no response`;
    return Object.freeze({ value, message: `${describeChange(input)}; ${verdict}` });
  },
});

/** Rule: reliable improvement (PCL-5 at least the configured points below baseline). */
export const reliableImprovementRule = defineRule({
  id: 'outcomes.reliable-improvement',
  version: '2',
  title: "Reliable improvement: PCL-5 at least the protocol's reliable-change points below baseline",
  sources: [outcomesDefaults.reliableImprovement.reductionPoints.provenance],
  evaluate: (input: Pcl5Comparison, config: OutcomeRuleConfig = DEFAULT_OUTCOME_CONFIG): OutcomeRuleResult<boolean> => {
    const threshold = config.outcomes.reliableImprovement.reductionPoints.value;
    const value = assessReliableImprovement(input, config.outcomes);
    const verdict = value ? `at least ${threshold} points: reliable improvement` : `less than ${threshold} points: no reliable improvement`;
    return Object.freeze({ value, message: `${describeChange(input)}; ${verdict}` });
  },
});

/** Rule: remission (a response and a PCL-5 total at most the configured maximum). */
export const remissionRule = defineRule({
  id: 'outcomes.remission',
  version: '2',
  title: "Remission: a response and a PCL-5 total at most the protocol's remission maximum",
  sources: [outcomesDefaults.response.reductionPercent.provenance, outcomesDefaults.remission.maxTotal.provenance],
  evaluate: (input: Pcl5Comparison, config: OutcomeRuleConfig = DEFAULT_OUTCOME_CONFIG): OutcomeRuleResult<boolean | null> => {
    const response = config.outcomes.response.reductionPercent.value;
    const maxTotal = config.outcomes.remission.maxTotal.value;
    const value = assessRemission(input, config.outcomes);
    const criteria = `a response (at least ${response}% below baseline) and a total of at most ${maxTotal}`;
    if (value === null) return Object.freeze({ value, message: `baseline PCL-5 is 0: remission (${criteria}) cannot be assessed` });
    return Object.freeze({
      value,
      message: `${describeChange(input)}; remission needs ${criteria}: ${value ? 'remission' : 'no remission'}`,
    });
  },
});
