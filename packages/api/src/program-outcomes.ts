/**
 * The program's outcomes (issue 24): how well a site's program works, course by course, beside the
 * literature. Every figure is computed by core (`summarizeProgramOutcomes`) from the rows the
 * server gathers; the browser only draws them.
 *
 * Who: `outcomes.program` (medical director and prescribers: the site's courses; therapists: the
 * courses of the patients whose care team they are on). Admins and coordinators see nothing of it.
 *
 * @module
 */
import { DOSING_ROUTES, findProgramTemplate, isIsoDate } from '@kairos/core';
import { z } from 'zod';
import { IsoDate, pureSchema } from './common.js';

export const PROGRAM_TEMPLATE_IDS = ['retreat-5-day', 'infusion-series-6', 'maintenance-1'] as const;
export const ProgramTemplateIdSchema = z.enum(PROGRAM_TEMPLATE_IDS);

/**
 * `GET /api/sites/:id/program-outcomes`: the courses of the site whose first day falls from `from`
 * to `to` (site-local days, both included; either may be left out), of one template, of one cohort.
 */
export const ProgramOutcomesQuerySchema = pureSchema(() => z.strictObject(programFilterFields()).superRefine(rangeInOrder));
export type ProgramOutcomesQuery = z.infer<typeof ProgramOutcomesQuerySchema>;

/** The courses' filters of the dashboard and its exports: one template, the course's first day from `from` to `to`. */
export function courseFilterFields() {
  return { template: ProgramTemplateIdSchema.optional(), from: IsoDate.optional(), to: IsoDate.optional() };
}

/** The dashboard's filters: {@link courseFilterFields} and one cohort. */
function programFilterFields() {
  return { ...courseFilterFields(), cohortId: z.uuid().optional() };
}

/** A `to` before `from`: an issue on `to` (the range ends before it starts). */
export function rangeInOrder(q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (q.from !== undefined && q.to !== undefined && isIsoDate(q.from) && isIsoDate(q.to) && q.to < q.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'is before from: the range ends before it starts' });
}

// ---- the cohorts the dashboard's cohort filter offers ----

/**
 * A cohort in plain words: its program's title and its first day ("5-day ketamine-assisted
 * psychotherapy retreat from 2026-06-08"; "Course from …" for a template Kairos does not know).
 * The one wording of a cohort for the dashboard's `filters.cohort.label` and the cohort list.
 */
export function programCohortLabel(template: string, startDate: string): string {
  return `${findProgramTemplate(template)?.title ?? 'Course'} from ${startDate}`;
}

/**
 * `GET /api/sites/:id/program-outcomes/cohorts`: the dashboard's course filters (one template, the
 * cohort's first day from `from` to `to`, site-local days, both included), no cohort.
 */
export const ProgramCohortsQuerySchema = pureSchema(() => z.strictObject(courseFilterFields()).superRefine(rangeInOrder));
export type ProgramCohortsQuery = z.infer<typeof ProgramCohortsQuerySchema>;

/** At most this many cohorts are listed (the newest first); `truncated` says when there were more. */
export const PROGRAM_COHORTS_LIMIT = 500;

export const ProgramCohortSchema = z.object({
  id: z.uuid(),
  /** {@link programCohortLabel}: the same words as the dashboard's `filters.cohort.label`. */
  label: z.string(),
  /** The program template's id (one of `PROGRAM_TEMPLATE_IDS` for any cohort booked through the schedule). */
  template: z.string(),
  /** The cohort's first day (site-local). */
  startDate: IsoDate,
  /**
   * Patients booked into the cohort (any of its events, cancelled ones included): all of them for
   * the director and prescribers; for a therapist, those of them on the therapist's care teams.
   */
  members: z.number().int(),
  state: z.enum(['planned', 'cancelled']),
});
export type ProgramCohort = z.infer<typeof ProgramCohortSchema>;

