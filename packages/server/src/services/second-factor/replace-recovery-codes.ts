/**
 * Replaces a user's recovery codes with ten new ones (inside the caller's transaction); the old
 * ones stop working. Returns the new codes, the only time they are seen.
 *
 * @module
 */
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import type { Db } from '../../store/database.js';

export async function replaceRecoveryCodes(tx: Db, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await tx.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_code')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now })))
    .execute();
  return codes;
}
