/**
 * Use case: a signed-in staff member chooses a new password, proving the current one. This is how
 * a temporary password an administrator set is replaced (the sign-in may do nothing else until it
 * is). The account's other sign-ins end; this one stays. A wrong current password is refused and
 * audited; neither password nor hash is ever recorded.
 *
 * @module
 */
import type { PasswordChangeBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { RequestMeta } from '../context.js';
import type { SignInInfo } from '../sign-in/sign-in.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';

export async function changeOwnPassword(db: Db, signIn: SignInInfo, input: PasswordChangeBody, meta: RequestMeta): Promise<void> {
  const { actor } = signIn;
  const ctx = { ...meta, actor };
  const event = { action: 'user.password', recordType: 'user', recordId: actor.userId } as const;
  const user = await db.selectFrom('app_user').select(['password_hash', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword)))
    return transact(db, () =>
      Promise.reject(
        new AuditedRefusal(
          'UNPROCESSABLE',
          'currentPassword: this is not your current password.',
          ctx,
          { ...event, outcome: 'denied', details: { self: true, reason: 'current password wrong' } },
          { field: 'currentPassword' },
        ),
      ),
    );
  const problems = checkPasswordPolicy(input.newPassword, { email: user.email });
  if (input.newPassword === input.currentPassword) problems.unshift('is the same as the current password');
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', `newPassword: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ field: 'body.newPassword', message })),
    });
  const passwordHash = await hashPassword(input.newPassword);
  await transact(db, async (tx) => {
    await tx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, password_change_required: false, updated_at: meta.now })
      .where('id', '=', actor.userId)
      .execute();
    const ended = await tx
      .updateTable('user_session')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .where('token_hash', '!=', signIn.tokenHash)
      .executeTakeFirst();
    await audit(tx, ctx, { ...event, outcome: 'allowed', details: { self: true, otherSignInsEnded: Number(ended.numUpdatedRows) } });
  });
}
