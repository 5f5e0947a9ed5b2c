/**
 * Use case: correct a stop entered late to the time the pump actually stopped.
 *
 * @module
 */
import { allowedSteps } from '@kairos/core';
import type { DosingSessionView, SessionStopTimeBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadFor } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

/**
 * Corrects a stop entered late: the time the pump actually stopped, between the infusion's last
 * start or resume and the recorded stop, with a reason. The recorded stop stays in the events; the
 * correction is a new event, audited with the original.
 */
export async function correctStopTime(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionStopTimeBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.stop-time');
    if (s.state !== 'observing' || s.infusion_ended_at === null)
      throw new AppError('INVALID_TRANSITION', `a stop time is corrected while observing (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    if (s.route !== 'IV')
      throw new AppError('CONFLICT', 'this dose was not given by infusion: there is no pump stop to correct', { code: 'NOT_AN_INFUSION' });
    const at = new Date(input.at);
    const lastRun = await tx
      .selectFrom('infusion_event')
      .select('at')
      .where('session_id', '=', s.id)
      .where('kind', 'in', ['start', 'resume'])
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    if (at < lastRun.at || at > s.infusion_ended_at) {
      throw new AppError(
        'VALIDATION_FAILED',
        `body.at: the corrected stop must lie between the infusion's last start or resume (${lastRun.at.toISOString()}) and the recorded stop (${s.infusion_ended_at.toISOString()})`,
        { issues: [{ field: 'body.at', message: 'outside the running infusion' }] },
      );
    }
    const original = s.infusion_ended_at.toISOString();
    await tx
      .insertInto('infusion_event')
      .values({
        session_id: s.id,
        kind: 'stop-corrected',
        at,
        actor_id: actor.userId,
        reason: input.reason,
        details: JSON.stringify({ originalAt: original }),
      })
      .execute();
    await tx.updateTable('dosing_session').set({ infusion_ended_at: at, updated_at: meta.now }).where('id', '=', s.id).execute();
    await auditSession(tx, actor, meta, 'session.stop-time', s, {
      originalAt: original,
      correctedAt: at.toISOString(),
      reason: input.reason,
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'session-state',
      payload: { stopCorrected: true },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
