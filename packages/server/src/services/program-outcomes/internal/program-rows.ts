/**
 * The rows of a site's program that core's program summary reads: one course per enrollment the
 * filters match (its state, screening, start, withdrawal reason, booked schedule, the patient's
 * questionnaire totals, the last dosing date), and one row per dosing session whose infusion
 * started (adverse events, the highest blood-pressure alert, pauses, an early stop, the minutes
 * from the infusion's end to discharge). Each kind of row is one query, by the explicit ids of the
 * courses (their patients, their started sessions) the first query found, so that PostgreSQL reads
 * each table by its index; the stored facts are computed in batches of these (program-facts.ts).
 *
 * @module
 */
import {
  findProgramTemplate,
  generateSchedule,
  localDateOf,
  type ProgramCourseInput,
  type ProgramResponse,
  type ProgramSessionInput,
  type ScheduledMeasure,
} from '@kairos/core';
import { ivCalculation, type ProgramOutcomesQuery, type Weekday } from '@kairos/api';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import { calculationOf } from '../../dosing-session/internal/session-rows.js';
import { infusionCourseOf } from '../../dosing-session/internal/session-view.js';
import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import { groupBy } from '../../group-by.js';

export interface ProgramSite {
  id: string;
  name: string;
  time_zone: string;
  working_days: Weekday[];
  closed_dates: string[];
}

/** Whose courses: the whole site, or only the patients on one clinician's care teams. */
export type ProgramScope = { kind: 'site' } | { kind: 'care-team'; userId: string };

const BP_LEVEL_RANK = { none: 0, warn: 1, pause: 2, escalate: 3 } as const;
type BpLevel = keyof typeof BP_LEVEL_RANK;
const isBpLevel = (l: string): l is BpLevel => l in BP_LEVEL_RANK;
const SEVERITIES = ['mild', 'moderate', 'severe'] as const;
const isSeverity = (s: string): s is (typeof SEVERITIES)[number] => (SEVERITIES as readonly string[]).includes(s);
const OUTCOME_INSTRUMENTS = ['pcl5-month', 'pcl5-week', 'phq9', 'gad7'] as const;

/**
 * The enrollments the filters match, with the course booked for each (its latest planned cohort;
 * none while not booked). A course is "of a template" by its cohort, or by the enrollment's
 * template before it is booked; a date range or a cohort keeps only booked courses.
 */
function filteredCourses(tx: Db, site: ProgramSite, scope: ProgramScope, f: ProgramOutcomesQuery) {
  let q = tx
    .selectFrom('enrollment as e')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('scheduled_event as ev')
          .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
          .select(['c.id as cohort_id', 'c.program_template as cohort_template', 'c.start_date'])
          .whereRef('ev.enrollment_id', '=', 'e.id')
          .where('c.state', '=', 'planned')
          .orderBy('c.created_at', 'desc')
          .limit(1)
          .as('k'),
      (join) => join.onTrue(),
    )
    .where('e.site_id', '=', site.id);
  if (scope.kind === 'care-team')
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_team_member as m')
          .select('m.patient_id')
          .whereRef('m.patient_id', '=', 'e.patient_id')
          .where('m.user_id', '=', scope.userId),
      ),
    );
  if (f.template !== undefined)
    q = q.where((eb) =>
      eb.or([
        eb('k.cohort_template', '=', f.template as string),
        eb.and([eb('k.cohort_id', 'is', null), eb('e.program_template', '=', f.template as string)]),
      ]),
    );
  if (f.from !== undefined) q = q.where('k.start_date', '>=', f.from);
  if (f.to !== undefined) q = q.where('k.start_date', '<=', f.to);
  if (f.cohortId !== undefined) q = q.where('k.cohort_id', '=', f.cohortId);
  return q;
}

/** A course as core takes it, with the keys the stored facts are filtered by. */
export interface KeyedCourse extends ProgramCourseInput {
  enrollmentId: string;
  patientId: string;
  /** The booked cohort's template, else the enrollment's. */
  template: string;
  cohortId: string | null;
  startDate: string | null;
}

/** A started session as core takes it, with its keys. */
export interface KeyedSession extends ProgramSessionInput {
  sessionId: string;
  enrollmentId: string;
}

/**
 * The courses and the started sessions of the filtered enrollments, as core's program summary takes
 * them: the whole evaluation in memory, which the dashboard no longer does (it aggregates the
 * stored facts); kept as the reference the stored facts are checked against.
 */
export async function programRows(
  tx: Db,
  site: ProgramSite,
  scope: ProgramScope,
  f: ProgramOutcomesQuery,
  protocol: SiteProtocol,
  now: Date,
): Promise<{ courses: KeyedCourse[]; sessions: KeyedSession[] }> {
  return assembleProgramRows(await fetchProgramRows(tx, filteredCourses(tx, site, scope, f)), site, protocol, now);
}

