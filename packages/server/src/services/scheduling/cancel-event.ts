/**
 * Cancelling one booked event with a reason; its dosing session, if not started, is aborted.
 *
 * @module
 */
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/** Cancels one event with a reason: a dosing session not yet started at it is aborted. */
export async function cancelEvent(db: Db, actor: Actor, eventId: string, reason: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const ev = await tx.selectFrom('scheduled_event').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
    if (ev === undefined) throw notFound('event', eventId);
    await loadEnrollmentFor(tx, actor, ev.enrollment_id, meta, 'schedule.cancel');
    if (ev.state === 'cancelled') throw new AppError('CONFLICT', 'this event is already cancelled');
    await tx
      .updateTable('scheduled_event')
      .set({ state: 'cancelled', cancel_reason: reason, updated_at: meta.now })
      .where('id', '=', eventId)
      .execute();
    await tx
      .updateTable('dosing_session')
      .set({ state: 'aborted', updated_at: meta.now })
      .where('event_id', '=', eventId)
      .where('state', '=', 'scheduled')
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'event.cancel', recordType: 'scheduled_event', recordId: eventId, outcome: 'allowed', details: { reason } },
    );
  });
}
