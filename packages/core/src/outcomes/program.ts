/**
 * The program's outcomes (issue 24): how well a site's program works, computed from its courses so
 * that every figure a dashboard shows comes from core.
 *
 * - Flow: referred, screened, eligible, started, completed, withdrawn (with reasons) and lost to
 *   follow-up.
 * - Scores: PCL-5 and PHQ-9 means at baseline, end of course and the +7, +30 and +90 day
 *   follow-ups, GAD-7 at baseline (cohort statistics: mean with a t-based interval).
 * - Rates: response, remission and reliable improvement at the end of course and each follow-up,
 *   over the patients with both a baseline and that time point's PCL-5, the number started shown
 *   beside (protocol-defaults.md "outcome rates"), with a Wilson score interval ("rate confidence
 *   interval").
 * - Durability: the Kaplan-Meier estimate of time to loss of response among responders.
 * - Safety: adverse events per 100 sessions, blood-pressure alerts, minutes to discharge, pauses
 *   and early stops.
 * - Completeness: the share of scheduled questionnaires answered once their window has closed, over
 *   the started courses not withdrawn (a withdrawn patient is no longer asked).
 *
 * Small-cell suppression (protocol-defaults.md "smallest reported cohort"): when fewer courses than
 * `outcomes.reporting.smallestCohort` (5) have started, the summary gives counts only: no means,
 * rates, intervals or survival curve. Safety figures are counts of sessions and are never
 * suppressed.
 *
 * @module
 */
import { DOSING_ROUTES, type DosingRoute } from '../session/routes.js';
import { isIsoDate } from '../calendar/iso-date.js';
import { ENROLLMENT_STATES } from '../screening/enrollment-steps.js';
import { measurementTasks, type MeasurementTask, type ResponseForTask } from '../measures/measurement-tasks.js';
import { CITATIONS } from '../protocol-config/citations.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { outcomesDefaults, type OutcomeBenchmark, type OutcomesSection } from '../protocol-config/sections/outcomes.js';
import type { ScheduledMeasure } from '../protocols/schedule.js';
import type { FollowUpOffset, MeasurePurpose } from '../protocols/templates.js';
import { defineRule } from '../rules/rule.js';
import {
  assessReliableImprovement,
  assessRemission,
  assessResponse,
  reliableImprovementRule,
  remissionRule,
  responseRule,
} from './change.js';
import { estimateKaplanMeier, kaplanMeierMethod, type SurvivalDuration } from './kaplan-meier.js';
import { assessLossOfResponse, lossOfResponseRule } from './loss-of-response.js';
import { cohortStatisticsMethod, standardNormalQuantile, summarizeSample } from './statistics.js';

/** The time points of a course's outcomes: baseline, end of course, and the three follow-ups (+7, +30, +90 days by default). */
export const PROGRAM_TIME_POINTS = ['baseline', 'end-of-course', 'plus-7', 'plus-30', 'plus-90'] as const;

/** One of {@link PROGRAM_TIME_POINTS}. */
export type ProgramTimePoint = (typeof PROGRAM_TIME_POINTS)[number];

/** The questionnaires the program report reads: PCL-5 (past-week and past-month forms are both `pcl5`), PHQ-9, GAD-7. */
export type ProgramInstrument = 'pcl5' | 'phq9' | 'gad7';

/** A confidence interval, in the unit of its estimate (a score, or a share 0 to 1 for a rate). */
export interface ProgramInterval {
  readonly lower: number;
  readonly upper: number;
}

/** The time points the rates are reported at (every time point after baseline). */
const RATE_TIME_POINTS: readonly ProgramTimePoint[] = ['end-of-course', 'plus-7', 'plus-30', 'plus-90'];

const OFFSET_TIME_POINT: Readonly<Record<FollowUpOffset, ProgramTimePoint>> = Object.freeze({
  week: 'plus-7',
  month: 'plus-30',
  quarter: 'plus-90',
});

/** Questionnaire ids of the stored responses the report reads, by the instrument they report as. */
const PROGRAM_INSTRUMENT_OF: Readonly<Record<string, ProgramInstrument>> = Object.freeze({
  'pcl5-week': 'pcl5',
  'pcl5-month': 'pcl5',
  phq9: 'phq9',
  gad7: 'gad7',
});

const PROGRAM_INSTRUMENTS: readonly ProgramInstrument[] = ['pcl5', 'phq9', 'gad7'];

function programInstrumentOf(instrument: string): ProgramInstrument | undefined {
  return Object.prototype.hasOwnProperty.call(PROGRAM_INSTRUMENT_OF, instrument) ? PROGRAM_INSTRUMENT_OF[instrument] : undefined;
}

/**
 * Wilson score interval of a proportion, without continuity correction (protocol-defaults.md "rate
 * confidence interval"; Newcombe, Statistics in Medicine 1998, method 3):
 * (p + z^2/2n -/+ z sqrt(p(1 - p)/n + z^2/4n^2)) / (1 + z^2/n), with p = events/n and z the
 * standard normal quantile of the level (1.96 for 95 %). It stays inside 0 to 1 and is not
 * degenerate at 0 or n events: 0 of 20 gives 0 to 0.1611.
 *
 * @param events number of events, a whole number 0 to n
 * @param n number of patients, a whole number >= 0
 * @param levelPercent interval level in percent, default `outcomes.statistics.confidenceLevelPercent` (95)
 * @returns the interval as shares 0 to 1; null when n = 0 (no proportion)
 * @throws RangeError when events or n is negative or not a whole number, events > n, or the level is not in (0, 100)
 */
