/**
 * Use case: a staff member starts setting up an authenticator app. A new secret is sealed and kept
 * unconfirmed (it counts for nothing until a code from the app confirms it); starting again
 * replaces an unconfirmed one. Someone who already has a confirmed one must remove it first.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { sealSecret } from './secret-box.js';
import { newTotpSecret, qrSvg, totpUri } from './totp.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

export async function startEnrolment(
  db: Db,
  actor: Actor,
  meta: RequestMeta,
  policy: SecondFactorPolicy,
): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  const secret = await newTotpSecret();
  await transact(db, async (tx) => {
    const existing = await tx
      .selectFrom('user_second_factor')
      .select('confirmed_at')
      .where('user_id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirst();
    if (existing?.confirmed_at != null)
      throw new AppError(
        'CONFLICT',
        'You already have an authenticator app set up. To move to another phone, remove the current one first (with a code from it or a recovery code).',
      );
    await tx.deleteFrom('user_second_factor').where('user_id', '=', actor.userId).execute();
    await tx
      .insertInto('user_second_factor')
      .values({ user_id: actor.userId, totp_secret_sealed: sealSecret(policy.mfaKey, actor.userId, secret), created_at: meta.now })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'second-factor.enrolment-start', recordType: 'user', recordId: actor.userId, outcome: 'allowed' },
    );
  });
  const otpauthUri = await totpUri(secret, actor.email);
  return { secret, otpauthUri, qrSvg: await qrSvg(otpauthUri) };
}
