/**
 * Use case: confirm at discharge the adult who takes the patient home.
 *
 * @module
 */
import type { DischargeEscortBody, DosingSessionView } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadForAct } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

/** The adult who takes the patient home, confirmed again at discharge. */
export async function confirmDischargeEscort(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DischargeEscortBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.discharge-escort');
    await tx
      .updateTable('dosing_session')
      .set({ discharge_escort: JSON.stringify({ name: input.name, by: actor.userId, at: meta.now.toISOString() }), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, actor, meta, 'session.discharge-escort', s);
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'checklist',
      payload: { fields: ['dischargeEscort'] },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}