export function wilsonInterval(
  events: number,
  n: number,
  levelPercent: number = outcomesDefaults.statistics.confidenceLevelPercent.value,
): ProgramInterval | null {
  if (!Number.isInteger(events) || events < 0) throw new RangeError(`wilsonInterval: events must be a whole number >= 0, got ${events}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a whole number >= 0, got ${n}`);
  if (events > n) throw new RangeError(`wilsonInterval: events (${events}) must not exceed n (${n})`);
  if (!(levelPercent > 0 && levelPercent < 100))
    throw new RangeError(`wilsonInterval: level must be in (0, 100) percent, got ${levelPercent}`);
  if (n === 0) return null;
  const z = standardNormalQuantile(1 - (1 - levelPercent / 100) / 2);
  const p = events / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 and n events the bound is exactly 0 and 1; rounding must not leave -1e-17.
  return Object.freeze({
    lower: events === 0 ? 0 : Math.max(0, centre - half),
    upper: events === n ? 1 : Math.min(1, centre + half),
  });
}

/** Method metadata of the rate confidence interval. */
export const wilsonIntervalMethod = defineRule({
  id: 'outcomes.wilson-interval',
  version: '1',
  title: 'Rate confidence interval: Wilson score interval without continuity correction',
  sources: [
    /* protocol-defaults.md: rate confidence interval */ siteDefault(
      'statistical convention: Wilson score interval for rates (Newcombe, Statistics in Medicine 1998, method 3)',
    ),
  ],
  evaluate: wilsonInterval,
});

/**
 * The program time points a scheduled measure (or a measurement task) stands for: `baseline` for
 * purpose baseline, `end-of-course` for purpose end-of-course, and its follow-up offsets week,
 * month and quarter for `plus-7`, `plus-30` and `plus-90` (whatever number of days the site
 * sets, and wherever the date moved). Dosing-day and mid-course measures stand for none (a
 * series' infusion 1 is also the baseline, so it stands for `baseline`). In
 * {@link PROGRAM_TIME_POINTS} order, each once.
 */
export function programTimePointsOf(m: {
  readonly purposes: readonly MeasurePurpose[];
  readonly offsets: readonly FollowUpOffset[];
}): ProgramTimePoint[] {
  const found = new Set<ProgramTimePoint>();
  if (m.purposes.includes('baseline')) found.add('baseline');
  if (m.purposes.includes('end-of-course')) found.add('end-of-course');
  for (const o of m.offsets) found.add(OFFSET_TIME_POINT[o]);
  return PROGRAM_TIME_POINTS.filter((t) => found.has(t));
}

/** A stored questionnaire response with its total (PCL-5, PHQ-9 or GAD-7; others are ignored). */
export interface ProgramResponse extends ResponseForTask {
  /** The questionnaire's total score (PCL-5 0 to 80, PHQ-9 0 to 27, GAD-7 0 to 21). */
  readonly total: number;
}

/** One enrollment (a course) as the server gathers it; no identifiers. */
export interface ProgramCourseInput {
  /** Enrollment state: referred, screening, eligible, ineligible, scheduled, in-treatment, follow-up, completed, withdrawn. */
  readonly state: string;
  /** A screening decision was recorded. */
  readonly screened: boolean;
  /** The screening decision was eligible (at any time). */
  readonly eligible: boolean;
  /** Its first dosing session's infusion started. */
  readonly started: boolean;
  /** The reason given when withdrawn; null otherwise. */
  readonly withdrawnReason: string | null;
  /** The booked course's measurement schedule (generateSchedule(...).measures); empty when no course is booked. */
  readonly measures: readonly ScheduledMeasure[];
  /** The patient's PCL-5 / PHQ-9 / GAD-7 responses with totals. */
  readonly responses: readonly ProgramResponse[];
  /** Site-local date of the last dosing session's infusion start (discharged sessions); null before any. */
  readonly lastDosingDate: string | null;
}

/** One dosing session whose infusion started. */
export interface ProgramSessionInput {
  readonly adverseEvents: readonly { readonly kind: string; readonly severity: 'mild' | 'moderate' | 'severe' }[];
  /** The highest blood-pressure alert level the session reached: 'none' | 'warn' | 'pause' | 'escalate'. */
  readonly bloodPressureLevel: 'none' | 'warn' | 'pause' | 'escalate';
  /** Minutes from the infusion's end to discharge; null when not discharged or no end. */
  readonly dischargeMinutes: number | null;
  readonly paused: boolean;
  /** Stopped before the ordered infusion time (or aborted after starting). */
  readonly stoppedEarly: boolean;
  /** How the dose was given (IV when absent). */
  readonly route?: DosingRoute;
}

/** The protocol configuration the summary reads: the `outcomes` section (a site's `config.outcomes`). */
export type ProgramOutcomesConfig = Pick<
  OutcomesSection,
  'measureWindow' | 'reporting' | 'response' | 'remission' | 'reliableImprovement' | 'lossOfResponse' | 'statistics'
>;

/** Who came through the program: counts of courses. */
export interface ProgramFlow {
  /** Every course given. */
  readonly referred: number;
  /** A screening decision was recorded. */
  readonly screened: number;
  /** The screening decision was eligible. */
  readonly eligible: number;
  /** The first dosing session's infusion started. */
  readonly started: number;
  /** State `completed` (the last follow-up window has closed). */
  readonly completed: number;
  /** State `withdrawn`. */
  readonly withdrawn: number;
  /** Withdrawals by reason (trimmed; none or blank reads "no reason recorded"), by count descending, then reason. */
  readonly withdrawnReasons: { readonly reason: string; readonly count: number }[];
  /** Started, not withdrawn, the +90 PCL-5 overdue and neither the +30 nor the +90 PCL-5 answered. */
  readonly lostToFollowUp: number;
}

/** A score at a time point: n answered, and (unless suppressed) mean, sample SD and t-based interval. */
export interface ProgramMean {
  readonly timePoint: ProgramTimePoint;
  /** Started courses with an answer at this time point. */
  readonly n: number;
  /** Null when suppressed or n = 0. */
  readonly mean: number | null;
  /** Sample SD (n - 1); null when suppressed or n < 2. */
  readonly sd: number | null;
  /** t-based interval of the mean (n - 1 degrees of freedom); null when suppressed or n < 2. */
  readonly ci: ProgramInterval | null;
}

/** The rates of the report. */
export type ProgramRateId = 'response' | 'remission' | 'reliable-improvement';

