/**
 * Use case: acknowledge an alert of a dosing session (a prescriber's for a pre-dose alert, a
 * pause-level alert or an escalation).
 *
 * @module
 */
import type { AlertAcknowledgeBody, DosingSessionView } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, prescriberDecision, loadFor } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

/** Staff acknowledge an alert; a pre-dose hold and an escalation need a prescriber, a hold with a note (the override). */
/**
 * Staff acknowledge an alert. A pre-dose alert, a pause-level alert and an escalation are a
 * prescriber's (their own screen, or their step-up proof on the nurse's); a pre-dose hold needs a
 * note (the override's reason).
 */
export async function acknowledgeAlert(
  db: Db,
  actor: Actor,
  alertId: string,
  input: AlertAcknowledgeBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const alert = await tx.selectFrom('session_alert').selectAll().where('id', '=', alertId).forUpdate().executeTakeFirst();
    if (alert === undefined) throw notFound('alert', alertId);
    const s = await loadFor(tx, actor, alert.session_id, meta, 'session.alert');
    if (alert.acknowledged_at !== null) throw new AppError('CONFLICT', 'this alert is already acknowledged');
    const prescriberOnly = alert.kind === 'vitals:pre-dose' || alert.level === 'pause' || alert.level === 'escalate';
    const by = prescriberOnly
      ? await prescriberDecision(tx, actor, s, meta, {
          purpose: 'alert.acknowledge',
          code: 'ACKNOWLEDGE_NEEDS_PRESCRIBER',
          message: 'a prescriber acknowledges this alert (before dosing, at the pause level, or an escalation)',
          stepUpToken: input.stepUpToken,
        })
      : actor;
    const note = input.note?.trim();
    if (alert.level === 'hold' && (note === undefined || note.length < 3))
      throw new AppError('VALIDATION_FAILED', 'body.note: overriding a hold needs a reason', {
        issues: [{ field: 'body.note', message: 'required for a hold' }],
      });
    await tx
      .updateTable('session_alert')
      .set({ acknowledged_by: by.userId, acknowledged_at: meta.now, note: note ?? null })
      .where('id', '=', alertId)
      .execute();
    await auditSession(tx, by, meta, 'session.alert.acknowledge', s, {
      alertId,
      level: alert.level,
      ...(note ? { note } : {}),
      ...(by.userId !== actor.userId ? { recordedBy: actor.userId } : {}),
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'alert-acknowledged',
      payload: { alertId, level: alert.level },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
