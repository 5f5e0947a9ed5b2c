/**
 * Use case: the first code from the app confirms the new secret. From then on every sign-in and
 * step-up of this person needs a code; ten recovery codes are made and shown this once; the
 * sign-in that confirmed counts as proved (in production it could do nothing else until now).
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { replaceRecoveryCodes } from './replace-recovery-codes.js';
import { openSecret } from './secret-box.js';
import { matchTotp } from './totp.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

export async function confirmEnrolment(
  db: Db,
  actor: Actor,
  signInTokenHash: string,
  code: string,
  meta: RequestMeta,
  policy: SecondFactorPolicy,
): Promise<{ recoveryCodes: string[] }> {
  return transact(db, async (tx) => {
    const row = await tx
      .selectFrom('user_second_factor')
      .select(['totp_secret_sealed', 'confirmed_at'])
      .where('user_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw new AppError('CONFLICT', 'Start setting up the authenticator app first: there is nothing to confirm.');
    if (row.confirmed_at !== null) throw new AppError('CONFLICT', 'Your authenticator app is already set up.');
    const step = await matchTotp(openSecret(policy.mfaKey, actor.userId, row.totp_secret_sealed), code, meta.now);
    if (step === undefined)
      throw new AppError(
        'VALIDATION_FAILED',
        'code: not the code the app shows now. Check that the phone’s time is set automatically, then try the next code.',
        {
          issues: [
            {
              field: 'code',
              message: 'not the code the app shows now; check that the phone’s time is set automatically, then try the next code',
            },
          ],
        },
      );
    await tx
      .updateTable('user_second_factor')
      .set({ confirmed_at: meta.now, last_time_step: step })
      .where('user_id', '=', actor.userId)
      .execute();
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.userId, meta.now);
    await tx.updateTable('user_session').set({ second_factor: 'proved' }).where('token_hash', '=', signInTokenHash).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'second-factor.enrol', recordType: 'user', recordId: actor.userId, outcome: 'allowed', details: { method: 'totp' } },
    );
    return { recoveryCodes };
  });
}