/** The rows of these enrollments of the site (a batch whose facts are computed), for `assembleProgramRows`. */
export async function programRawRowsOf(tx: Db, site: ProgramSite, enrollmentIds: readonly string[]): Promise<ProgramRawRows> {
  return fetchProgramRows(
    tx,
    filteredCourses(tx, site, { kind: 'site' }, {}).where('e.id', '=', sql<string>`ANY(${[...enrollmentIds]}::uuid[])`),
  );
}

/**
 * The outcome questionnaires' responses of these patients, by completion: `patient_id = ANY(...)`
 * of an explicit list (a batch), so PostgreSQL reads them by the (patient_id, completed_at) index,
 * never the whole table (the bench explains this very query).
 */
export function responsesQuery(tx: Db, patientIds: readonly string[]) {
  return tx
    .selectFrom('questionnaire_response')
    .select(['id', 'patient_id', 'instrument', 'due_date', 'completed_at', 'total'])
    .where('patient_id', '=', sql<string>`ANY(${[...patientIds]}::uuid[])`)
    .where('instrument', 'in', OUTCOME_INSTRUMENTS)
    .where('total', 'is not', null)
    .orderBy('completed_at');
}

/**
 * What the database holds of these courses, as plain rows: one query per kind of row. The rows
 * cross to a worker thread by structured clone (dates stay dates), where `assembleProgramRows`
 * turns them into core's inputs.
 */
async function fetchProgramRows(tx: Db, courses: ReturnType<typeof filteredCourses>) {
  const rows = await courses
    .select(['e.id', 'e.patient_id', 'e.state', 'e.program_template', 'k.cohort_id', 'k.cohort_template', 'k.start_date'])
    .orderBy('e.created_at')
    .execute();
  // The other rows by the explicit ids of these courses and of their started sessions (index lookups).
  const anyOf = (values: readonly string[]) => sql<string>`ANY(${[...values]}::uuid[])`;
  const enrollmentIds = anyOf(rows.map((r) => r.id));
  const ids = () => enrollmentIds;
  const decisions = await tx
    .selectFrom('screening_decision')
    .select((eb) => ['enrollment_id', eb.fn.max<string>(eb.case().when('outcome', '=', 'eligible').then(1).else(0).end()).as('eligible')])
    .where('enrollment_id', '=', ids())
    .groupBy('enrollment_id')
    .execute();
  const withdrawals = await tx
    .selectFrom('enrollment_transition')
    .distinctOn('enrollment_id')
    .select(['enrollment_id', 'reason'])
    .where('to_state', '=', 'withdrawn')
    .where('enrollment_id', '=', ids())
    .orderBy('enrollment_id')
    .orderBy('id', 'desc')
    .execute();
  const sessionRows = await tx
    .selectFrom('dosing_session as s')
    .select(['s.id', 's.enrollment_id', 's.state', 's.route', 's.infusion_started_at', 's.infusion_ended_at'])
    .where('s.enrollment_id', '=', ids())
    .where('s.infusion_started_at', 'is not', null)
    .execute();
  const startedSessionIds = anyOf(sessionRows.map((s) => s.id));
  const startedIds = () => startedSessionIds;
  const responses = await responsesQuery(tx, [...new Set(rows.map((r) => r.patient_id))]).execute();
  const adverse = await tx
    .selectFrom('adverse_event')
    .select(['session_id', 'kind', 'severity'])
    .where('session_id', '=', startedIds())
    .execute();
  const bp = await tx
    .selectFrom('session_alert')
    .select(['session_id', 'level'])
    .where('session_id', '=', startedIds())
    .where('episode_key', 'like', 'bloodPressure%')
    .execute();
  const pumpEvents = await tx
    .selectFrom('infusion_event')
    .select(['session_id', 'kind', 'at', 'rate_ml_per_hour'])
    .where('session_id', '=', startedIds())
    .orderBy('id')
    .execute();
  const orders = await tx
    .selectFrom('dose_order')
    .distinctOn('session_id')
    .select(['session_id', 'calculation'])
    .where('session_id', '=', startedIds())
    .orderBy('session_id')
    .orderBy('ordered_at', 'desc')
    .execute();
  const discharges = await tx
    .selectFrom('session_transition')
    .select(['session_id', 'at'])
    .where('to_state', '=', 'discharged')
    .where('session_id', '=', startedIds())
    .execute();
  return { rows, decisions, withdrawals, sessionRows, responses, adverse, bp, pumpEvents, orders, discharges };
}

/** The rows of a set of courses as the database holds them (`fetchProgramRows`). */
export type ProgramRawRows = Awaited<ReturnType<typeof fetchProgramRows>>;

/**
 * The courses and started sessions as core's program summary takes them, from their rows: pure
 * computation (schedules, local dates, each infusion's course), which the facts' refresh runs in a
 * worker thread.
 */
