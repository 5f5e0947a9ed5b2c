/**
 * Use case: read a dosing session (the console view), audited.
 *
 * @module
 */
import type { DosingSessionView } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadFor } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

export async function getSession(db: Db, actor: Actor, sessionId: string, meta: RequestMeta): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.read');
    await auditSession(tx, actor, meta, 'session.read', s);
    return sessionView(tx, s.id, meta.now);
  });
}
