/**
 * Use case: an administrator deactivates a staff account (step-up): it can no longer sign in or
 * confirm anything, and its open sign-ins and unused step-up proofs end now. Nothing of the account
 * is deleted (its name stays on every record it signed). An administrator cannot deactivate
 * themselves, nor the last active administrator.
 *
 * @module
 */
import type { StaffAccount } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import {
  assertAnAdminRemains,
  auditActionOf,
  consumeOwnStepUp,
  endSignInsOf,
  loadAccountToChange,
  staffAccountView,
} from './internal/staff-accounts.js';

export async function deactivateUser(db: Db, actor: Actor, userId: string, stepUpToken: string, meta: RequestMeta): Promise<StaffAccount> {
  return transact(db, async (tx) => {
    const account = await loadAccountToChange(tx, actor, userId, meta, 'deactivate');
    await consumeOwnStepUp(tx, actor, stepUpToken, 'deactivate', account.id, meta);
    if (account.id === actor.userId)
      throw new AuditedRefusal(
        'FORBIDDEN',
        'You cannot deactivate your own account. Ask another administrator.',
        { ...meta, actor },
        {
          action: auditActionOf('deactivate'),
          recordType: 'user',
          recordId: account.id,
          outcome: 'denied',
          details: { reason: 'own account' },
        },
        { reason: 'own-account' },
      );
    await assertAnAdminRemains(tx, actor, account, { roles: account.roles, active: false }, 'deactivate', meta);
    await tx.updateTable('app_user').set({ active: false, updated_at: meta.now }).where('id', '=', account.id).execute();
    const signInsEnded = await endSignInsOf(tx, account.id, meta.now);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: auditActionOf('deactivate'),
        recordType: 'user',
        recordId: account.id,
        outcome: 'allowed',
        details: { before: { active: account.active }, after: { active: false }, signInsEnded },
      },
    );
    return staffAccountView(tx, actor, account.id);
  });
}
