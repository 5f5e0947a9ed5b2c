/**
 * Use case: a staff member's credentials, soonest expiry first, each saying whether it is current
 * today at their site: their own for anyone, anyone's at the actor's site for an administrator or
 * the medical director. The read is audited (staff data, with licence and DEA numbers).
 *
 * @module
 */
import type { Credential } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { activeCredentialsOf, credentialView, loadHolder, todayAt } from './internal/credential-records.js';

export async function listCredentials(db: Db, actor: Actor, userId: string, meta: RequestMeta): Promise<Credential[]> {
  return transact(db, async (tx) => {
    const holder = await loadHolder(tx, actor, userId, meta, 'credential.list', false);
    const today = await todayAt(tx, holder.site_id, meta.now);
    const rows = (await activeCredentialsOf(tx, [holder.id])).get(holder.id) ?? [];
    await audit(
      tx,
      { ...meta, actor },
      { action: 'credential.list', recordType: 'app_user', recordId: holder.id, outcome: 'allowed', details: { count: rows.length } },
    );
    return rows.map((r) => credentialView(r, today));
  });
}
