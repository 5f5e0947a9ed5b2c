/**
 * The stored facts of a site's courses (migration 0031): what core evaluated of each course
 * (`evaluateProgramCourse`) and of each of its started sessions, kept so that the dashboard
 * aggregates them in SQL. A course's facts are recomputed when they are missing, when a write
 * marked them stale (`program_course_dirty`, filled by triggers), or when they were computed under
 * another protocol version than the one in force. The recomputation is bounded by what changed
 * since the last read (all of a site's courses only after a new protocol version or a calendar
 * change), in batches, under a per-site lock so two reads do not compute the same courses at once.
 *
 * @module
 */
import { PROGRAM_TIME_POINTS, evaluateProgramCourse, type ProgramInstrument, type ProgramTimePoint } from '@kairos/core';
import { sql } from 'kysely';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import type { Db } from '../../../store/database.js';
import { programRowsOf, type ProgramSite } from './program-rows.js';

/** Courses evaluated per round trip batch. */
const BATCH = 1_000;

/** The instruments whose values a course's facts keep, one column per instrument and time point. */
export const FACT_INSTRUMENTS: readonly ProgramInstrument[] = ['pcl5', 'phq9', 'gad7'];

/** The column of a course's value at a time point (`pcl5_plus_30`). */
export const valueColumn = (instrument: ProgramInstrument, timePoint: ProgramTimePoint): string =>
  `${instrument}_${timePoint.replaceAll('-', '_')}`;

/** The site's enrollments whose facts are missing, stale or of another protocol version. */
async function staleEnrollments(tx: Db, siteId: string, protocol: SiteProtocol): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT e.id FROM enrollment e
    LEFT JOIN program_course_fact f ON f.enrollment_id = e.id
    WHERE e.site_id = ${siteId}
      AND (f.enrollment_id IS NULL OR f.protocol_version <> ${protocol.version} OR f.protocol_signed <> ${protocol.signed}
        OR EXISTS (SELECT 1 FROM program_course_dirty d WHERE d.enrollment_id = e.id))
    ORDER BY e.id`.execute(tx);
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

async function computeBatch(tx: Db, site: ProgramSite, protocol: SiteProtocol, now: Date, ids: readonly string[]): Promise<void> {
  // The dirty marks go first: a write that commits after this statement leaves its mark for the
  // next read, and what it wrote before is seen by the gathering below (each statement its snapshot).
  await sql`DELETE FROM program_course_dirty WHERE enrollment_id = ANY(${ids}::uuid[])`.execute(tx);
  const { courses, sessions } = await programRowsOf(tx, site, ids, protocol, now);
  const config = protocol.config.outcomes;
  const facts = [];
  const tasks = [];
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
    };
    for (const instrument of FACT_INSTRUMENTS) for (const t of PROGRAM_TIME_POINTS) row[valueColumn(instrument, t)] = null;
    for (const v of f.values) row[valueColumn(v.instrument, v.timePoint)] = v.total;
    facts.push(row);
    for (const t of f.tasks)
      tasks.push({
        enrollment_id: c.enrollmentId,
        time_point: t.timePoint,
        instrument: t.instrument,
        due_by: t.dueBy,
        answered: t.answered,
      });
  }
  const sessionRows = sessions.map((s) => ({
    session_id: s.sessionId,
    enrollment_id: s.enrollmentId,
    blood_pressure_level: s.bloodPressureLevel,
    discharge_minutes: s.dischargeMinutes,
    paused: s.paused,
    stopped_early: s.stoppedEarly,
  }));
  // Children go with their course (ON DELETE CASCADE).
  await sql`DELETE FROM program_course_fact WHERE enrollment_id = ANY(${ids}::uuid[])`.execute(tx);
  if (facts.length > 0)
    await sql`INSERT INTO program_course_fact SELECT * FROM json_populate_recordset(NULL::program_course_fact, ${JSON.stringify(facts)}::json)`.execute(
      tx,
    );
  if (tasks.length > 0)
    await sql`INSERT INTO program_course_task SELECT * FROM json_populate_recordset(NULL::program_course_task, ${JSON.stringify(tasks)}::json)`.execute(
      tx,
    );
  if (sessionRows.length > 0)
    await sql`INSERT INTO program_session_fact SELECT * FROM json_populate_recordset(NULL::program_session_fact, ${JSON.stringify(sessionRows)}::json)`.execute(
      tx,
    );
}
