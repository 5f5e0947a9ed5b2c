/**
 * The stored facts of a site's courses (migrations 0031, 0033): what core evaluated of each course
 * (`evaluateProgramCourse`: a fact row with its task summary, its unanswered tasks) and of each of
 * its started sessions, with the course's filter keys, kept so that the dashboard aggregates them
 * in SQL. A course's facts are computed when a write marked them stale (`program_course_dirty`,
 * filled by triggers: a new enrollment too), or when they were computed under another protocol
 * version than the one in force (then any missing ones too). The recomputation is bounded by what changed
 * since the last read (all of a site's courses only after a new protocol version or a calendar
 * change), in batches, under a per-site lock so two reads do not compute the same courses at once.
 *
 * @module
 */
import { PROGRAM_TIME_POINTS, evaluateProgramCourse, type ProgramInstrument, type ProgramTimePoint } from '@kairos/core';
import { sql } from 'kysely';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import type { Db } from '../../../store/database.js';
import { programRowsOf, type KeyedCourse, type ProgramSite } from './program-rows.js';

/** Courses evaluated per round trip batch. */
const BATCH = 1_000;

/** The instruments whose values a course's facts keep, one column per instrument and time point. */
export const FACT_INSTRUMENTS: readonly ProgramInstrument[] = ['pcl5', 'phq9', 'gad7'];

/** The column of a course's value at a time point (`pcl5_plus_30`). */
export const valueColumn = (instrument: ProgramInstrument, timePoint: ProgramTimePoint): string =>
  `${instrument}_${timePoint.replaceAll('-', '_')}`;

/**
 * The site's enrollments whose facts are missing, stale or of another protocol version. The common
 * case costs a few index probes: the stale marks of the site (a small table: every write adds its
 * courses, a new enrollment included, and a read removes those it recomputed), and whether any
 * fact of the site was computed under another version than the one in force. Only then are all the
 * site's enrollments compared with their facts (missing ones included).
 */
async function staleEnrollments(tx: Db, siteId: string, protocol: SiteProtocol): Promise<string[]> {
  const { version, signed } = protocol;
  const check = await sql<{ other_version: boolean }>`
    SELECT
      EXISTS (SELECT 1 FROM program_course_fact WHERE site_id = ${siteId} AND protocol_version < ${version})
        OR EXISTS (SELECT 1 FROM program_course_fact WHERE site_id = ${siteId} AND protocol_version > ${version})
        OR EXISTS (SELECT 1 FROM program_course_fact WHERE site_id = ${siteId} AND protocol_version = ${version} AND protocol_signed = ${!signed})
        AS other_version`.execute(tx);
  const c = check.rows[0];
  // The marks of the site's enrollments, and of enrollments whose facts are at the site but which moved.
  const marked = sql`
    SELECT d.enrollment_id AS id FROM program_course_dirty d JOIN enrollment e ON e.id = d.enrollment_id WHERE e.site_id = ${siteId}
    UNION SELECT d.enrollment_id FROM program_course_dirty d JOIN program_course_fact f ON f.enrollment_id = d.enrollment_id WHERE f.site_id = ${siteId}`;
  const { rows } =
    c === undefined || c.other_version
      ? await sql<{ id: string }>`
          SELECT e.id FROM enrollment e
          LEFT JOIN program_course_fact f ON f.enrollment_id = e.id
          WHERE e.site_id = ${siteId} AND (f.enrollment_id IS NULL OR f.protocol_version <> ${version} OR f.protocol_signed <> ${signed})
          UNION ${marked} ORDER BY id`.execute(tx)
      : await sql<{ id: string }>`${marked} ORDER BY id`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * Brings the facts of the site's courses up to date (see the module description); returns how many
 * courses were (re)computed.
 */
export async function refreshProgramFacts(tx: Db, site: ProgramSite, protocol: SiteProtocol, now: Date): Promise<number> {
  if ((await staleEnrollments(tx, site.id, protocol)).length === 0) return 0;
  // One reader computes a site's facts at a time; the other waits, then finds them done.
  await sql`SELECT pg_advisory_xact_lock(hashtext('kairos.program-facts'), hashtext(${site.id}))`.execute(tx);
  const stale = await staleEnrollments(tx, site.id, protocol);
  for (let i = 0; i < stale.length; i += BATCH) await computeBatch(tx, site, protocol, now, stale.slice(i, i + BATCH));
  return stale.length;
}

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

async function computeBatch(tx: Db, site: ProgramSite, protocol: SiteProtocol, now: Date, ids: readonly string[]): Promise<void> {
  // The dirty marks go first: a write that commits after this statement leaves its mark for the
  // next read, and what it wrote before is seen by the gathering below (each statement its snapshot).
  await sql`DELETE FROM program_course_dirty WHERE enrollment_id = ANY(${ids}::uuid[])`.execute(tx);
  const { courses, sessions } = await programRowsOf(tx, site, ids, protocol, now);
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
        ...keysOf(c),
      },
    ];
  });
  // Children go with their course (ON DELETE CASCADE).
  await sql`DELETE FROM program_course_fact WHERE enrollment_id = ANY(${ids}::uuid[])`.execute(tx);
  // An enrollment no longer at this site (moved) keeps a mark for its new site's next read.
  if (courses.length < ids.length) {
    const gone = ids.filter((id) => !courseOf.has(id));
    await sql`INSERT INTO program_course_dirty (enrollment_id)
      SELECT id FROM enrollment WHERE id = ANY(${gone}::uuid[]) AND site_id <> ${site.id}`.execute(tx);
  }
  const insert = async (table: string, rows: readonly object[]) => {
    if (rows.length > 0)
      await sql`INSERT INTO ${sql.table(table)} SELECT * FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::json)`.execute(
        tx,
      );
  };
  await insert('program_course_fact', facts);
  await insert('program_course_open_task', openTasks);
  await insert('program_session_fact', sessionRows);
}
