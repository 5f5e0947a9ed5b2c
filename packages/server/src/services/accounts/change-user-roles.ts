/**
 * Use case: an administrator changes a staff member's roles (step-up). They hold them from their
 * next request on (each request reads the account's roles). The last active administrator keeps
 * theirs.
 *
 * @module
 */
import type { StaffAccount, StaffAccountRolesBody } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { assertAnAdminRemains, auditActionOf, consumeOwnStepUp, loadAccountToChange, staffAccountView } from './internal/staff-accounts.js';

export async function changeUserRoles(
  db: Db,
  actor: Actor,
  userId: string,
  input: StaffAccountRolesBody,
  meta: RequestMeta,
): Promise<StaffAccount> {
  const roles = [...new Set(input.roles)];
  return transact(db, async (tx) => {
    const account = await loadAccountToChange(tx, actor, userId, meta, 'roles');
    await consumeOwnStepUp(tx, actor, input.stepUpToken, 'roles', account.id, meta);
    await assertAnAdminRemains(tx, actor, account, { roles, active: account.active }, 'roles', meta);
    await tx.updateTable('app_user').set({ roles, updated_at: meta.now }).where('id', '=', account.id).execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: auditActionOf('roles'),
        recordType: 'user',
        recordId: account.id,
        outcome: 'allowed',
        details: { before: { roles: account.roles }, after: { roles } },
      },
    );
    return staffAccountView(tx, actor, account.id);
  });
}