/** A rate at a time point: `events` of `n`, with its Wilson interval. */
export interface ProgramRate {
  readonly id: ProgramRateId;
  readonly timePoint: ProgramTimePoint;
  readonly events: number;
  /** Started courses with both a baseline and this time point's PCL-5 (and, for response and remission, a baseline above 0). */
  readonly n: number;
  /** events / n, a share 0 to 1; null when suppressed or n = 0. */
  readonly rate: number | null;
  /** Wilson score interval, shares 0 to 1; null when suppressed or n = 0. */
  readonly ci: ProgramInterval | null;
  /** Courses started, shown beside the denominator. */
  readonly started: number;
}

/** A point of the loss-of-response curve (see {@link estimateKaplanMeier}). */
export interface ProgramSurvivalPoint {
  /** Days from the last dosing session. */
  readonly days: number;
  /** Share still responding, 0 to 1. */
  readonly survival: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly atRisk: number;
  readonly events: number;
}

/** Time to loss of response among responders. */
export interface ProgramDurability {
  /** Responders (the first PCL-5 after the last dosing session met the response criterion). */
  readonly responders: number;
  /** Responders who lost the response. */
  readonly events: number;
  /** Median days to loss of response and its interval; null where not reached. */
  readonly median: { readonly days: number | null; readonly lower: number | null; readonly upper: number | null };
  /** Day 0 and each distinct day a response was lost, ascending (see {@link estimateKaplanMeier}). */
  readonly curve: ProgramSurvivalPoint[];
  /**
   * Responders still responding at their last PCL-5 (censored there), by day, ascending: where the
   * curve's censor marks are drawn, the last one its last follow-up (see `durabilityPlot`).
   */
  readonly censored: { readonly days: number; readonly count: number }[];
}

/** Adverse events of one kind and severity. */
export interface ProgramAdverseEventCount {
  readonly kind: string;
  readonly severity: 'mild' | 'moderate' | 'severe';
  readonly count: number;
  /** count x 100 / sessions; null when there are no sessions. */
  readonly per100Sessions: number | null;
}

/** Safety of the dosing sessions whose infusion started. Counts: never suppressed. */
export interface ProgramSafety {
  readonly sessions: number;
  readonly adverseEvents: {
    readonly total: number;
    /** total x 100 / sessions; null when there are no sessions. */
    readonly per100Sessions: number | null;
    /** By count descending, then kind, then severity (mild, moderate, severe). */
    readonly byKind: ProgramAdverseEventCount[];
  };
  /** Sessions whose highest blood-pressure level was `warn`; sessions that reached `pause` or `escalate`. */
  readonly bloodPressure: { readonly warningSessions: number; readonly pauseSessions: number };
  /** Minutes from the infusion's end to discharge: median and quartiles (R type 7); null when n = 0. */
  readonly dischargeMinutes: { readonly n: number; readonly median: number | null; readonly q1: number | null; readonly q3: number | null };
  readonly pausedSessions: number;
  readonly stoppedEarlySessions: number;
  /** The sessions by how the dose was given, in the order IV, IM, oral/sublingual; a route with none left out. */
  readonly sessionsByRoute: { readonly route: DosingRoute; readonly sessions: number }[];
}

/** The questionnaires answered at a time point, of those whose window has closed or that were answered. */
export interface ProgramCompleteness {
  readonly timePoint: ProgramTimePoint;
  readonly instrument: ProgramInstrument;
  /** Tasks done or overdue. */
  readonly due: number;
  /** Tasks done. */
  readonly answered: number;
  /** answered / due, 0 to 1; null when due = 0. */
  readonly share: number | null;
}

/** The program's outcomes: see the module description. */
export interface ProgramOutcomesSummary {
  /** Fewer courses started than `smallestCohort`: counts only. */
  readonly suppressed: boolean;
  /** `outcomes.reporting.smallestCohort` of the configuration used. */
  readonly smallestCohort: number;
  /** `outcomes.statistics.confidenceLevelPercent` of the configuration used: the level of every interval (95 by default). */
  readonly confidenceLevelPercent: number;
  readonly flow: ProgramFlow;
  /** PCL-5 and PHQ-9 at every time point, GAD-7 at baseline. */
  readonly scores: { readonly pcl5: ProgramMean[]; readonly phq9: ProgramMean[]; readonly gad7: ProgramMean[] };
  /** Per rate id, per time point after baseline. */
  readonly rates: ProgramRate[];
  /** Null when suppressed or no responder. */
  readonly durability: ProgramDurability | null;
  readonly safety: ProgramSafety;
  /** Per time point and instrument scheduled there in some started course. */
  readonly completeness: ProgramCompleteness[];
  /** The rules and methods the figures follow, with their versions. */
  readonly rules: { readonly id: string; readonly version: string }[];
}

/** Enrollment states (protocol-defaults.md "enrollment states"); a course in any other state counts in `referred` only. */
const KNOWN_STATES: ReadonlySet<string> = new Set(ENROLLMENT_STATES);

const NO_REASON = 'no reason recorded';

/**
 * A course's value at a time point: the total of the response that fulfilled that time point's
 * task for the instrument (when two tasks stand for one time point, the earlier one's answer).
 */
export interface ProgramCourseValue {
  readonly timePoint: ProgramTimePoint;
  readonly instrument: ProgramInstrument;
  /** The questionnaire's total (PCL-5 0 to 80, PHQ-9 0 to 27, GAD-7 0 to 21). */
  readonly total: number;
}

/**
 * A questionnaire task of a course at a time point, as completeness counts it: answered, or not
 * (then it is overdue once the site's today is after `dueBy`, which the reader decides, since
 * today moves). A task that stands for two time points is listed once for each.
 */
export interface ProgramCourseTask {
  readonly timePoint: ProgramTimePoint;
  readonly instrument: ProgramInstrument;
  /** The last day of the task's window, `YYYY-MM-DD` (site-local). */
  readonly dueBy: string;
  readonly answered: boolean;
}

