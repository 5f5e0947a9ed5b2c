/**
 * Use case: an administrator removes a staff member's second factor from the Users page (step-up),
 * for someone who lost both their authenticator app and their recovery codes. Every sign-in of the
 * account ends; where a second factor is required, their next sign-in can only set up a new one.
 * The CLI's `user reset-second-factor` does the same on the server's machine.
 *
 * @module
 */
import type { StaffAccount } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { removeAllSecondFactors } from '../second-factor/remove-second-factor.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditActionOf, consumeOwnStepUp, endSignInsOf, loadAccountToChange, staffAccountView } from './internal/staff-accounts.js';

export async function resetUserSecondFactor(
  db: Db,
  actor: Actor,
  userId: string,
  stepUpToken: string,
  meta: RequestMeta,
): Promise<StaffAccount> {
  return transact(db, async (tx) => {
    const account = await loadAccountToChange(tx, actor, userId, meta, 'secondFactor');
    await consumeOwnStepUp(tx, actor, stepUpToken, 'secondFactor', account.id, meta);
    const before = await staffAccountView(tx, actor, account.id);
    await removeAllSecondFactors(tx, account.id, meta.now);
    await endSignInsOf(tx, account.id, meta.now);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: auditActionOf('secondFactor'),
        recordType: 'user',
        recordId: account.id,
        outcome: 'allowed',
        details: { before: { secondFactorEnrolled: before.secondFactorEnrolled }, after: { secondFactorEnrolled: false } },
      },
    );
    return staffAccountView(tx, actor, account.id);
  });
}
