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
  readonly curve: ProgramSurvivalPoint[];
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

/** A questionnaire task of a course that the report reads. */
interface CourseTask {
  readonly task: MeasurementTask;
  readonly instrument: ProgramInstrument;
  readonly timePoints: readonly ProgramTimePoint[];
}

/** A started course, evaluated: its tasks, its value per time point and instrument, its PCL-5s. */
interface EvaluatedCourse {
  readonly course: ProgramCourseInput;
  readonly tasks: readonly CourseTask[];
  /** `${timePoint}:${instrument}` to the total of the response that fulfilled that task. */
  readonly values: ReadonlyMap<string, number>;
}

const valueKey = (timePoint: ProgramTimePoint, instrument: ProgramInstrument): string => `${timePoint}:${instrument}`;

function requireResponseTotals(courses: readonly ProgramCourseInput[]): void {
  for (const c of courses) {
    for (const r of c.responses) {
      if (programInstrumentOf(r.instrument) === undefined) continue;
      if (typeof r.total !== 'number' || !Number.isFinite(r.total) || r.total < 0) {
        throw new RangeError(`response ${r.id} (${r.instrument}): total must be a finite score >= 0, got ${String(r.total)}`);
      }
    }
  }
}

function evaluateCourse(course: ProgramCourseInput, today: string, config: ProgramOutcomesConfig): EvaluatedCourse {
  const responses = course.responses.filter((r) => programInstrumentOf(r.instrument) !== undefined);
  const totals = new Map(responses.map((r) => [r.id, r.total]));
  const tasks: CourseTask[] = [];
  for (const task of measurementTasks(course.measures, responses, today, config)) {
    const instrument = programInstrumentOf(task.instrument);
    const timePoints = programTimePointsOf(task);
    if (instrument !== undefined && timePoints.length > 0) tasks.push({ task, instrument, timePoints });
  }
  // Tasks come by date: when two tasks stand for one time point, the earlier answer is its value.
  const values = new Map<string, number>();
  for (const { task, instrument, timePoints } of tasks) {
    const total = task.state === 'done' && task.responseId !== null ? totals.get(task.responseId) : undefined;
    if (total === undefined) continue;
    for (const t of timePoints) if (!values.has(valueKey(t, instrument))) values.set(valueKey(t, instrument), total);
  }
  return { course, tasks, values };
}

/**
 * Lost to follow-up (protocol-defaults.md "outcome rates": no PCL-5 answered in the +30 or the +90
 * window), read as: the course's +90 PCL-5 task exists and its window has closed unanswered
 * (`overdue`), and no +30 or +90 PCL-5 task was answered. A course still inside its +90 window
 * is not (yet) lost; a withdrawn course is counted as withdrawn, not also as lost.
 */
function isLostToFollowUp(c: EvaluatedCourse): boolean {
  if (c.course.state === 'withdrawn') return false;
  const pcl5At = (t: ProgramTimePoint) => c.tasks.filter((x) => x.instrument === 'pcl5' && x.timePoints.includes(t)).map((x) => x.task);
  const plus90 = pcl5At('plus-90');
  const plus30 = pcl5At('plus-30');
  return plus90.some((t) => t.state === 'overdue') && ![...plus30, ...plus90].some((t) => t.state === 'done');
}

