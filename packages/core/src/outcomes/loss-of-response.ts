/**
 * Responder status after a course and loss of response (protocol-defaults.md "Outcomes"):
 *
 * - responder: the first PCL-5 dated after the last dosing session of the course (day 5 for the
 *   retreat, the day after the last infusion for the series) meets the response criterion;
 * - loss of response: the first later PCL-5 at which the responder's reduction from baseline is
 *   below 30%; time in days from the last dosing session;
 * - responders never measured below 30% are censored at their last PCL-5.
 *
 * @module
 */
import { outcomesDefaults, type OutcomesSection } from '../protocol-config/sections/outcomes.js';
import { daysBetweenIsoDates, isIsoDate } from '../calendar/iso-date.js';
import { defineRule } from '../rules/rule.js';
import { changeFromBaseline, formatPercent, meetsReductionPercent, type OutcomeRuleConfig, type OutcomeRuleResult } from './change.js';
import type { SurvivalDuration } from './kaplan-meier.js';

/** A PCL-5 total on a date. */
export interface DatedPcl5Total {
  /** Date the questionnaire was completed, `YYYY-MM-DD` (site-local). */
  readonly date: string;
  /** PCL-5 total, 0 to 80. */
  readonly total: number;
}

/** One patient's course for the loss-of-response rule. */
export interface CourseOutcomeInput {
  /** Baseline PCL-5 total, 0 to 80. */
  readonly baselineTotal: number;
  /** Date of the last dosing session of the course, `YYYY-MM-DD`. */
  readonly lastDosingDate: string;
  /** PCL-5 totals in any order; those on or before `lastDosingDate` are ignored. */
  readonly pcl5: readonly DatedPcl5Total[];
}

/** A PCL-5 used by the rule, with its reduction from baseline. */
export interface AssessedPcl5 extends DatedPcl5Total {
  /** Reduction from baseline, percent of baseline. */
  readonly reductionPercent: number;
  /** Days from the last dosing session. */
  readonly days: number;
}

/** Responder status and loss of response of one course. */
export interface LossOfResponseAssessment {
  /**
   * True or false once the first PCL-5 after the last dosing session is known; null (missing) when
   * there is none yet, or when the baseline is 0 (no percentage reduction exists).
   */
  readonly responder: boolean | null;
  /** Why `responder` is null. */
  readonly missingReason?: 'no-pcl5-after-last-dosing' | 'baseline-zero';
  /** The PCL-5 that decided responder status. */
  readonly responseAssessment: AssessedPcl5 | null;
  /** The PCL-5 at which a responder lost the response; null when not (yet) lost or not a responder. */
  readonly loss: AssessedPcl5 | null;
  /**
   * Responders only: days to loss of response (event) or to the last PCL-5 (censored), from the
   * last dosing session; the input of the Kaplan-Meier estimate. Null for non-responders.
   */
  readonly survival: SurvivalDuration | null;
}

/**
 * Responder status and loss of response of one course.
 *
 * @param input baseline, last dosing date and the PCL-5 totals
 * @param config the site's `outcomes` section (defaults when omitted)
 * @throws RangeError on a malformed date or a negative or non-finite total
 */
