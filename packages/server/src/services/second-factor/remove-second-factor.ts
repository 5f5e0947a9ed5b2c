/**
 * Second factors removed: by the person themselves, with a code (moving to a new phone), or by an
 * administrator on the server (`kairos user reset-second-factor`) for someone who lost both phone and
 * recovery codes. Either way the person's other sign-ins end; where a second factor is required, the
 * next sign-in may do nothing but set up a new one.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { emailKey } from '../accounts/email-key.js';
import { audit } from '../audit.js';
import { NO_USER, type Actor, type AuditActor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { requireOwnCode } from './require-own-code.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

/** Removes the account's second factor and recovery codes and ends its sign-ins (all, or all but `keepSignIn`). */
export async function removeAllSecondFactors(tx: Db, userId: string, now: Date, keepSignIn?: string): Promise<void> {
  await tx.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  await tx.deleteFrom('user_second_factor').where('user_id', '=', userId).execute();
  await tx
    .updateTable('user_session')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .$if(keepSignIn !== undefined, (q) => q.where('token_hash', '!=', keepSignIn as string))
    .execute();
}

/** The person removes their own, proving a code; this sign-in stays, others end. */
export async function removeOwnSecondFactor(
  db: Db,
  actor: Actor,
  signInTokenHash: string,
  code: string,
  meta: RequestMeta,
  policy: SecondFactorPolicy,
): Promise<void> {
  const by = await requireOwnCode(db, actor, code, meta, policy, 'second-factor.remove');
  await transact(db, async (tx) => {
    await removeAllSecondFactors(tx, actor.userId, meta.now, signInTokenHash);
    await tx
      .updateTable('user_session')
      .set({ second_factor: policy.required ? 'enrolment-required' : 'not-enrolled' })
      .where('token_hash', '=', signInTokenHash)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'second-factor.remove', recordType: 'user', recordId: actor.userId, outcome: 'allowed', details: { provedBy: by } },
    );
  });
}

/** An administrator resets another person's second factor (lost phone and codes); all their sign-ins end. */
export async function resetSecondFactor(db: Db, email: string, meta: RequestMeta, actor: AuditActor = NO_USER): Promise<void> {
  await transact(db, async (tx) => {
    const user = await tx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', emailKey(email)))
      .executeTakeFirst();
    if (user === undefined) throw new AppError('NOT_FOUND', `no user with email ${emailKey(email)}`);
    await removeAllSecondFactors(tx, user.id, meta.now);
    await audit(tx, { ...meta, actor }, { action: 'second-factor.reset', recordType: 'user', recordId: user.id, outcome: 'allowed' });
  });
}