/**
 * What core evaluated of one course, whatever the day: every figure of the program summary is an
 * aggregate of these facts (and of the sessions' facts) over the filtered courses, with today only
 * deciding which unanswered tasks are overdue. A store may keep them per course and aggregate them
 * in SQL ({@link summarizeProgramAggregates}); {@link summarizeProgramOutcomes} aggregates them in
 * memory ({@link aggregateProgramFacts}), so both give the same summary.
 */
export interface ProgramCourseFacts {
  /** The enrollment state, as given. */
  readonly state: string;
  readonly screened: boolean;
  readonly eligible: boolean;
  readonly started: boolean;
  /** The reason given when withdrawn, as given (the summary trims it); null otherwise. */
  readonly withdrawnReason: string | null;
  /** Started courses in an enrollment state only: the value per time point and instrument answered (none otherwise). */
  readonly values: readonly ProgramCourseValue[];
  /** Started courses in an enrollment state, not withdrawn (a withdrawn patient is no longer asked): the tasks completeness counts. */
  readonly tasks: readonly ProgramCourseTask[];
  /**
   * Lost to follow-up once today is after this date (`YYYY-MM-DD`): the earliest last day of an
   * unanswered +90 PCL-5 task, when no +30 or +90 PCL-5 task was answered. Null when the course
   * cannot be lost (not started, withdrawn, not in an enrollment state, answered at +30 or +90, or
   * no +90 PCL-5 task).
   */
  readonly lostToFollowUpAfter: string | null;
  /** A responder's time to loss of response (event) or to the last PCL-5 (censored), days from the last dosing session; null otherwise. */
  readonly survival: SurvivalDuration | null;
}

/** A count of courses with the same flow facts. */
export interface ProgramFlowCount {
  readonly state: string;
  readonly screened: boolean;
  readonly eligible: boolean;
  readonly started: boolean;
  /** As given (untrimmed); null when not withdrawn or none given. */
  readonly withdrawnReason: string | null;
  /** Courses, a whole number > 0. */
  readonly count: number;
}

/**
 * The small rows a store aggregates the courses' and sessions' facts to, on a given site day; the
 * summary's every figure is computed from them by {@link summarizeProgramAggregates}. All counts are
 * whole numbers >= 0; the lists may come in any order and a key may repeat (its counts add up).
 */
export interface ProgramAggregates {
  /** The courses by their flow facts. */
  readonly courses: readonly ProgramFlowCount[];
  /** Courses whose `lostToFollowUpAfter` is before today. */
  readonly lostToFollowUp: number;
  /** Histogram of the courses' values: courses with `total` at a time point and instrument. */
  readonly values: readonly (ProgramCourseValue & { readonly count: number })[];
  /** Histogram of PCL-5 pairs: courses with baseline `baselineTotal` and `total` at `timePoint` (after baseline). */
  readonly pcl5Pairs: readonly {
    readonly timePoint: ProgramTimePoint;
    readonly baselineTotal: number;
    readonly total: number;
    readonly count: number;
  }[];
  /** Histogram of the responders' survival: courses with `days` and `event`. */
  readonly survival: readonly { readonly days: number; readonly event: boolean; readonly count: number }[];
  /** Per time point and instrument with at least one task: tasks answered or overdue (`due`) and answered. */
  readonly completeness: readonly {
    readonly timePoint: ProgramTimePoint;
    readonly instrument: ProgramInstrument;
    readonly due: number;
    readonly answered: number;
  }[];
  readonly safety: ProgramSafetyAggregates;
}

/** The sessions whose infusion started, aggregated. */
export interface ProgramSafetyAggregates {
  readonly sessions: number;
  /** Adverse events by kind and severity; another severity is ignored. */
  readonly adverseEvents: readonly { readonly kind: string; readonly severity: string; readonly count: number }[];
  /** Sessions by the highest blood-pressure alert level they reached. */
  readonly bloodPressure: readonly { readonly level: ProgramSessionInput['bloodPressureLevel']; readonly count: number }[];
  /** Histogram of the minutes from the infusion's end to discharge (discharged sessions with an end). */
  readonly dischargeMinutes: readonly { readonly minutes: number; readonly count: number }[];
  readonly pausedSessions: number;
  readonly stoppedEarlySessions: number;
  /** Sessions by route (a route with none may be absent). */
  readonly sessionsByRoute: readonly { readonly route: DosingRoute; readonly count: number }[];
}

const valueKey = (timePoint: ProgramTimePoint, instrument: ProgramInstrument): string => `${timePoint}:${instrument}`;

function requireResponseTotals(course: ProgramCourseInput): void {
  for (const r of course.responses) {
    if (programInstrumentOf(r.instrument) === undefined) continue;
    if (typeof r.total !== 'number' || !Number.isFinite(r.total) || r.total < 0) {
      throw new RangeError(`response ${r.id} (${r.instrument}): total must be a finite score >= 0, got ${String(r.total)}`);
    }
  }
}

/**
 * Task matching does not depend on the day (only a task's state does, which the facts leave to the
 * reader as `answered` and `dueBy`): any valid date serves as `today`.
 */
const ANY_DAY = '2000-01-01';

/**
 * Evaluates one course into the facts the program summary aggregates (see
 * {@link ProgramCourseFacts}): its tasks ({@link measurementTasks} matches its responses to its
 * booked schedule), its value per time point and instrument, whether it can be lost to follow-up
 * and from when, and a responder's survival ({@link assessLossOfResponse}). Independent of the day.
 *
 * @param course one course as gathered (see {@link ProgramCourseInput})
 * @param config the site's `outcomes` section (measure windows, response and loss-of-response thresholds)
 * @throws RangeError when a PCL-5, PHQ-9 or GAD-7 total is negative or not finite (the error names the response), or a date is malformed
 */
