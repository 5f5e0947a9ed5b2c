/**
 * Use case: the server's periodic sweep of the course's time-based steps (protocol-defaults.md,
 * enrollment states): follow-up once the last program event is over, completed once the last
 * follow-up window has closed (and in treatment, should a start have been missed). Run every clock
 * minute beside the timed alarms; each enrollment in its own transaction, so one failure does not
 * hold up the others. Idempotent: a second run at the same time finds nothing due.
 *
 * @module
 */
import { internalMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { followCourse } from './follow-course.js';

/** Applies every automatic enrollment step due at `now`; returns how many steps were taken. */
export async function sweepEnrollmentCourses(db: Db, now: Date): Promise<number> {
  const candidates = await db
    .selectFrom('enrollment as e')
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
        eb('e.state', '=', 'follow-up'),
      ]),
    )
    .orderBy('e.id')
    .execute();
  const meta = internalMeta('enrollment-course', now);
  let steps = 0;
  for (const { id } of candidates) steps += (await transact(db, (tx) => followCourse(tx, id, meta))).length;
  return steps;
}
