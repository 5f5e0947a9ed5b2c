/**
 * The program's figures in SQL, to small rows (issue 24, Must 5): the stored facts of the filtered
 * courses (program-facts.ts) grouped into counts and histograms that core's
 * `summarizeProgramAggregates` turns into every figure. Four queries, each one scan of one table
 * filtered by the course keys it carries (no join over every course):
 *
 * - `courses`: the facts, grouped by every set at once (GROUPING SETS): the flow with "lost to
 *   follow-up on today", each instrument and time point's value, the PCL-5 pairs (baseline, later
 *   time point), the survival (days, event), and the task summary (answered and unanswered tasks
 *   per time point and instrument: courses alike share it, so a handful of groups).
 * - `openTasks`: the unanswered tasks overdue on the site's today (answered ones are always due).
 * - `sessions`: the started sessions by blood-pressure level, minutes to discharge, pause and early
 *   stop; `adverseEvents`: their adverse events by kind and severity (read at read time).
 *
 * The questionnaire responses are not read here (only when a course's facts are computed, by patient).
 *
 * @module
 */
import {
  DOSING_ROUTES,
  PROGRAM_TIME_POINTS,
  type DosingRoute,
  type ProgramAggregates,
  type ProgramInstrument,
  type ProgramTimePoint,
} from '@kairos/core';
import type { ProgramOutcomesQuery } from '@kairos/api';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../store/database.js';
import { FACT_INSTRUMENTS, valueColumn } from './course-facts.js';
import type { ProgramScope } from './program-rows.js';

type Sql = RawBuilder<unknown>;

/** The filters and the scope as a condition on a table with the course keys (facts, open tasks, sessions) aliased `alias`. */
function courseFilter(alias: string, siteId: string, scope: ProgramScope, f: ProgramOutcomesQuery): Sql {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const where: Sql[] = [sql`${col('site_id')} = ${siteId}`];
  if (scope.kind === 'care-team')
    where.push(sql`EXISTS (SELECT 1 FROM care_team_member m WHERE m.patient_id = ${col('patient_id')} AND m.user_id = ${scope.userId})`);
  // A course is of a template by its cohort, or by the enrollment's template before it is booked;
  // a date range or a cohort keeps only booked courses.
  if (f.template !== undefined) where.push(sql`${col('template')} = ${f.template}`);
  if (f.from !== undefined) where.push(sql`${col('start_date')} >= ${f.from}`);
  if (f.to !== undefined) where.push(sql`${col('start_date')} <= ${f.to}`);
  if (f.cohortId !== undefined) where.push(sql`${col('cohort_id')} = ${f.cohortId}`);
  return sql.join(where, sql` AND `);
}

/** The flow facts, and whether the course is lost to follow-up on the day read (`lost`, computed in the scan). */
const FLOW_COLUMNS = ['state', 'screened', 'eligible', 'started', 'withdrawn_reason', 'lost'] as const;
const VALUE_CELLS = FACT_INSTRUMENTS.flatMap((instrument) =>
  PROGRAM_TIME_POINTS.map((timePoint) => ({ instrument, timePoint, column: valueColumn(instrument, timePoint) })),
);
const PCL5_PAIRS = PROGRAM_TIME_POINTS.filter((t) => t !== 'baseline').map((timePoint) => ({
  timePoint,
  column: valueColumn('pcl5', timePoint),
}));

/**
 * The grouping sets of the one scan of the filtered courses' facts: the flow, each value column, each
 * PCL-5 pair (baseline, later time point), the survival, and the task summary. `GROUPING(...)` over
 * {@link GROUPED} tells a row's set: the bit of each column not grouped by is set.
 */
const SETS: { kind: 'flow' | 'value' | 'pair' | 'survival' | 'tasks'; columns: readonly string[]; cell?: number }[] = [
  { kind: 'flow', columns: FLOW_COLUMNS },
  ...VALUE_CELLS.map((c, cell) => ({ kind: 'value' as const, columns: [c.column], cell })),
  ...PCL5_PAIRS.map((p, cell) => ({ kind: 'pair' as const, columns: ['pcl5_baseline', p.column], cell })),
  { kind: 'survival', columns: ['survival_days', 'survival_event'] },
  { kind: 'tasks', columns: ['task_summary'] },
];
const GROUPED: readonly string[] = [...new Set(SETS.flatMap((s) => s.columns))];
const maskOf = (columns: readonly string[]): number =>
  GROUPED.reduce((mask, c, i) => (columns.includes(c) ? mask : mask | (1 << (GROUPED.length - 1 - i))), 0);
