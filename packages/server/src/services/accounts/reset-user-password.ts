/**
 * Use case: an administrator sets a temporary password for a staff member who forgot theirs
 * (step-up). Every open sign-in of the account ends. The administrator hands it over in person,
 * never by email; at the next sign-in its owner must choose their own before anything else
 * (`changeOwnPassword`).
 *
 * @module
 */
import type { StaffAccount, StaffAccountPasswordBody } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { hashNewPassword } from './internal/new-password.js';
import { auditActionOf, consumeOwnStepUp, endSignInsOf, loadAccountToChange, staffAccountView } from './internal/staff-accounts.js';

export async function resetUserPassword(
  db: Db,
  actor: Actor,
  userId: string,
  input: StaffAccountPasswordBody,
  meta: RequestMeta,
): Promise<StaffAccount> {
  const email = (await db.selectFrom('app_user').select('email').where('id', '=', userId).executeTakeFirst())?.email;
  // The policy is checked against the account's email when it exists; the 404 comes from the transaction.
  const passwordHash = await hashNewPassword(input.password, email ?? '');
  return transact(db, async (tx) => {
    const account = await loadAccountToChange(tx, actor, userId, meta, 'password');
    await consumeOwnStepUp(tx, actor, input.stepUpToken, 'password', account.id, meta);
    await tx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, password_change_required: true, updated_at: meta.now })
      .where('id', '=', account.id)
      .execute();
    const signInsEnded = await endSignInsOf(tx, account.id, meta.now);
    // Never the password nor its hash: only that it changed.
    await audit(
      tx,
      { ...meta, actor },
      {
        action: auditActionOf('password'),
        recordType: 'user',
        recordId: account.id,
        outcome: 'allowed',
        details: { passwordChanged: true, signInsEnded },
      },
    );
    return staffAccountView(tx, actor, account.id);
  });
}
