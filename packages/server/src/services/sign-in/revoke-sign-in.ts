/**
 * Ends one sign-in: its cookie token no longer finds it.
 *
 * @module
 */
import type { Db } from '../../store/database.js';

export async function revokeSignIn(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('user_session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}
