/**
 * Use case: the server's periodic sweep of the course's time-based steps (protocol-defaults.md,
 * enrollment states): follow-up once the last program event is over, completed once the last
 * follow-up window has closed (and in treatment, should a start have been missed). Run every clock
 * minute beside the timed alarms; each enrollment in its own transaction, so one failure does not
 * hold up the others. One query finds the enrollments whose state could change now; the others are
 * not read (an enrollment in follow-up is read once a site-local day, see `course_checked_at`). Idempotent: a second run at the same time finds nothing due.
 *
 * @module
 */
import { sql } from 'kysely';
import { internalMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { followCourse } from './follow-course.js';

/** Applies every automatic enrollment step due at `now`; returns how many steps were taken. */
export async function sweepEnrollmentCourses(db: Db, now: Date): Promise<number> {
  const candidates = await db
    .selectFrom('enrollment as e')
    .innerJoin('site as s', 's.id', 'e.site_id')
    .select('e.id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('e.state', '=', 'scheduled'),
          eb.exists(
            eb
              .selectFrom('dosing_session as d')
              .select('d.id')
              .whereRef('d.enrollment_id', '=', 'e.id')
              .where('d.infusion_started_at', '<=', now),
          ),
        ]),
        eb.and([
          eb('e.state', '=', 'in-treatment'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('scheduled_event as ev')
                .select('ev.id')
                .whereRef('ev.enrollment_id', '=', 'e.id')
                .where('ev.state', '=', 'scheduled')
                .where('ev.ends_at', '>', now),
            ),
          ),
        ]),
        // In follow-up the next step (completed) waits for a site-local date: read an enrollment once a
        // local day, or again when it, its events or its site's signed protocol changed since.
        eb.and([
          eb('e.state', '=', 'follow-up'),
          eb.or([
            eb('e.course_checked_at', 'is', null),
            eb(
              sql<string>`(e.course_checked_at AT TIME ZONE s.time_zone)::date`,
              '<',
              sql<string>`(${now}::timestamptz AT TIME ZONE s.time_zone)::date`,
            ),
            eb('e.updated_at', '>', eb.ref('e.course_checked_at')),
            eb.exists(
              eb
                .selectFrom('scheduled_event as ev')
                .select('ev.id')
                .whereRef('ev.enrollment_id', '=', 'e.id')
                .whereRef('ev.updated_at', '>', 'e.course_checked_at'),
            ),
            eb.exists(
              eb
                .selectFrom('protocol_version as v')
                .select('v.version')
                .whereRef('v.site_id', '=', 'e.site_id')
                .whereRef('v.signed_at', '>', 'e.course_checked_at'),
            ),
          ]),
        ]),
      ]),
    )
    .orderBy('e.id')
    .execute();
  const meta = internalMeta('enrollment-course', now);
  let steps = 0;
  for (const { id } of candidates)
    steps += await transact(db, async (tx) => {
      const taken = await followCourse(tx, id, meta);
      // Nothing more is due today for an enrollment left in follow-up (a no-op for any other state).
      await tx.updateTable('enrollment').set({ course_checked_at: now }).where('id', '=', id).where('state', '=', 'follow-up').execute();
      return taken.length;
    });
  return steps;
}
