/**
 * Use case: the ketamine card of a dosing session's console (its draws, what accounts for them,
 * the lots a draw may come from). Reading it is audited with the session.
 *
 * @module
 */
import type { SessionStock } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditSession, loadForRead } from './internal/session-guards.js';
import { sessionStockView } from './internal/session-stock.js';

export async function readSessionStock(db: Db, actor: Actor, sessionId: string, meta: RequestMeta): Promise<SessionStock> {
  return transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, 'session.stock-read');
    const view = await sessionStockView(tx, s, await protocolForSession(tx, s, meta.now), meta.now);
    await auditSession(tx, actor, meta, 'session.stock-read', s);
    return view;
  });
}
