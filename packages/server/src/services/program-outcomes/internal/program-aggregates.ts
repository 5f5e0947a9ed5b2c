/**
 * The program's figures in SQL, to small rows (issue 24, Must 5): the stored facts of the filtered
 * courses (program-facts.ts) grouped into counts and histograms that core's
 * `summarizeProgramAggregates` turns into every figure: the flow by its facts, the values per
 * instrument, time point and total, the PCL-5 pairs (baseline, time point, total), the survival
 * (days, event), the completeness per time point and instrument (a task unanswered after its last
 * day is overdue on the site's today), and the sessions by blood-pressure level, minutes to
 * discharge, pause and early stop, with the adverse events by kind and severity. The questionnaire
 * responses are not read here (only when a course's facts are computed, by patient).
 *
 * @module
 */
import { PROGRAM_TIME_POINTS, type ProgramAggregates, type ProgramInstrument, type ProgramTimePoint } from '@kairos/core';
import type { ProgramOutcomesQuery } from '@kairos/api';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../store/database.js';
import { FACT_INSTRUMENTS, valueColumn } from './program-facts.js';
import type { ProgramScope } from './program-rows.js';

type Sql = RawBuilder<unknown>;

/** The facts of the courses the filters and the scope keep, as a `WITH fc AS (...)` clause. */
export function filteredFacts(siteId: string, scope: ProgramScope, f: ProgramOutcomesQuery): Sql {
  const where: Sql[] = [sql`f.site_id = ${siteId}`];
  if (scope.kind === 'care-team')
    where.push(sql`EXISTS (SELECT 1 FROM care_team_member m WHERE m.patient_id = f.patient_id AND m.user_id = ${scope.userId})`);
  // A course is of a template by its cohort, or by the enrollment's template before it is booked;
  // a date range or a cohort keeps only booked courses.
  if (f.template !== undefined) where.push(sql`f.template = ${f.template}`);
  if (f.from !== undefined) where.push(sql`f.start_date >= ${f.from}`);
  if (f.to !== undefined) where.push(sql`f.start_date <= ${f.to}`);
  if (f.cohortId !== undefined) where.push(sql`f.cohort_id = ${f.cohortId}`);
  return sql`WITH fc AS (SELECT f.* FROM program_course_fact f WHERE ${sql.join(where, sql` AND `)})`;
}

/** `(VALUES ('pcl5', 'baseline', fc.pcl5_baseline), ...)`: a course's values as rows. */
function valueRows(cells: readonly { instrument: ProgramInstrument; timePoint: ProgramTimePoint }[]): Sql {
  const rows = cells.map(
    (c) => sql`(${sql.lit(c.instrument)}, ${sql.lit(c.timePoint)}, fc.${sql.ref(valueColumn(c.instrument, c.timePoint))})`,
  );
  return sql`(VALUES ${sql.join(rows, sql`, `)})`;
}

const ALL_CELLS = FACT_INSTRUMENTS.flatMap((instrument) => PROGRAM_TIME_POINTS.map((timePoint) => ({ instrument, timePoint })));
const PCL5_AFTER_BASELINE = PROGRAM_TIME_POINTS.filter((t) => t !== 'baseline').map((timePoint) => ({
  instrument: 'pcl5' as const,
  timePoint,
}));

/** The aggregation queries, by name (the bench explains each). */
export function aggregateQueries(fc: Sql, today: string) {
  return {
    flow: sql`${fc} SELECT state, screened, eligible, started, withdrawn_reason, count(*)::int AS count,
        count(*) FILTER (WHERE lost_to_follow_up_after < ${today}::date)::int AS lost
      FROM fc GROUP BY state, screened, eligible, started, withdrawn_reason`,
    values: sql`${fc} SELECT v.instrument, v.time_point, v.total, count(*)::int AS count
      FROM fc CROSS JOIN LATERAL ${valueRows(ALL_CELLS)} AS v(instrument, time_point, total)
      WHERE v.total IS NOT NULL GROUP BY v.instrument, v.time_point, v.total`,
    pcl5Pairs: sql`${fc} SELECT v.time_point, fc.pcl5_baseline AS baseline_total, v.total, count(*)::int AS count
      FROM fc CROSS JOIN LATERAL ${valueRows(PCL5_AFTER_BASELINE)} AS v(instrument, time_point, total)
      WHERE fc.pcl5_baseline IS NOT NULL AND v.total IS NOT NULL GROUP BY v.time_point, fc.pcl5_baseline, v.total`,
    survival: sql`${fc} SELECT survival_days AS days, survival_event AS event, count(*)::int AS count
      FROM fc WHERE survival_days IS NOT NULL GROUP BY survival_days, survival_event`,
    completeness: sql`${fc} SELECT t.time_point, t.instrument,
        count(*) FILTER (WHERE t.answered OR t.due_by < ${today}::date)::int AS due,
        count(*) FILTER (WHERE t.answered)::int AS answered
      FROM program_course_task t JOIN fc ON fc.enrollment_id = t.enrollment_id GROUP BY t.time_point, t.instrument`,
    sessions: sql`${fc} SELECT s.blood_pressure_level, s.discharge_minutes, s.paused, s.stopped_early, count(*)::int AS count
      FROM program_session_fact s JOIN fc ON fc.enrollment_id = s.enrollment_id
      GROUP BY s.blood_pressure_level, s.discharge_minutes, s.paused, s.stopped_early`,
    adverseEvents: sql`${fc} SELECT a.kind, a.severity, count(*)::int AS count
      FROM adverse_event a JOIN program_session_fact s ON s.session_id = a.session_id JOIN fc ON fc.enrollment_id = s.enrollment_id
      GROUP BY a.kind, a.severity`,
  };
}

