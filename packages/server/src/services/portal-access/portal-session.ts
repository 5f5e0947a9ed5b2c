/**
 * The patient's portal session (the portal cookie's): how long it lasts, finding it by its token, and
 * ending it.
 *
 * @module
 */
import { sha256 } from '../secret-tokens.js';
import type { Db } from '../../store/database.js';

/** How long a patient's portal session lasts. */
export const PORTAL_SESSION_MINUTES = 60;

export async function findPortalSession(db: Db, token: string, now: Date): Promise<{ patientId: string; tokenHash: string } | undefined> {
  const row = await db.selectFrom('portal_session').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.expires_at <= now) return undefined;
  return { patientId: row.patient_id, tokenHash: row.token_hash };
}

export async function endPortalSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('portal_session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}
