/**
 * Use case: a prescriber declines the recommended pause, with a reason.
 *
 * @module
 */
import type { DeclinePauseBody, DosingSessionView } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, prescriberDecision, loadFor } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

/** A prescriber declines the recommended pause, with a reason (their own screen, or their step-up proof on the nurse's). */
export async function declinePause(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DeclinePauseBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.decline-pause');
    if (!s.pause_recommended) throw new AppError('CONFLICT', 'no pause is recommended');
    const by = await prescriberDecision(tx, actor, s, meta, {
      purpose: 'pause.decline',
      code: 'DECLINE_NEEDS_PRESCRIBER',
      message: 'declining a recommended pause is a prescriber’s decision',
      stepUpToken: input.stepUpToken,
    });
    await tx.updateTable('dosing_session').set({ pause_recommended: false, updated_at: meta.now }).where('id', '=', s.id).execute();
    await auditSession(tx, by, meta, 'session.decline-pause', s, {
      reason: input.reason,
      ...(by.userId !== actor.userId ? { recordedBy: actor.userId } : {}),
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'pause-declined', payload: {}, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}