export function evaluateProgramCourse(course: ProgramCourseInput, config: ProgramOutcomesConfig): ProgramCourseFacts {
  requireResponseTotals(course);
  const flow = {
    state: course.state,
    screened: course.screened,
    eligible: course.eligible,
    started: course.started,
    withdrawnReason: course.withdrawnReason,
  };
  if (!KNOWN_STATES.has(course.state) || !course.started) {
    return Object.freeze({ ...flow, values: [], tasks: [], lostToFollowUpAfter: null, survival: null });
  }
  const responses = course.responses.filter((r) => programInstrumentOf(r.instrument) !== undefined);
  const totals = new Map(responses.map((r) => [r.id, r.total]));
  const tasks: { task: MeasurementTask; instrument: ProgramInstrument; timePoints: readonly ProgramTimePoint[] }[] = [];
  for (const task of measurementTasks(course.measures, responses, ANY_DAY, config)) {
    const instrument = programInstrumentOf(task.instrument);
    const timePoints = programTimePointsOf(task);
    if (instrument !== undefined && timePoints.length > 0) tasks.push({ task, instrument, timePoints });
  }
  const answered = (task: MeasurementTask): boolean => task.responseId !== null;
  // Tasks come by date: when two tasks stand for one time point, the earlier answer is its value.
  const values = new Map<string, ProgramCourseValue>();
  for (const { task, instrument, timePoints } of tasks) {
    const total = task.responseId === null ? undefined : totals.get(task.responseId);
    if (total === undefined) continue;
    for (const timePoint of timePoints) {
      const key = valueKey(timePoint, instrument);
      if (!values.has(key)) values.set(key, Object.freeze({ timePoint, instrument, total }));
    }
  }
  const withdrawn = course.state === 'withdrawn';
  // Lost to follow-up (protocol-defaults.md "outcome rates": no PCL-5 answered in the +30 or the +90
  // window): a +90 PCL-5 task whose window has closed unanswered, and no +30 or +90 PCL-5 answered.
  // A course still inside its +90 window is not (yet) lost; a withdrawn course is counted as
  // withdrawn, not also as lost.
  const pcl5At = (t: ProgramTimePoint) => tasks.filter((x) => x.instrument === 'pcl5' && x.timePoints.includes(t)).map((x) => x.task);
  const plus90 = pcl5At('plus-90');
  const followedUp = [...pcl5At('plus-30'), ...plus90].some(answered);
  const unansweredPlus90 = plus90
    .filter((t) => !answered(t))
    .map((t) => t.dueBy)
    .sort();
  const lostToFollowUpAfter = withdrawn || followedUp ? null : (unansweredPlus90[0] ?? null);

  let survival: SurvivalDuration | null = null;
  const baselineTotal = values.get(valueKey('baseline', 'pcl5'))?.total;
  if (baselineTotal !== undefined && course.lastDosingDate !== null) {
    const pcl5 = responses
      .filter((r) => programInstrumentOf(r.instrument) === 'pcl5')
      .map((r) => ({ date: r.completedDate, total: r.total }));
    survival = assessLossOfResponse({ baselineTotal, lastDosingDate: course.lastDosingDate, pcl5 }, config).survival;
  }
  return Object.freeze({
    ...flow,
    values: [...values.values()],
    tasks: withdrawn
      ? []
      : tasks.flatMap(({ task, instrument, timePoints }) =>
          timePoints.map((timePoint) => Object.freeze({ timePoint, instrument, dueBy: task.dueBy, answered: answered(task) })),
        ),
    lostToFollowUpAfter,
    survival: survival === null ? null : Object.freeze({ days: survival.days, event: survival.event }),
  });
}

/** Adds `count` to the entry of `key` in `map`, creating it from `make`. */
function tally<T extends { count: number }>(map: Map<string, T>, key: string, make: () => T, count = 1): void {
  const entry = map.get(key);
  if (entry === undefined) map.set(key, { ...make(), count });
  else entry.count += count;
}

/**
 * The aggregates of courses' facts and sessions on a site day, in memory: what a store's SQL gives
 * for the same courses (see {@link ProgramAggregates}).
 *
 * @param facts one per course ({@link evaluateProgramCourse})
 * @param sessions the dosing sessions of those courses whose infusion started
 * @param today the site-local date, `YYYY-MM-DD`: a task unanswered after its `dueBy` is overdue
 * @throws RangeError when `today` is malformed
 */
export function aggregateProgramFacts(
  facts: readonly ProgramCourseFacts[],
  sessions: readonly ProgramSessionInput[],
  today: string,
): ProgramAggregates {
  if (!isIsoDate(today)) throw new RangeError(`today "${today}" is not a YYYY-MM-DD date`);
  type Mutable<T> = { -readonly [K in keyof T]: T[K] };
  const courses = new Map<string, Mutable<ProgramFlowCount>>();
  const values = new Map<string, Mutable<ProgramCourseValue & { count: number }>>();
  const pairs = new Map<string, Mutable<ProgramAggregates['pcl5Pairs'][number]>>();
  const survival = new Map<string, Mutable<ProgramAggregates['survival'][number]>>();
  const cells = new Map<string, { timePoint: ProgramTimePoint; instrument: ProgramInstrument; due: number; answered: number }>();
  let lostToFollowUp = 0;
  for (const f of facts) {
    const flow = { state: f.state, screened: f.screened, eligible: f.eligible, started: f.started, withdrawnReason: f.withdrawnReason };
    tally(courses, JSON.stringify(flow), () => ({ ...flow, count: 0 }));
    if (f.lostToFollowUpAfter !== null && f.lostToFollowUpAfter < today) lostToFollowUp++;
    const baseline = f.values.find((v) => v.timePoint === 'baseline' && v.instrument === 'pcl5');
    for (const v of f.values) {
      tally(values, JSON.stringify([v.timePoint, v.instrument, v.total]), () => ({ ...v, count: 0 }));
      if (baseline !== undefined && v.instrument === 'pcl5' && v.timePoint !== 'baseline') {
        const pair = { timePoint: v.timePoint, baselineTotal: baseline.total, total: v.total };
        tally(pairs, JSON.stringify(pair), () => ({ ...pair, count: 0 }));
      }
    }
    if (f.survival !== null) {
      const s = { days: f.survival.days, event: f.survival.event };
      tally(survival, JSON.stringify(s), () => ({ ...s, count: 0 }));
    }
    for (const t of f.tasks) {
      const key = valueKey(t.timePoint, t.instrument);
      const cell = cells.get(key) ?? { timePoint: t.timePoint, instrument: t.instrument, due: 0, answered: 0 };
      if (t.answered || t.dueBy < today) cell.due++;
      if (t.answered) cell.answered++;
      cells.set(key, cell);
    }
  }
  const adverse = new Map<string, { kind: string; severity: string; count: number }>();
  const bloodPressure = new Map<string, { level: ProgramSessionInput['bloodPressureLevel']; count: number }>();
  const minutes = new Map<string, { minutes: number; count: number }>();
  for (const s of sessions) {
    for (const ae of s.adverseEvents) tally(adverse, JSON.stringify([ae.kind, ae.severity]), () => ({ ...ae, count: 0 }));
    tally(bloodPressure, s.bloodPressureLevel, () => ({ level: s.bloodPressureLevel, count: 0 }));
    if (s.dischargeMinutes !== null) {
      const m = s.dischargeMinutes;
      tally(minutes, String(m), () => ({ minutes: m, count: 0 }));
    }
  }
  return Object.freeze({
    courses: [...courses.values()],
    lostToFollowUp,
    values: [...values.values()],
    pcl5Pairs: [...pairs.values()],
    survival: [...survival.values()],
    completeness: [...cells.values()],
    safety: Object.freeze({
      sessions: sessions.length,
      adverseEvents: [...adverse.values()],
      bloodPressure: [...bloodPressure.values()],
      dischargeMinutes: [...minutes.values()],
      pausedSessions: sessions.filter((s) => s.paused).length,
      stoppedEarlySessions: sessions.filter((s) => s.stoppedEarly).length,
      sessionsByRoute: DOSING_ROUTES.map((route) => ({ route, count: sessions.filter((s) => (s.route ?? 'IV') === route).length })).filter(
        (r) => r.count > 0,
      ),
    }),
  });
}

