/**
 * Cancelling a whole cohort with a reason.
 *
 * @module
 */
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { moveEnrollment } from '../enrollment/move-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/** Cancels a whole cohort: its events are cancelled and its scheduled enrollments go back to eligible. */
export async function cancelCohort(db: Db, actor: Actor, cohortId: string, reason: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const cohort = await tx.selectFrom('cohort').selectAll().where('id', '=', cohortId).forUpdate().executeTakeFirst();
    if (cohort === undefined) throw notFound('cohort', cohortId);
    if (cohort.state === 'cancelled') throw new AppError('CONFLICT', 'this cohort is already cancelled');
    const enrollmentIds = [
      ...new Set(
        (await tx.selectFrom('scheduled_event').select('enrollment_id').where('cohort_id', '=', cohortId).execute()).map(
          (r) => r.enrollment_id,
        ),
      ),
    ];
    for (const id of enrollmentIds) {
      const e = await loadEnrollmentFor(tx, actor, id, meta, 'schedule.cancel');
      if (e.state === 'scheduled') await moveEnrollment(tx, actor, e, 'eligible', `cohort cancelled: ${reason}`, meta);
    }
    await tx
      .updateTable('dosing_session')
      .set({ state: 'aborted', updated_at: meta.now })
      .where('event_id', 'in', tx.selectFrom('scheduled_event').select('id').where('cohort_id', '=', cohortId))
      .where('state', '=', 'scheduled')
      .execute();
    await tx
      .updateTable('scheduled_event')
      .set({ state: 'cancelled', cancel_reason: reason, updated_at: meta.now })
      .where('cohort_id', '=', cohortId)
      .where('state', '=', 'scheduled')
      .execute();
    await tx.updateTable('cohort').set({ state: 'cancelled', cancel_reason: reason }).where('id', '=', cohortId).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'cohort.cancel', recordType: 'cohort', recordId: cohortId, outcome: 'allowed', details: { reason } },
    );
  });
}
