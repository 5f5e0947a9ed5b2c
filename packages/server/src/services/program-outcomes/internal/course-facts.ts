/**
 * A batch of courses' stored facts, computed from their rows (program-rows.ts): what core evaluates
 * of each course (`evaluateProgramCourse`) and of each of its started sessions, as the rows of
 * `program_course_fact`, `program_course_open_task` and `program_session_fact`, with the course's
 * filter keys. Pure computation: the facts' refresh (program-facts.ts) runs it in a worker thread
 * (workers/worker-job.ts), so a site's thousands of courses never hold up the event loop.
 *
 * @module
 */
import { PROGRAM_TIME_POINTS, evaluateProgramCourse, type ProgramInstrument, type ProgramTimePoint } from '@kairos/core';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import { assembleProgramRows, type KeyedCourse, type ProgramRawRows, type ProgramSite } from './program-rows.js';

/** The instruments whose values a course's facts keep, one column per instrument and time point. */
export const FACT_INSTRUMENTS: readonly ProgramInstrument[] = ['pcl5', 'phq9', 'gad7'];

/** The column of a course's value at a time point (`pcl5_plus_30`). */
export const valueColumn = (instrument: ProgramInstrument, timePoint: ProgramTimePoint): string =>
  `${instrument}_${timePoint.replaceAll('-', '_')}`;

/**
 * A course's tasks as completeness counts them, today aside: per time point and instrument, how
 * many were answered and how many not (`baseline.pcl5:1/0;plus-90.pcl5:0/1`, sorted). Parsed by
 * the aggregation (program-aggregates.ts).
 */
export function taskSummaryOf(tasks: readonly { timePoint: ProgramTimePoint; instrument: ProgramInstrument; answered: boolean }[]): string {
  const cells = new Map<string, { answered: number; open: number }>();
  for (const t of tasks) {
    const key = `${t.timePoint}.${t.instrument}`;
    const cell = cells.get(key) ?? { answered: 0, open: 0 };
    if (t.answered) cell.answered += 1;
    else cell.open += 1;
    cells.set(key, cell);
  }
  return [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, c]) => `${key}:${c.answered}/${c.open}`)
    .join(';');
}

/** A batch's fact rows, each table's as JSON text (for `json_populate_recordset`), and the enrollments found at the site. */
export interface CourseFactRows {
  /** The enrollments of the batch still at the site (the others moved). */
  found: string[];
  facts: string;
  openTasks: string;
  sessions: string;
}

/** The fact rows of the courses in `raw`, evaluated under `protocol` at `now`. */
export function courseFactRows(raw: ProgramRawRows, site: ProgramSite, protocol: SiteProtocol, now: Date): CourseFactRows {
  const { courses, sessions } = assembleProgramRows(raw, site, protocol, now);
  const config = protocol.config.outcomes;
  // The course's filter keys, carried by its open tasks and sessions.
  const keysOf = (c: KeyedCourse) => ({
    site_id: site.id,
    patient_id: c.patientId,
    template: c.template,
    cohort_id: c.cohortId,
    start_date: c.startDate,
  });
  const facts = [];
  const openTasks = [];
  for (const c of courses) {
    const f = evaluateProgramCourse(c, config);
    const row: Record<string, unknown> = {
      enrollment_id: c.enrollmentId,
      site_id: site.id,
      patient_id: c.patientId,
      protocol_version: protocol.version,
      protocol_signed: protocol.signed,
      computed_at: now.toISOString(),
      template: c.template,
      cohort_id: c.cohortId,
      start_date: c.startDate,
      state: f.state,
      screened: f.screened,
      eligible: f.eligible,
      started: f.started,
      withdrawn_reason: f.withdrawnReason,
      lost_to_follow_up_after: f.lostToFollowUpAfter,
      survival_days: f.survival?.days ?? null,
      survival_event: f.survival?.event ?? null,
      task_summary: taskSummaryOf(f.tasks),
    };
    for (const instrument of FACT_INSTRUMENTS) for (const t of PROGRAM_TIME_POINTS) row[valueColumn(instrument, t)] = null;
    for (const v of f.values) row[valueColumn(v.instrument, v.timePoint)] = v.total;
    facts.push(row);
    for (const t of f.tasks)
      if (!t.answered)
        openTasks.push({
          enrollment_id: c.enrollmentId,
          time_point: t.timePoint,
          instrument: t.instrument,
          due_by: t.dueBy,
          ...keysOf(c),
        });
  }
  const courseOf = new Map(courses.map((c) => [c.enrollmentId, c]));
  const sessionRows = sessions.flatMap((s) => {
    const c = courseOf.get(s.enrollmentId);
    if (c === undefined) return [];
    return [
      {
        session_id: s.sessionId,
        enrollment_id: s.enrollmentId,
        blood_pressure_level: s.bloodPressureLevel,
        discharge_minutes: s.dischargeMinutes,
        paused: s.paused,
        stopped_early: s.stoppedEarly,
        route: s.route ?? 'IV',
        ...keysOf(c),
      },
    ];
  });
  return {
    found: courses.map((c) => c.enrollmentId),
    facts: JSON.stringify(facts),
    openTasks: JSON.stringify(openTasks),
    sessions: JSON.stringify(sessionRows),
  };
}