function summarizeFlow(courses: readonly ProgramCourseInput[], known: readonly ProgramCourseInput[], lostToFollowUp: number): ProgramFlow {
  const count = (pick: (c: ProgramCourseInput) => boolean) => known.filter(pick).length;
  const reasons = new Map<string, number>();
  for (const c of known) {
    if (c.state !== 'withdrawn') continue;
    const reason = c.withdrawnReason === null || c.withdrawnReason.trim() === '' ? NO_REASON : c.withdrawnReason.trim();
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const withdrawnReasons = [...reasons.entries()]
    .map(([reason, n]) => Object.freeze({ reason, count: n }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return Object.freeze({
    referred: courses.length,
    screened: count((c) => c.screened),
    eligible: count((c) => c.eligible),
    started: count((c) => c.started),
    completed: count((c) => c.state === 'completed'),
    withdrawn: count((c) => c.state === 'withdrawn'),
    withdrawnReasons,
    lostToFollowUp,
  });
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

function summarizeSafety(sessions: readonly ProgramSessionInput[]): ProgramSafety {
  const n = sessions.length;
  const per100 = (count: number): number | null => (n === 0 ? null : (count * 100) / n);
  const byKind = new Map<string, { kind: string; severity: ProgramAdverseEventCount['severity']; count: number }>();
  let total = 0;
  const minutes: number[] = [];
  sessions.forEach((s, i) => {
    for (const ae of s.adverseEvents) {
      total++;
      const key = JSON.stringify([ae.kind, ae.severity]);
      const entry = byKind.get(key);
      if (entry === undefined) byKind.set(key, { kind: ae.kind, severity: ae.severity, count: 1 });
      else entry.count++;
    }
    if (s.dischargeMinutes !== null) {
      if (!Number.isFinite(s.dischargeMinutes) || s.dischargeMinutes < 0) {
        throw new RangeError(`session ${i}: dischargeMinutes must be a finite number of minutes >= 0, got ${s.dischargeMinutes}`);
      }
      minutes.push(s.dischargeMinutes);
    }
  });
  minutes.sort((a, b) => a - b);
  return Object.freeze({
    sessions: n,
    adverseEvents: Object.freeze({
      total,
      per100Sessions: per100(total),
      byKind: [...byKind.values()]
        .sort(
          (a, b) =>
            b.count - a.count ||
            (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
            SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
        )
        .map((e) => Object.freeze({ ...e, per100Sessions: per100(e.count) })),
    }),
    bloodPressure: Object.freeze({
      warningSessions: sessions.filter((s) => s.bloodPressureLevel === 'warn').length,
      pauseSessions: sessions.filter((s) => s.bloodPressureLevel === 'pause' || s.bloodPressureLevel === 'escalate').length,
    }),
    dischargeMinutes: Object.freeze({
      n: minutes.length,
      median: quantileType7(minutes, 0.5),
      q1: quantileType7(minutes, 0.25),
      q3: quantileType7(minutes, 0.75),
    }),
    pausedSessions: sessions.filter((s) => s.paused).length,
    stoppedEarlySessions: sessions.filter((s) => s.stoppedEarly).length,
  });
}

/** Over the started courses still followed: a withdrawn patient is no longer asked, so their unanswered measures are not missing ones. */
function summarizeCompleteness(started: readonly EvaluatedCourse[]): ProgramCompleteness[] {
  const cells = new Map<string, { due: number; answered: number }>();
  for (const c of started) {
    if (c.course.state === 'withdrawn') continue;
    for (const { task, instrument, timePoints } of c.tasks) {
      for (const t of timePoints) {
        const key = valueKey(t, instrument);
        const cell = cells.get(key) ?? { due: 0, answered: 0 };
        if (task.state === 'done' || task.state === 'overdue') cell.due++;
        if (task.state === 'done') cell.answered++;
        cells.set(key, cell);
      }
    }
  }
  return PROGRAM_TIME_POINTS.flatMap((timePoint) =>
    PROGRAM_INSTRUMENTS.flatMap((instrument) => {
      const cell = cells.get(valueKey(timePoint, instrument));
      if (cell === undefined) return [];
      return [Object.freeze({ timePoint, instrument, ...cell, share: cell.due === 0 ? null : cell.answered / cell.due })];
    }),
  );
}

function summarizeDurability(started: readonly EvaluatedCourse[], config: ProgramOutcomesConfig): ProgramDurability | null {
  const durations: SurvivalDuration[] = [];
  for (const c of started) {
    const baselineTotal = c.values.get(valueKey('baseline', 'pcl5'));
    if (baselineTotal === undefined || c.course.lastDosingDate === null) continue;
    const pcl5 = c.course.responses
      .filter((r) => programInstrumentOf(r.instrument) === 'pcl5')
      .map((r) => ({ date: r.completedDate, total: r.total }));
    const survival = assessLossOfResponse({ baselineTotal, lastDosingDate: c.course.lastDosingDate, pcl5 }, config).survival;
    if (survival !== null) durations.push(survival);
  }
  if (durations.length === 0) return null;
  const km = estimateKaplanMeier(durations, config.statistics.confidenceLevelPercent.value);
  return Object.freeze({
    responders: durations.length,
    events: km.events,
    median: Object.freeze({ ...km.median }),
    curve: km.curve.map((p) =>
      Object.freeze({ days: p.days, survival: p.survival, lower: p.lower, upper: p.upper, atRisk: p.atRisk, events: p.events }),
    ),
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
 * The program's outcomes over a set of courses and the dosing sessions of those courses.
 *
 * - Flow: `referred` counts every course; `screened`, `eligible` and `started` its flags;
 *   `completed` and `withdrawn` its state. A course whose state is not an enrollment state counts
 *   in `referred` only and in no other figure.
 * - Every other figure is over the started courses. A course's value at a time point is the total
 *   of the response that fulfilled that time point's task ({@link measurementTasks} matches
 *   responses to the course's scheduled measures on `today`; both PCL-5 forms are `pcl5`; when
 *   two tasks stand for one time point the earlier one's answer counts).
 * - Scores: PCL-5 and PHQ-9 at each of {@link PROGRAM_TIME_POINTS}, GAD-7 at baseline, with
 *   {@link summarizeSample} (t-based interval, n - 1 degrees of freedom).
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
 *   (answered, or window closed), `answered` = tasks done.
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
  requireResponseTotals(courses);
  const level = config.statistics.confidenceLevelPercent.value;
  const smallestCohort = config.reporting.smallestCohort.value;
  const known = courses.filter((c) => KNOWN_STATES.has(c.state));
  const started = known.filter((c) => c.started).map((c) => evaluateCourse(c, today, config));
  const flow = summarizeFlow(courses, known, started.filter(isLostToFollowUp).length);
  const suppressed = flow.started < smallestCohort;

  const valuesAt = (t: ProgramTimePoint, instrument: ProgramInstrument): number[] =>
    started.flatMap((c) => {
      const v = c.values.get(valueKey(t, instrument));
      return v === undefined ? [] : [v];
    });
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
      for (const c of started) {
        const baseline = c.values.get(valueKey('baseline', 'pcl5'));
        const current = c.values.get(valueKey(timePoint, 'pcl5'));
        if (baseline === undefined || current === undefined) continue;
        const outcome = assess(baseline, current, outcomes);
        if (outcome === null) continue;
        n++;
        if (outcome) events++;
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
    flow,
    scores,
    rates,
    durability: suppressed ? null : summarizeDurability(started, config),
    safety: summarizeSafety(sessions),
    completeness: summarizeCompleteness(started),
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