export function assembleProgramRows(
  raw: ProgramRawRows,
  site: ProgramSite,
  protocol: SiteProtocol,
  now: Date,
): { courses: KeyedCourse[]; sessions: KeyedSession[] } {
  const { rows, decisions, withdrawals, sessionRows, responses, adverse, bp, pumpEvents, orders, discharges } = raw;
  const zone = site.time_zone;
  const responsesOf = groupBy(responses, (r) => r.patient_id);
  const sessionsOf = groupBy(sessionRows, (s) => s.enrollment_id);
  const eligibleOf = new Map(decisions.map((d) => [d.enrollment_id, Number(d.eligible) === 1]));
  const withdrawnReasonOf = new Map(withdrawals.map((w) => [w.enrollment_id, w.reason]));
  const calendar = { timeZone: zone, workingDays: site.working_days, closedDates: site.closed_dates };
  // The courses of a cohort share their schedule: generated once per template and first day.
  const schedules = new Map<string, readonly ScheduledMeasure[]>();
  const scheduleFor = (templateId: string | null, startDate: string | null): readonly ScheduledMeasure[] => {
    const key = `${templateId ?? ''}|${startDate ?? ''}`;
    let measures = schedules.get(key);
    if (measures === undefined) schedules.set(key, (measures = scheduleOf(templateId, startDate, calendar, protocol)));
    return measures;
  };

  const courseInputs: KeyedCourse[] = rows.map((r) => {
    const sessions = sessionsOf.get(r.id) ?? [];
    const lastDosing = sessions
      .filter((s) => s.state === 'discharged')
      .map((s) => s.infusion_started_at as Date)
      .sort((a, b) => a.getTime() - b.getTime())
      .at(-1);
    const answers: ProgramResponse[] = (responsesOf.get(r.patient_id) ?? []).map((x) => ({
      id: x.id,
      instrument: x.instrument,
      dueDate: x.due_date,
      completedDate: localDateOf(x.completed_at, zone),
      total: x.total ?? 0,
    }));
    return {
      enrollmentId: r.id,
      patientId: r.patient_id,
      template: r.cohort_template ?? r.program_template,
      cohortId: r.cohort_id,
      startDate: r.start_date,
      state: r.state,
      screened: eligibleOf.has(r.id),
      eligible: eligibleOf.get(r.id) === true,
      started: sessions.length > 0,
      withdrawnReason: r.state === 'withdrawn' ? (withdrawnReasonOf.get(r.id) ?? null) : null,
      measures: scheduleFor(r.cohort_template, r.start_date),
      responses: answers,
      lastDosingDate: lastDosing === undefined ? null : localDateOf(lastDosing, zone),
    };
  });

  const adverseOf = groupBy(adverse, (a) => a.session_id);
  const bpOf = groupBy(bp, (a) => a.session_id);
  const pumpOf = groupBy(pumpEvents, (e) => e.session_id);
  const orderOf = new Map(orders.map((o) => [o.session_id, o]));
  const dischargedAt = new Map(discharges.map((d) => [d.session_id, d.at]));
  const sessionInputs: KeyedSession[] = sessionRows.map((s) => {
    const events = pumpOf.get(s.id) ?? [];
    const order = orderOf.get(s.id);
    const { progress } = infusionCourseOf(s, order === undefined ? undefined : ivCalculation(calculationOf(order)), events, protocol, now);
    const stopped = events.some((e) => e.kind === 'stop') || s.state === 'aborted';
    const discharged = dischargedAt.get(s.id);
    const highest = (bpOf.get(s.id) ?? [])
      .map((a) => a.level)
      .filter(isBpLevel)
      .reduce<BpLevel>((worst, l) => (BP_LEVEL_RANK[l] > BP_LEVEL_RANK[worst] ? l : worst), 'none');
    return {
      sessionId: s.id,
      enrollmentId: s.enrollment_id,
      adverseEvents: (adverseOf.get(s.id) ?? []).flatMap((a) => (isSeverity(a.severity) ? [{ kind: a.kind, severity: a.severity }] : [])),
      bloodPressureLevel: highest,
      dischargeMinutes:
        discharged === undefined || s.infusion_ended_at === null
          ? null
          : Math.max(0, Math.round((discharged.getTime() - s.infusion_ended_at.getTime()) / 60_000)),
      paused: events.some((e) => e.kind === 'pause'),
      // Stopped (or aborted) before the pump ran its planned minutes (unknown without an order: not counted).
      stoppedEarly: stopped && progress !== null && progress.plannedMinutesReachedAt === undefined,
      route: s.route,
    };
  });
  return { courses: courseInputs, sessions: sessionInputs };
}

/** The booked course's measurement schedule (none while not booked, or when the calendar changed under it). */
function scheduleOf(
  templateId: string | null,
  startDate: string | null,
  calendar: { timeZone: string; workingDays: Weekday[]; closedDates: string[] },
  protocol: SiteProtocol,
): readonly ScheduledMeasure[] {
  if (templateId === null || startDate === null) return [];
  const template = findProgramTemplate(templateId);
  if (template === undefined) return [];
  try {
    return generateSchedule(template, startDate, calendar, protocol.config).measures;
  } catch {
    // A closed day added under a booked course: its measures wait for a reschedule (as its tasks do).
    return [];
  }
}

/** The site-local day of `now`, for the summary's "as of". */
export const siteToday = (now: Date, zone: string): string => localDateOf(now, zone);
