/**
 * Use case: record the Aldrete score while observing.
 *
 * @module
 */
import type { AldreteBody, DosingSessionView } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadForAct } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

export async function recordAldrete(
  db: Db,
  actor: Actor,
  sessionId: string,
  scores: AldreteBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.aldrete');
    await tx
      .updateTable('dosing_session')
      .set({ aldrete: JSON.stringify(scores), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, actor, meta, 'session.aldrete', s, { scores });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'aldrete', payload: {}, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}