const SET_OF_MASK = new Map(SETS.map((s) => [maskOf(s.columns), s]));

/**
 * The aggregation queries, by name (the bench explains each, as run): `courses` is one scan of the
 * filtered courses' facts grouped by every set at once; `openTasks` the unanswered tasks overdue on
 * `today`; `sessions` and `adverseEvents` the started sessions, filtered by the course keys they carry.
 */
export function aggregateQueries(siteId: string, scope: ProgramScope, f: ProgramOutcomesQuery, today: string) {
  const refs = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(c)));
  return {
    courses: sql`SELECT GROUPING(${refs(GROUPED)}) AS grouping, ${refs(GROUPED)}, count(*)::int AS count
      FROM (SELECT f.*, coalesce(f.lost_to_follow_up_after < ${today}::date, false) AS lost
        FROM program_course_fact f WHERE ${courseFilter('f', siteId, scope, f)}) f
      GROUP BY GROUPING SETS (${sql.join(SETS.map((s) => sql`(${refs(s.columns)})`))})`,
    openTasks: sql`SELECT t.time_point, t.instrument, count(*)::int AS count
      FROM program_course_open_task t WHERE t.due_by < ${today}::date AND ${courseFilter('t', siteId, scope, f)}
      GROUP BY t.time_point, t.instrument`,
    sessions: sql`SELECT s.blood_pressure_level, s.discharge_minutes, s.paused, s.stopped_early, s.route, count(*)::int AS count
      FROM program_session_fact s WHERE ${courseFilter('s', siteId, scope, f)}
      GROUP BY s.blood_pressure_level, s.discharge_minutes, s.paused, s.stopped_early, s.route`,
    adverseEvents: sql`SELECT a.kind, a.severity, count(*)::int AS count
      FROM adverse_event a JOIN program_session_fact s ON s.session_id = a.session_id
      WHERE ${courseFilter('s', siteId, scope, f)}
      GROUP BY a.kind, a.severity`,
  };
}

type BpLevel = ProgramAggregates['safety']['bloodPressure'][number]['level'];

/**
 * One process per query, for the rest of the transaction `tx`: for scans of some 100,000 narrow
 * rows, parallel workers cost more than they save on a busy server (measured: twice the time at a
 * load of 4 on 2 cores), and they would take the cores the chair's writes need.
 */
export async function singleProcess(tx: Db): Promise<void> {
  await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(tx);
}

/** A grouped row of the facts' scan: the grouping bits, the grouped columns (null when not grouped by), the counts. */
type CourseGroupRow = Record<string, unknown> & { grouping: number; count: number };

/** Parses a task summary (course-facts.ts `taskSummaryOf`) into its cells. */
function parseTaskSummary(
  summary: string,
): { timePoint: ProgramTimePoint; instrument: ProgramInstrument; answered: number; open: number }[] {
  if (summary === '') return [];
  return summary.split(';').map((cell) => {
    const m = /^([a-z0-9-]+)\.([a-z0-9]+):(\d+)\/(\d+)$/.exec(cell);
    if (m === null) throw new Error(`malformed task summary "${summary}"`);
    return { timePoint: m[1] as ProgramTimePoint, instrument: m[2] as ProgramInstrument, answered: Number(m[3]), open: Number(m[4]) };
  });
}

