/**
 * The stored facts of a site's courses (migrations 0031, 0033): what core evaluated of each course
 * (`evaluateProgramCourse`: a fact row with its task summary, its unanswered tasks) and of each of
 * its started sessions, with the course's filter keys, kept so that the dashboard aggregates them
 * in SQL. A course's facts are computed when a write marked them stale (`program_course_dirty`,
 * filled by triggers: a new enrollment too), or when they were computed under another protocol
 * version than the one in force (then any missing ones too). The recomputation is bounded by what changed
 * since the last read (all of a site's courses only after a new protocol version or a calendar
 * change), in batches, under a per-site lock so two reads do not compute the same courses at once.
 * Each batch's rows are read in the transaction and evaluated by core (course-facts.ts): a few
 * courses on the spot, more in a worker thread, never long on the event loop.
 *
 * @module
 */
import { sql } from 'kysely';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import type { Db } from '../../../store/database.js';
import { computeProgramFacts } from '../../../workers/worker-pool.js';
import { courseFactRows, type CourseFactRows } from './course-facts.js';
import { programRawRowsOf, type ProgramSite } from './program-rows.js';

/** Courses evaluated per round trip batch. */
const BATCH = 1_000;
/** At most this many stale courses are evaluated on the event loop (about 10 ms; a system limit). */
const INLINE_MAX = 100;

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
 * courses were (re)computed. A batch past its time limit (`limits`: the worker pool's by default)
 * is a 503, and the transaction's rollback leaves the facts and their marks as they were.
 */
export async function refreshProgramFacts(
  tx: Db,
  site: ProgramSite,
  protocol: SiteProtocol,
  now: Date,
  limits: { timeLimitMs?: number; inlineMax?: number } = {},
): Promise<number> {
  if ((await staleEnrollments(tx, site.id, protocol)).length === 0) return 0;
  // One reader computes a site's facts at a time; the other waits, then finds them done.
  await sql`SELECT pg_advisory_xact_lock(hashtext('kairos.program-facts'), hashtext(${site.id}))`.execute(tx);
  const stale = await staleEnrollments(tx, site.id, protocol);
  // A few courses (what a day's writes mark) are evaluated here: a few milliseconds, and the
  // transaction's connection (the embedded database has one) is not held while a thread starts.
  // More (a new protocol version, a calendar change) go to a worker thread, batch by batch, so the
  // event loop stays free for readings and alarms meanwhile.
  const inline = stale.length <= (limits.inlineMax ?? INLINE_MAX);
  for (let i = 0; i < stale.length; i += BATCH) {
    const ids = stale.slice(i, i + BATCH);
    const raw = await readBatch(tx, site, ids);
    await writeBatch(
      tx,
      site,
      ids,
      inline ? courseFactRows(raw, site, protocol, now) : await computeProgramFacts({ raw, site, protocol, now }, limits),
    );
  }
  return stale.length;
}

/** The rows of a batch, read in the transaction; its stale marks go first (see below). */
async function readBatch(tx: Db, site: ProgramSite, ids: readonly string[]) {
  // A write that commits after this statement leaves its mark for the next read, and what it wrote
  // before is seen by the gathering below (each statement its snapshot).
  await sql`DELETE FROM program_course_dirty WHERE enrollment_id = ANY(${ids}::uuid[])`.execute(tx);
  return programRawRowsOf(tx, site, ids);
}

/** Replaces the batch's stored facts with the computed ones. */
async function writeBatch(tx: Db, site: ProgramSite, ids: readonly string[], rows: CourseFactRows): Promise<void> {
  // Children go with their course (ON DELETE CASCADE).
  await sql`DELETE FROM program_course_fact WHERE enrollment_id = ANY(${ids}::uuid[])`.execute(tx);
  // An enrollment no longer at this site (moved) keeps a mark for its new site's next read.
  if (rows.found.length < ids.length) {
    const found = new Set(rows.found);
    const gone = ids.filter((id) => !found.has(id));
    await sql`INSERT INTO program_course_dirty (enrollment_id)
      SELECT id FROM enrollment WHERE id = ANY(${gone}::uuid[]) AND site_id <> ${site.id}`.execute(tx);
  }
  const insert = async (table: string, json: string) => {
    if (json !== '[]')
      await sql`INSERT INTO ${sql.table(table)} SELECT * FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json)`.execute(
        tx,
      );
  };
  await insert('program_course_fact', rows.facts);
  await insert('program_course_open_task', rows.openTasks);
  await insert('program_session_fact', rows.sessions);
}