function requireCount(count: number, what: string): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${what}: a count must be a whole number >= 0, got ${count}`);
}

/** The values of a histogram, in ascending order, each repeated `count` times. */
function expandHistogram(bins: readonly { readonly value: number; readonly count: number }[], what: string): number[] {
  const sorted = [...bins].sort((a, b) => a.value - b.value);
  let n = 0;
  for (const b of sorted) {
    requireCount(b.count, what);
    n += b.count;
  }
  // Filled a bin at a time (natively): a site's histograms expand to some million values.
  const out = new Array<number>(n).fill(0);
  let at = 0;
  for (const b of sorted) {
    out.fill(b.value, at, at + b.count);
    at += b.count;
  }
  return out;
}

function summarizeFlow(a: ProgramAggregates): ProgramFlow {
  let referred = 0;
  const counts = { screened: 0, eligible: 0, started: 0, completed: 0, withdrawn: 0 };
  const reasons = new Map<string, number>();
  for (const c of a.courses) {
    requireCount(c.count, 'courses');
    referred += c.count;
    if (!KNOWN_STATES.has(c.state)) continue;
    if (c.screened) counts.screened += c.count;
    if (c.eligible) counts.eligible += c.count;
    if (c.started) counts.started += c.count;
    if (c.state === 'completed') counts.completed += c.count;
    if (c.state !== 'withdrawn') continue;
    counts.withdrawn += c.count;
    const reason = c.withdrawnReason === null || c.withdrawnReason.trim() === '' ? NO_REASON : c.withdrawnReason.trim();
    reasons.set(reason, (reasons.get(reason) ?? 0) + c.count);
  }
  requireCount(a.lostToFollowUp, 'lostToFollowUp');
  const withdrawnReasons = [...reasons.entries()]
    .map(([reason, n]) => Object.freeze({ reason, count: n }))
    .sort((x, y) => y.count - x.count || (x.reason < y.reason ? -1 : x.reason > y.reason ? 1 : 0));
  return Object.freeze({ referred, ...counts, withdrawnReasons, lostToFollowUp: a.lostToFollowUp });
}

function summarizeMean(
  timePoint: ProgramTimePoint,
  values: readonly number[],
  suppressed: boolean,
  confidenceLevelPercent: number,
): ProgramMean {
  const s = summarizeSample(values, confidenceLevelPercent);
  if (suppressed) return Object.freeze({ timePoint, n: s.n, mean: null, sd: null, ci: null });
  return Object.freeze({
    timePoint,
    n: s.n,
    mean: s.mean,
    sd: s.sd,
    ci: s.ci === null ? null : Object.freeze({ lower: s.ci.lower, upper: s.ci.upper }),
  });
}

const RATE_RULES: readonly {
  readonly id: ProgramRateId;
  readonly assess: (baselineTotal: number, currentTotal: number, config: OutcomesSection) => boolean | null;
}[] = [
  { id: 'response', assess: (baselineTotal, currentTotal, config) => assessResponse({ baselineTotal, currentTotal }, config) },
  { id: 'remission', assess: (baselineTotal, currentTotal, config) => assessRemission({ baselineTotal, currentTotal }, config) },
  {
    id: 'reliable-improvement',
    assess: (baselineTotal, currentTotal, config) => assessReliableImprovement({ baselineTotal, currentTotal }, config),
  },
];

/** Linear-interpolation quantile of sorted values (R type 7, Hyndman and Fan 1996): x[h] with h = (n - 1) p, interpolated. */
function quantileType7(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] ?? 0;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] ?? below;
  return below + (h - lo) * (above - below);
}

const SEVERITY_ORDER = ['mild', 'moderate', 'severe'] as const;
const isSeverity = (s: string): s is ProgramAdverseEventCount['severity'] => (SEVERITY_ORDER as readonly string[]).includes(s);

function summarizeSafety(a: ProgramSafetyAggregates): ProgramSafety {
  const n = a.sessions;
  requireCount(n, 'sessions');
  const per100 = (count: number): number | null => (n === 0 ? null : (count * 100) / n);
  const byKind = new Map<string, { kind: string; severity: ProgramAdverseEventCount['severity']; count: number }>();
  let total = 0;
  for (const ae of a.adverseEvents) {
    requireCount(ae.count, 'adverse events');
    const severity = ae.severity;
    if (!isSeverity(severity) || ae.count === 0) continue;
    total += ae.count;
    tally(byKind, JSON.stringify([ae.kind, severity]), () => ({ kind: ae.kind, severity, count: 0 }), ae.count);
  }
  for (const m of a.dischargeMinutes) {
    if (!Number.isFinite(m.minutes) || m.minutes < 0) {
      throw new RangeError(`dischargeMinutes must be a finite number of minutes >= 0, got ${m.minutes}`);
    }
  }
  const minutes = expandHistogram(
    a.dischargeMinutes.map((m) => ({ value: m.minutes, count: m.count })),
    'discharge minutes',
  );
  const sessionsAt = (levels: readonly ProgramSessionInput['bloodPressureLevel'][]): number =>
    a.bloodPressure.filter((b) => levels.includes(b.level)).reduce((sum, b) => sum + b.count, 0);
  return Object.freeze({
    sessions: n,
    adverseEvents: Object.freeze({
      total,
      per100Sessions: per100(total),
      byKind: [...byKind.values()]
        .sort(
          (x, y) =>
            y.count - x.count ||
            (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) ||
            SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity),
        )
        .map((e) => Object.freeze({ ...e, per100Sessions: per100(e.count) })),
    }),
    bloodPressure: Object.freeze({ warningSessions: sessionsAt(['warn']), pauseSessions: sessionsAt(['pause', 'escalate']) }),
    dischargeMinutes: Object.freeze({
      n: minutes.length,
      median: quantileType7(minutes, 0.5),
      q1: quantileType7(minutes, 0.25),
      q3: quantileType7(minutes, 0.75),
    }),
    pausedSessions: a.pausedSessions,
    stoppedEarlySessions: a.stoppedEarlySessions,
    sessionsByRoute: DOSING_ROUTES.flatMap((route) => {
      const count = a.sessionsByRoute.filter((r) => r.route === route).reduce((sum, r) => sum + r.count, 0);
      return count === 0 ? [] : [Object.freeze({ route, sessions: count })];
    }),
  });
}

function summarizeCompleteness(a: ProgramAggregates): ProgramCompleteness[] {
  const cells = new Map<string, { due: number; answered: number }>();
  for (const c of a.completeness) {
    requireCount(c.due, 'completeness');
    requireCount(c.answered, 'completeness');
    const cell = cells.get(valueKey(c.timePoint, c.instrument)) ?? { due: 0, answered: 0 };
    cell.due += c.due;
    cell.answered += c.answered;
    cells.set(valueKey(c.timePoint, c.instrument), cell);
  }
  return PROGRAM_TIME_POINTS.flatMap((timePoint) =>
    PROGRAM_INSTRUMENTS.flatMap((instrument) => {
      const cell = cells.get(valueKey(timePoint, instrument));
      if (cell === undefined) return [];
      return [Object.freeze({ timePoint, instrument, ...cell, share: cell.due === 0 ? null : cell.answered / cell.due })];
    }),
  );
}

function summarizeDurability(a: ProgramAggregates, config: ProgramOutcomesConfig): ProgramDurability | null {
  const durations: SurvivalDuration[] = [];
  const bins = [...a.survival].sort((x, y) => x.days - y.days || Number(x.event) - Number(y.event));
  for (const b of bins) {
    requireCount(b.count, 'survival');
    for (let i = 0; i < b.count; i++) durations.push({ days: b.days, event: b.event });
  }
  if (durations.length === 0) return null;
  const km = estimateKaplanMeier(durations, config.statistics.confidenceLevelPercent.value);
  const censored: { days: number; count: number }[] = [];
  for (const d of durations) {
    if (d.event) continue;
    const last = censored.at(-1);
    if (last?.days === d.days) last.count += 1;
    else censored.push({ days: d.days, count: 1 });
  }
  return Object.freeze({
    responders: durations.length,
    events: km.events,
    median: Object.freeze({ ...km.median }),
    curve: km.curve.map((p) =>
      Object.freeze({ days: p.days, survival: p.survival, lower: p.lower, upper: p.upper, atRisk: p.atRisk, events: p.events }),
    ),
    censored: censored.map((c) => Object.freeze(c)),
  });
}

/** Method metadata of the program outcomes summary. */
export const programSummaryMethod = defineRule({
  id: 'outcomes.program-summary',
  version: '1',
  title: "Program outcomes: flow, scores, rates, durability, safety and completeness of a site's courses",
  sources: [
    /* protocol-defaults.md: outcome rates */ siteDefault(
      "outcome rates over patients with both a baseline and that time point's PCL-5, the number started shown beside; lost to follow-up: no PCL-5 answered in the +30 or the +90 window",
    ),
    /* protocol-defaults.md: smallest reported cohort */ outcomesDefaults.reporting.smallestCohort.provenance,
  ],
  evaluate: summarizeProgramOutcomes,
});

/**
 * The program's outcomes from the aggregates of its courses' and sessions' facts (see
 * {@link ProgramAggregates}): the figures {@link summarizeProgramOutcomes} describes. Means, SDs and
 * intervals come from the value histograms (the values in ascending order), rates from the PCL-5
 * pair histogram by the response, remission and reliable-improvement rules, the Kaplan-Meier
 * estimate from the survival histogram, the discharge quartiles from the minutes histogram.
 *
 * @param a the aggregates, on the site's today
 * @param config the site's `outcomes` section (of the protocol version the figures are stated under)
 * @throws RangeError when a count is negative or not whole, or a discharge time is negative or not finite
 */
export function summarizeProgramAggregates(a: ProgramAggregates, config: ProgramOutcomesConfig): ProgramOutcomesSummary {
  const level = config.statistics.confidenceLevelPercent.value;
  const smallestCohort = config.reporting.smallestCohort.value;
  const flow = summarizeFlow(a);
  const suppressed = flow.started < smallestCohort;

  const valuesAt = (t: ProgramTimePoint, instrument: ProgramInstrument): number[] =>
    expandHistogram(
      a.values.filter((v) => v.timePoint === t && v.instrument === instrument).map((v) => ({ value: v.total, count: v.count })),
      'values',
    );
  const scores = Object.freeze({
    pcl5: PROGRAM_TIME_POINTS.map((t) => summarizeMean(t, valuesAt(t, 'pcl5'), suppressed, level)),
    phq9: PROGRAM_TIME_POINTS.map((t) => summarizeMean(t, valuesAt(t, 'phq9'), suppressed, level)),
    gad7: [summarizeMean('baseline', valuesAt('baseline', 'gad7'), suppressed, level)],
  });

  const outcomes: OutcomesSection = config;
  const rates: ProgramRate[] = RATE_RULES.flatMap(({ id, assess }) =>
    RATE_TIME_POINTS.map((timePoint) => {
      let n = 0;
      let events = 0;
      for (const p of a.pcl5Pairs) {
        if (p.timePoint !== timePoint) continue;
        requireCount(p.count, 'pcl5Pairs');
        const outcome = assess(p.baselineTotal, p.total, outcomes);
        if (outcome === null) continue;
        n += p.count;
        if (outcome) events += p.count;
      }
      const report = !suppressed && n > 0;
      return Object.freeze({
        id,
        timePoint,
        events,
        n,
        rate: report ? events / n : null,
        ci: report ? wilsonInterval(events, n, level) : null,
        started: flow.started,
      });
    }),
  );

  return Object.freeze({
    suppressed,
    smallestCohort,
    confidenceLevelPercent: level,
    flow,
    scores,
    rates,
    durability: suppressed ? null : summarizeDurability(a, config),
    safety: summarizeSafety(a.safety),
    completeness: summarizeCompleteness(a),
    rules: [
      responseRule,
      remissionRule,
      reliableImprovementRule,
      lossOfResponseRule,
      cohortStatisticsMethod,
      kaplanMeierMethod,
      wilsonIntervalMethod,
      programSummaryMethod,
    ].map((r) => Object.freeze({ id: r.id, version: r.version })),
  });
}

/**
 * The program's outcomes over a set of courses and the dosing sessions of those courses: each
 * course evaluated ({@link evaluateProgramCourse}), the facts aggregated on `today`
 * ({@link aggregateProgramFacts}) and summarized ({@link summarizeProgramAggregates}), as a store
 * does with the facts it keeps.
 *
 * - Flow: `referred` counts every course; `screened`, `eligible` and `started` its flags;
 *   `completed` and `withdrawn` its state. A course whose state is not an enrollment state counts
 *   in `referred` only and in no other figure.
 * - Every other figure is over the started courses. A course's value at a time point is the total
 *   of the response that fulfilled that time point's task ({@link measurementTasks} matches
 *   responses to the course's scheduled measures; both PCL-5 forms are `pcl5`; when two tasks
 *   stand for one time point the earlier one's answer counts).
 * - Scores: PCL-5 and PHQ-9 at each of {@link PROGRAM_TIME_POINTS}, GAD-7 at baseline, with
 *   {@link summarizeSample} (t-based interval, n - 1 degrees of freedom) over the values in
 *   ascending order.
 * - Rates: for response, remission and reliable improvement, at each time point after baseline,
 *   n = started courses with both a baseline and that time point's PCL-5 (protocol-defaults.md
 *   "outcome rates"); events by {@link assessResponse}, {@link assessRemission} and
 *   {@link assessReliableImprovement}. A baseline of 0 leaves response and remission undefined
 *   (no percentage of nothing): such a course is left out of their n. Interval: {@link wilsonInterval}.
 * - Durability: {@link assessLossOfResponse} of every started course with a baseline PCL-5 and a
 *   last dosing date (all its PCL-5 totals on their completion dates), and the Kaplan-Meier
 *   estimate ({@link estimateKaplanMeier}) of the responders' durations; null when none.
 * - Lost to follow-up: see the flow's `lostToFollowUp`.
 * - Completeness: per time point and instrument scheduled there, `due` = tasks done or overdue
 *   (answered, or window closed on `today`), `answered` = tasks done.
 * - Suppression: fewer courses started than `outcomes.reporting.smallestCohort`: means, SDs,
 *   rates, intervals and durability are null; counts stay. Safety is never suppressed.
 *
 * @param courses the courses (enrollments), no identifiers
 * @param sessions the dosing sessions of those courses whose infusion started
 * @param today the site-local date, `YYYY-MM-DD`
 * @param config the site's `outcomes` section (of the protocol version the figures are stated under)
 * @throws RangeError when `today` or a date is malformed, a PCL-5, PHQ-9 or GAD-7 total is negative
 *   or not finite (the error names the response), or a discharge time is negative or not finite
 */
export function summarizeProgramOutcomes(
  courses: readonly ProgramCourseInput[],
  sessions: readonly ProgramSessionInput[],
  today: string,
  config: ProgramOutcomesConfig,
): ProgramOutcomesSummary {
  if (!isIsoDate(today)) throw new RangeError(`today "${today}" is not a YYYY-MM-DD date`);
  const facts = courses.map((c) => evaluateProgramCourse(c, config));
  return summarizeProgramAggregates(aggregateProgramFacts(facts, sessions, today), config);
}

/**
 * The source of a literature benchmark in the words a clinician reads beside it: for a published
 * source, each citation's title and full reference (`Feder 2021: Feder A et al. Am J Psychiatry
 * 2021. doi:...`), joined by `; `; for the program brief, "KAIR program description (brief)"; for a
 * site default, "site default, needs medical-director review" and its note.
 */
export function benchmarkCitation(b: OutcomeBenchmark): string {
  const p = b.provenance;
  switch (p.kind) {
    case 'source':
      return p.citations.map((key) => `${CITATIONS[key].title}: ${CITATIONS[key].reference}`).join('; ');
    case 'brief':
      return 'KAIR program description (brief)';
    case 'site-default':
      return p.note === undefined
        ? 'site default, needs medical-director review'
        : `site default, needs medical-director review: ${p.note}`;
  }
}
