/**
 * Booking a cohort: every event of every member under row locks on its chairs, rooms and staff, or nothing (409 with the clashes); its dosing sessions are created and its enrollments move to scheduled.
 *
 * @module
 */
import type { CohortPlanBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { createSessionsForEvents } from '../dosing-session/create-sessions-for-events.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { moveEnrollment } from '../enrollment/move-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { findClashes } from './internal/find-clashes.js';
import { lockResources } from './internal/lock-resources.js';
import { planEvents } from './internal/plan-events.js';

/** Books a cohort: every event of every member, or nothing (409 with the clashes). */
export async function bookCohort(db: Db, actor: Actor, input: CohortPlanBody, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const enrollments = [];
    for (const m of input.members) {
      const e = await loadEnrollmentFor(tx, actor, m.enrollmentId, meta, 'schedule.book');
      if (e.state !== 'eligible')
        throw new AppError(
          'INVALID_TRANSITION',
          `enrollment ${e.id} is ${e.state}: only eligible enrollments (with signed consent) can be scheduled`,
          { current: e.state, allowed: [] },
        );
      if (e.program_template !== input.programTemplate || e.site_id !== input.siteId)
        throw new AppError('VALIDATION_FAILED', `enrollment ${e.id} is for ${e.program_template} at another site or program`, {
          issues: [{ field: 'body.members', message: 'program or site differs' }],
        });
      enrollments.push(e);
    }
    const planned = await planEvents(tx, input, meta.now);
    await lockResources(tx, planned);
    const clashes = await findClashes(tx, input.siteId, planned, [], meta.now);
    if (clashes.length > 0)
      throw new AppError(
        'CONFLICT',
        `the plan clashes ${clashes.length} time(s): ${clashes[0]?.message}${clashes.length > 1 ? ' …' : ''}`,
        { clashes },
      );
    const cohort = await tx
      .insertInto('cohort')
      .values({
        site_id: input.siteId,
        program_template: input.programTemplate,
        start_date: input.startDate,
        created_at: meta.now,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const eventIds: string[] = [];
    for (const e of planned) {
      const row = await tx
        .insertInto('scheduled_event')
        .values({
          cohort_id: cohort.id,
          enrollment_id: e.enrollmentId,
          site_id: input.siteId,
          kind: e.kind,
          title: e.title,
          program_day: e.day,
          starts_at: e.startsAt,
          ends_at: e.endsAt,
          chair_id: e.chairId,
          room_id: e.roomId,
          infusion: e.infusion === null ? null : JSON.stringify(e.infusion),
          created_at: meta.now,
          updated_at: meta.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const s of e.staff)
        await tx
          .insertInto('event_staff')
          .values({ event_id: row.id, user_id: s.userId, role: s.role, starts_at: s.startsAt, ends_at: s.endsAt })
          .execute();
      eventIds.push(row.id);
    }
    await createSessionsForEvents(tx, eventIds, meta.now);
    for (const e of enrollments) await moveEnrollment(tx, actor, e, 'scheduled', undefined, meta);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'cohort.book',
        recordType: 'cohort',
        recordId: cohort.id,
        outcome: 'allowed',
        details: { members: input.members.length, events: planned.length, startDate: input.startDate },
      },
    );
    return { cohortId: cohort.id, events: planned.length };
  });
}
