/**
 * Checks the second factor given with a password (a sign-in, a step-up): a TOTP code of the
 * confirmed secret, once per time step, or an unused recovery code, used up. Both uses are atomic,
 * so two requests racing with one code cannot both pass.
 *
 * @module
 */
import { sql } from 'kysely';
import { openSecret } from './secret-box.js';
import { isRecoveryCodeShape, recoveryCodeMatches } from './recovery-codes.js';
import { isTotpCode, matchTotp } from './totp.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

/** What the second factor of a correct password came to. */
export type SecondFactorCheck =
  | { kind: 'proved'; by: 'authenticator app' | 'recovery code' }
  /** Enrolled, and no code was given: ask for it. */
  | { kind: 'missing' }
  /** Enrolled, and the code was wrong, already used or not a code. */
  | { kind: 'wrong' }
  /** No confirmed second factor. */
  | { kind: 'not-enrolled' };

/** Whether the user has a confirmed second factor. */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_second_factor')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function checkSecondFactor(
  db: Db,
  userId: string,
  code: string | undefined,
  now: Date,
  policy: SecondFactorPolicy,
): Promise<SecondFactorCheck> {
  const row = await db
    .selectFrom('user_second_factor')
    .select(['totp_secret_sealed', 'last_time_step'])
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (row === undefined) return { kind: 'not-enrolled' };
  if (code === undefined || code.trim() === '') return { kind: 'missing' };
  if (isTotpCode(code)) {
    const last = row.last_time_step === null ? undefined : Number(row.last_time_step);
    const step = await matchTotp(openSecret(policy.mfaKey, userId, row.totp_secret_sealed), code, now, last);
    if (step === undefined) return { kind: 'wrong' };
    const used = await db
      .updateTable('user_second_factor')
      .set({ last_time_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', step)]))
      .executeTakeFirst();
    return Number(used.numUpdatedRows) === 1 ? { kind: 'proved', by: 'authenticator app' } : { kind: 'wrong' };
  }
  if (!isRecoveryCodeShape(code)) return { kind: 'wrong' };
  const unused = await db
    .selectFrom('recovery_code')
    .select(['id', 'code_hash'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  for (const c of unused) {
    if (!(await recoveryCodeMatches(c.code_hash, code))) continue;
    const used = await db
      .updateTable('recovery_code')
      .set({ used_at: now })
      .where('id', '=', c.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(used.numUpdatedRows) === 1 ? { kind: 'proved', by: 'recovery code' } : { kind: 'wrong' };
  }
  return { kind: 'wrong' };
}

/** Unused recovery codes left (shown on the account page, warned about when few). */
export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_code')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
