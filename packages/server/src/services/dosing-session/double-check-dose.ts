/**
 * Use case: the independent double check of a dose order by a second licensed user.
 *
 * @module
 */
import type { DosingSessionView } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadFor } from './internal/session-guards.js';
import { latestOrder } from './internal/session-facts.js';
import { sessionView } from './internal/session-view.js';

/** A second licensed user, not the orderer, checks the dose, proving their password now. */
export async function doubleCheckDose(
  db: Db,
  actor: Actor,
  sessionId: string,
  stepUpToken: string,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.double-check');
    const order = await latestOrder(tx, s.id);
    if (order === undefined) throw new AppError('CONFLICT', 'there is no dose order to check');
    if (order.double_checked_by !== null) throw new AppError('CONFLICT', 'this dose order is already double-checked');
    const checker = await consumeStepUp(
      tx,
      actor,
      stepUpToken,
      { purpose: 'dose.double-check', differentFrom: order.ordered_by, licensed: true },
      meta,
    );
    await tx
      .updateTable('dose_order')
      .set({ double_checked_by: checker.userId, double_checked_at: meta.now })
      .where('id', '=', order.id)
      .execute();
    await auditSession(tx, checker, meta, 'session.double-check', s, { orderId: order.id });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'dose-order',
      payload: { orderId: order.id, doubleChecked: true },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
