/**
 * Use case: the patient leaves the portal (the session ends).
 *
 * @module
 */
import type { Db } from '../../store/database.js';

export async function endPortalSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('portal_session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}
