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
import type { Provenance } from '../protocol-config/provenance.js';

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

/** A rule: data (id, version, title, sources) plus a pure function. */
export interface OutcomeRule<I, O> {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly sources: readonly Provenance[];
  readonly evaluate: (input: I, config?: OutcomesSection) => O;
}

/** Rule: response (PCL-5 >= 30% below baseline). */
export const responseRule: OutcomeRule<Pcl5Comparison, boolean | null> = Object.freeze({
  id: 'outcomes.response',
  version: '1',
  title: 'Response: PCL-5 at least 30% below baseline',
  sources: Object.freeze([outcomesDefaults.response.reductionPercent.provenance]),
  evaluate: assessResponse,
});

/** Rule: reliable improvement (PCL-5 >= 15 points below baseline). */
export const reliableImprovementRule: OutcomeRule<Pcl5Comparison, boolean> = Object.freeze({
  id: 'outcomes.reliable-improvement',
  version: '1',
  title: 'Reliable improvement: PCL-5 at least 15 points below baseline',
  sources: Object.freeze([outcomesDefaults.reliableImprovement.reductionPoints.provenance]),
  evaluate: assessReliableImprovement,
});

/** Rule: remission (response and PCL-5 <= 28). */
export const remissionRule: OutcomeRule<Pcl5Comparison, boolean | null> = Object.freeze({
  id: 'outcomes.remission',
  version: '1',
  title: 'Remission: response and PCL-5 total at most 28',
  sources: Object.freeze([
    outcomesDefaults.response.reductionPercent.provenance,
    outcomesDefaults.remission.maxTotal.provenance,
  ]),
  evaluate: assessRemission,
});