type BpLevel = ProgramAggregates['safety']['bloodPressure'][number]['level'];

/** The aggregates of the filtered courses' facts on the site's `today` (`YYYY-MM-DD`). */
export async function aggregateProgramOutcomes(
  tx: Db,
  siteId: string,
  scope: ProgramScope,
  f: ProgramOutcomesQuery,
  today: string,
): Promise<ProgramAggregates> {
  const q = aggregateQueries(filteredFacts(siteId, scope, f), today);
  const run = async <R>(query: Sql): Promise<R[]> => (await (query as RawBuilder<R>).execute(tx)).rows;
  const flow = await run<{
    state: string;
    screened: boolean;
    eligible: boolean;
    started: boolean;
    withdrawn_reason: string | null;
    count: number;
    lost: number;
  }>(q.flow);
  const values = await run<{ instrument: ProgramInstrument; time_point: ProgramTimePoint; total: number; count: number }>(q.values);
  const pcl5Pairs = await run<{ time_point: ProgramTimePoint; baseline_total: number; total: number; count: number }>(q.pcl5Pairs);
  const survival = await run<{ days: number; event: boolean; count: number }>(q.survival);
  const completeness = await run<{ time_point: ProgramTimePoint; instrument: ProgramInstrument; due: number; answered: number }>(
    q.completeness,
  );
  const sessions = await run<{
    blood_pressure_level: BpLevel;
    discharge_minutes: number | null;
    paused: boolean;
    stopped_early: boolean;
    count: number;
  }>(q.sessions);
  const adverseEvents = await run<{ kind: string; severity: string; count: number }>(q.adverseEvents);

  const sum = (rows: readonly { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);
  const byLevel = new Map<BpLevel, number>();
  const byMinutes = new Map<number, number>();
  for (const s of sessions) {
    byLevel.set(s.blood_pressure_level, (byLevel.get(s.blood_pressure_level) ?? 0) + s.count);
    if (s.discharge_minutes !== null) byMinutes.set(s.discharge_minutes, (byMinutes.get(s.discharge_minutes) ?? 0) + s.count);
  }
  return {
    courses: flow.map((r) => ({
      state: r.state,
      screened: r.screened,
      eligible: r.eligible,
      started: r.started,
      withdrawnReason: r.withdrawn_reason,
      count: r.count,
    })),
    lostToFollowUp: flow.reduce((s, r) => s + r.lost, 0),
    values: values.map((r) => ({ instrument: r.instrument, timePoint: r.time_point, total: r.total, count: r.count })),
    pcl5Pairs: pcl5Pairs.map((r) => ({ timePoint: r.time_point, baselineTotal: r.baseline_total, total: r.total, count: r.count })),
    survival: survival.map((r) => ({ days: r.days, event: r.event, count: r.count })),
    completeness: completeness.map((r) => ({ timePoint: r.time_point, instrument: r.instrument, due: r.due, answered: r.answered })),
    safety: {
      sessions: sum(sessions),
      adverseEvents,
      bloodPressure: [...byLevel.entries()].map(([level, count]) => ({ level, count })),
      dischargeMinutes: [...byMinutes.entries()].map(([minutes, count]) => ({ minutes, count })),
      pausedSessions: sum(sessions.filter((s) => s.paused)),
      stoppedEarlySessions: sum(sessions.filter((s) => s.stopped_early)),
    },
  };
}