/** The aggregates of the filtered courses' facts on the site's `today` (`YYYY-MM-DD`). */
export async function aggregateProgramOutcomes(
  tx: Db,
  siteId: string,
  scope: ProgramScope,
  f: ProgramOutcomesQuery,
  today: string,
): Promise<ProgramAggregates> {
  const q = aggregateQueries(siteId, scope, f, today);
  await singleProcess(tx);
  const run = async <R>(query: Sql): Promise<R[]> => (await (query as RawBuilder<R>).execute(tx)).rows;
  const groups = await run<CourseGroupRow>(q.courses);
  const openTasks = await run<{ time_point: ProgramTimePoint; instrument: ProgramInstrument; count: number }>(q.openTasks);
  const sessions = await run<{
    blood_pressure_level: BpLevel;
    discharge_minutes: number | null;
    paused: boolean;
    stopped_early: boolean;
    route: DosingRoute;
    count: number;
  }>(q.sessions);
  const adverseEvents = await run<{ kind: string; severity: string; count: number }>(q.adverseEvents);

  const courses: Mutable<ProgramAggregates['courses']> = [];
  const values: Mutable<ProgramAggregates['values']> = [];
  const pcl5Pairs: Mutable<ProgramAggregates['pcl5Pairs']> = [];
  const survival: Mutable<ProgramAggregates['survival']> = [];
  const completeness: Mutable<ProgramAggregates['completeness']> = [];
  let lostToFollowUp = 0;
  const int = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  for (const r of groups) {
    const set = SET_OF_MASK.get(Number(r.grouping));
    if (set === undefined) throw new Error(`unexpected grouping ${String(r.grouping)}`);
    if (set.kind === 'flow') {
      courses.push({
        state: r.state as string,
        screened: r.screened as boolean,
        eligible: r.eligible as boolean,
        started: r.started as boolean,
        withdrawnReason: r.withdrawn_reason as string | null,
        count: r.count,
      });
      if (r.lost === true) lostToFollowUp += r.count;
    } else if (set.kind === 'value') {
      const cell = VALUE_CELLS[set.cell ?? -1];
      const total = cell === undefined ? null : int(r[cell.column]);
      if (cell !== undefined && total !== null)
        values.push({ instrument: cell.instrument, timePoint: cell.timePoint, total, count: r.count });
    } else if (set.kind === 'pair') {
      const pair = PCL5_PAIRS[set.cell ?? -1];
      const baselineTotal = int(r.pcl5_baseline);
      const total = pair === undefined ? null : int(r[pair.column]);
      if (pair !== undefined && baselineTotal !== null && total !== null)
        pcl5Pairs.push({ timePoint: pair.timePoint, baselineTotal, total, count: r.count });
    } else if (set.kind === 'survival') {
      const days = int(r.survival_days);
      if (days !== null) survival.push({ days, event: r.survival_event as boolean, count: r.count });
    } else {
      // Answered tasks are due whatever the day; the unanswered ones once overdue (below).
      for (const c of parseTaskSummary(r.task_summary as string))
        completeness.push({ timePoint: c.timePoint, instrument: c.instrument, due: c.answered * r.count, answered: c.answered * r.count });
    }
  }
  for (const t of openTasks) completeness.push({ timePoint: t.time_point, instrument: t.instrument, due: t.count, answered: 0 });

  const sum = (rows: readonly { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);
  const byLevel = new Map<BpLevel, number>();
  const byMinutes = new Map<number, number>();
  for (const s of sessions) {
    byLevel.set(s.blood_pressure_level, (byLevel.get(s.blood_pressure_level) ?? 0) + s.count);
    if (s.discharge_minutes !== null) byMinutes.set(s.discharge_minutes, (byMinutes.get(s.discharge_minutes) ?? 0) + s.count);
  }
  return {
    courses,
    lostToFollowUp,
    values,
    pcl5Pairs,
    survival,
    completeness,
    safety: {
      sessions: sum(sessions),
      adverseEvents,
      bloodPressure: [...byLevel.entries()].map(([level, count]) => ({ level, count })),
      dischargeMinutes: [...byMinutes.entries()].map(([minutes, count]) => ({ minutes, count })),
      pausedSessions: sum(sessions.filter((s) => s.paused)),
      stoppedEarlySessions: sum(sessions.filter((s) => s.stopped_early)),
      sessionsByRoute: DOSING_ROUTES.map((route) => ({ route, count: sum(sessions.filter((s) => s.route === route)) })),
    },
  };
}

type Mutable<T> = T extends readonly (infer U)[] ? U[] : T;
