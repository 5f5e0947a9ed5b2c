/**
 * Use case: an administrator reactivates a deactivated staff account (step-up): it may sign in
 * again with its password (the sign-ins that deactivation ended stay ended).
 *
 * @module
 */
import type { StaffAccount } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditActionOf, consumeOwnStepUp, loadAccountToChange, staffAccountView } from './internal/staff-accounts.js';

export async function reactivateUser(db: Db, actor: Actor, userId: string, stepUpToken: string, meta: RequestMeta): Promise<StaffAccount> {
  return transact(db, async (tx) => {
    const account = await loadAccountToChange(tx, actor, userId, meta, 'reactivate');
    await consumeOwnStepUp(tx, actor, stepUpToken, 'reactivate', account.id, meta);
    await tx.updateTable('app_user').set({ active: true, updated_at: meta.now }).where('id', '=', account.id).execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: auditActionOf('reactivate'),
        recordType: 'user',
        recordId: account.id,
        outcome: 'allowed',
        details: { before: { active: account.active }, after: { active: true } },
      },
    );
    return staffAccountView(tx, actor, account.id);
  });
}