/** The cohorts the dashboard's cohort filter offers, the latest first day first, at most {@link PROGRAM_COHORTS_LIMIT}. */
export const ProgramCohortsSchema = z.object({
  cohorts: z.array(ProgramCohortSchema),
  /** More cohorts matched than the limit: narrow the filters to see the others. */
  truncated: z.boolean(),
  /** A therapist's list holds only the cohorts of their care teams' patients. */
  ownPatientsOnly: z.boolean(),
});
export type ProgramCohorts = z.infer<typeof ProgramCohortsSchema>;

/** The time points of a course's outcomes: baseline, end of course, and 7, 30 and 90 days after it. */
export const PROGRAM_TIME_POINTS = ['baseline', 'end-of-course', 'plus-7', 'plus-30', 'plus-90'] as const;
export const ProgramTimePointSchema = z.enum(PROGRAM_TIME_POINTS);
export type ProgramTimePoint = z.infer<typeof ProgramTimePointSchema>;

const Interval = z.object({ lower: z.number(), upper: z.number() });

/** A mean at a time point: n answered; the mean and its t-based interval when reported (n >= 2 and the cohort large enough). */
export const ProgramMeanSchema = z.object({
  timePoint: ProgramTimePointSchema,
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  ci: /* @__PURE__ */ Interval.nullable(),
});
export type ProgramMean = z.infer<typeof ProgramMeanSchema>;

export const ProgramRateIdSchema = z.enum(['response', 'remission', 'reliable-improvement']);
export type ProgramRateId = z.infer<typeof ProgramRateIdSchema>;

/** A rate at a time point: `events` of `n` (patients with a baseline and that time point's PCL-5), with its Wilson interval. */
export const ProgramRateSchema = z.object({
  id: ProgramRateIdSchema,
  timePoint: ProgramTimePointSchema,
  events: z.number().int(),
  n: z.number().int(),
  /** Share 0 to 1; null when suppressed or n = 0. */
  rate: z.number().nullable(),
  ci: /* @__PURE__ */ Interval.nullable(),
  /** Patients who started the course, shown beside the denominator. */
  started: z.number().int(),
});
export type ProgramRate = z.infer<typeof ProgramRateSchema>;

export const ProgramSurvivalPointSchema = z.object({
  days: z.number(),
  survival: z.number(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  atRisk: z.number().int(),
  events: z.number().int(),
});

/** Kaplan-Meier of time to loss of response among responders (days from the last dosing session). */
export const ProgramDurabilitySchema = z.object({
  responders: z.number().int(),
  events: z.number().int(),
  median: z.object({ days: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() }),
  curve: z.array(ProgramSurvivalPointSchema),
  /** Responders still responding at their last PCL-5 (censored there), by day ascending: the curve's censor marks, the last one its last follow-up. */
  censored: z.array(z.object({ days: z.number(), count: z.number().int() })),
});
export type ProgramDurability = z.infer<typeof ProgramDurabilitySchema>;

export const ProgramBenchmarkSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number(),
  unit: z.enum(['score', '%', 'day', 'count', '1']),
  /** The publication, in words (e.g. "Feder 2021, Am J Psychiatry"). */
  citation: z.string(),
});
export type ProgramBenchmark = z.infer<typeof ProgramBenchmarkSchema>;

const Quartiles = z.object({ n: z.number().int(), median: z.number().nullable(), q1: z.number().nullable(), q3: z.number().nullable() });

export const ProgramSafetySchema = z.object({
  /** Dosing sessions whose infusion started. */
  sessions: z.number().int(),
  adverseEvents: z.object({
    total: z.number().int(),
    per100Sessions: z.number().nullable(),
    byKind: z.array(
      z.object({
        kind: z.string(),
        severity: z.enum(['mild', 'moderate', 'severe']),
        count: z.number().int(),
        per100Sessions: z.number().nullable(),
      }),
    ),
  }),
  /** Sessions whose blood pressure reached the warning level (at most), and the pause level or above. */
  bloodPressure: z.object({ warningSessions: z.number().int(), pauseSessions: z.number().int() }),
  /** Minutes from the end of the infusion to discharge. */
  dischargeMinutes: Quartiles,
  pausedSessions: z.number().int(),
  stoppedEarlySessions: z.number().int(),
  /** The sessions by how the dose was given (IV, IM, SL for oral/sublingual); a route with none left out. */
  sessionsByRoute: z.array(z.object({ route: z.enum(DOSING_ROUTES), sessions: z.number().int() })),
});
export type ProgramSafety = z.infer<typeof ProgramSafetySchema>;