export function assessLossOfResponse(input: CourseOutcomeInput, config: OutcomesSection = outcomesDefaults): LossOfResponseAssessment {
  if (!isIsoDate(input.lastDosingDate)) throw new RangeError(`lastDosingDate "${input.lastDosingDate}" is not a YYYY-MM-DD date`);
  if (!Number.isFinite(input.baselineTotal) || input.baselineTotal < 0) {
    throw new RangeError(`baselineTotal must be a finite score >= 0, got ${input.baselineTotal}`);
  }
  for (const p of input.pcl5) {
    if (!isIsoDate(p.date)) throw new RangeError(`PCL-5 date "${p.date}" is not a YYYY-MM-DD date`);
    if (!Number.isFinite(p.total) || p.total < 0) throw new RangeError(`PCL-5 total must be a finite score >= 0, got ${p.total}`);
  }
  const after = input.pcl5
    .filter((p) => p.date > input.lastDosingDate)
    .map((p, index) => ({ p, index }))
    // Stable by date: two PCL-5s on one date keep their input order.
    .sort((a, b) => (a.p.date === b.p.date ? a.index - b.index : a.p.date < b.p.date ? -1 : 1))
    .map(({ p }) => p);
  const first = after[0];
  const none = { responseAssessment: null, loss: null, survival: null } as const;
  if (first === undefined) return Object.freeze({ responder: null, missingReason: 'no-pcl5-after-last-dosing', ...none });
  if (input.baselineTotal === 0) {
    return Object.freeze({ responder: null, missingReason: 'baseline-zero', ...none });
  }
  const assess = (p: DatedPcl5Total): AssessedPcl5 =>
    Object.freeze({
      ...p,
      reductionPercent: changeFromBaseline(input.baselineTotal, p.total).reductionPercent ?? 0,
      days: daysBetweenIsoDates(input.lastDosingDate, p.date),
    });
  const responseAssessment = assess(first);
  const responder = meetsReductionPercent(input.baselineTotal, first.total, config.response.reductionPercent.value) === true;
  if (!responder) return Object.freeze({ responder: false, responseAssessment, loss: null, survival: null });

  const later = after.slice(1);
  const lost = later.find(
    (p) => meetsReductionPercent(input.baselineTotal, p.total, config.lossOfResponse.reductionBelowPercent.value) === false,
  );
  if (lost !== undefined) {
    const loss = assess(lost);
    return Object.freeze({ responder: true, responseAssessment, loss, survival: Object.freeze({ days: loss.days, event: true }) });
  }
  const last = assess(later[later.length - 1] ?? first);
  return Object.freeze({ responder: true, responseAssessment, loss: null, survival: Object.freeze({ days: last.days, event: false }) });
}

/**
 * The survival durations of the responders among `courses`, ready for the Kaplan-Meier estimate
 * (non-responders and courses without a PCL-5 after the last dosing session are left out).
 */
export function collectLossOfResponseDurations(
  courses: readonly CourseOutcomeInput[],
  config: OutcomesSection = outcomesDefaults,
): SurvivalDuration[] {
  const out: SurvivalDuration[] = [];
  for (const c of courses) {
    const s = assessLossOfResponse(c, config).survival;
    if (s !== null) out.push(s);
  }
  return out;
}

/** The message of {@link lossOfResponseRule}, with the thresholds of the configuration passed. */
function describeLossOfResponse(a: LossOfResponseAssessment, config: OutcomesSection): string {
  const response = config.response.reductionPercent.value;
  const loss = config.lossOfResponse.reductionBelowPercent.value;
  if (a.missingReason === 'no-pcl5-after-last-dosing') return 'no PCL-5 after the last dosing session yet: responder status unknown';
  if (a.missingReason === 'baseline-zero') return 'baseline PCL-5 is 0: no percentage reduction, responder status unknown';
  const first = a.responseAssessment;
  if (first === null) return 'responder status unknown';
  const firstText = `first PCL-5 after the last dosing session (${first.date}, ${first.total}) is ${formatPercent(first.reductionPercent)}% below baseline`;
  if (a.responder !== true) return `${firstText}: less than ${response}%, not a responder`;
  if (a.loss !== null) {
    return `${firstText}: a responder (at least ${response}%); lost the response on ${a.loss.date}, ${a.loss.days} days after the last dosing session (${formatPercent(a.loss.reductionPercent)}%, below ${loss}%)`;
  }
  return `${firstText}: a responder (at least ${response}%); not below ${loss}% at any later PCL-5 (censored at ${a.survival?.days ?? first.days} days)`;
}

const DEFAULT_CONFIG: OutcomeRuleConfig = Object.freeze({ outcomes: outcomesDefaults });

/** Rule: responder status and loss of response. */
export const lossOfResponseRule = defineRule({
  id: 'outcomes.loss-of-response',
  // 2: evaluate takes { outcomes } and gives { value, message }
  version: '2',
  title: "Responder after the course, and loss of response: the first later PCL-5 below the protocol's loss-of-response percentage",
  sources: [outcomesDefaults.response.reductionPercent.provenance, outcomesDefaults.lossOfResponse.reductionBelowPercent.provenance],
  evaluate: (input: CourseOutcomeInput, config: OutcomeRuleConfig = DEFAULT_CONFIG): OutcomeRuleResult<LossOfResponseAssessment> => {
    const value = assessLossOfResponse(input, config.outcomes);
    return Object.freeze({ value, message: describeLossOfResponse(value, config.outcomes) });
  },
});