/** The share of scheduled questionnaires answered at a time point, once its window has closed. */
export const ProgramCompletenessSchema = z.object({
  timePoint: ProgramTimePointSchema,
  instrument: z.enum(['pcl5', 'phq9', 'gad7']),
  /** Scheduled measures whose window has closed (or that were answered). */
  due: z.number().int(),
  answered: z.number().int(),
  share: z.number().nullable(),
});
export type ProgramCompleteness = z.infer<typeof ProgramCompletenessSchema>;

export const ProgramOutcomesSchema = z.object({
  site: z.object({ id: z.uuid(), name: z.string() }),
  filters: z.object({
    template: /* @__PURE__ */ ProgramTemplateIdSchema.nullable(),
    from: /* @__PURE__ */ IsoDate.nullable(),
    to: /* @__PURE__ */ IsoDate.nullable(),
    cohort: z.object({ id: z.uuid(), label: z.string() }).nullable(),
    /** A therapist's view holds only their own patients' courses. */
    ownPatientsOnly: z.boolean(),
  }),
  asOf: IsoDate,
  /** The signed protocol version whose thresholds the figures use, and the rules applied (their ids and versions). */
  protocolVersion: z.number().int(),
  rules: z.array(z.object({ id: z.string(), version: z.string() })),
  /** Fewer patients started than the site's smallest reported cohort: counts only, no means or rates. */
  suppressed: z.boolean(),
  smallestCohort: z.number().int(),
  /** The level of every interval, in percent (the site's `outcomes.statistics.confidenceLevelPercent`, 95 by default): "90% CI". */
  confidenceLevelPercent: z.number(),
  flow: z.object({
    referred: z.number().int(),
    screened: z.number().int(),
    eligible: z.number().int(),
    started: z.number().int(),
    completed: z.number().int(),
    withdrawn: z.number().int(),
    withdrawnReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    lostToFollowUp: z.number().int(),
  }),
  scores: z.object({
    pcl5: z.array(ProgramMeanSchema),
    phq9: z.array(ProgramMeanSchema),
    gad7: z.array(ProgramMeanSchema),
  }),
  rates: z.array(ProgramRateSchema),
  durability: /* @__PURE__ */ ProgramDurabilitySchema.nullable(),
  benchmarks: z.array(ProgramBenchmarkSchema),
  safety: ProgramSafetySchema,
  completeness: z.array(ProgramCompletenessSchema),
});
export type ProgramOutcomes = z.infer<typeof ProgramOutcomesSchema>;

// ---- reports (issue 24, Must 3) ----

/**
 * The dashboard's tables, each its own CSV (`GET /api/sites/:id/program-outcomes.csv?table=`): one
 * table a file keeps every file a plain rectangle a spreadsheet opens as it is.
 */
export const PROGRAM_OUTCOMES_CSV_TABLES = ['flow', 'scores', 'rates', 'durability', 'safety', 'completeness'] as const;
export const ProgramOutcomesCsvTableSchema = z.enum(PROGRAM_OUTCOMES_CSV_TABLES);
export type ProgramOutcomesCsvTable = z.infer<typeof ProgramOutcomesCsvTableSchema>;

/**
 * `GET /api/sites/:id/program-outcomes.csv`: the dashboard's filters (as `ProgramOutcomesQuerySchema`)
 * and the table to export.
 */
export const ProgramOutcomesCsvQuerySchema = pureSchema(() =>
  z.strictObject({ table: ProgramOutcomesCsvTableSchema, ...programFilterFields() }).superRefine(rangeInOrder),
);
export type ProgramOutcomesCsvQuery = z.infer<typeof ProgramOutcomesCsvQuerySchema>;
