/**
 * The patient's portal cookie session: found by its token while it is open (each request slides its idle end).
 *
 * @module
 */
import { sha256 } from '../secret-tokens.js';
import type { Db } from '../../store/database.js';

/** How long a patient's portal session lasts. */
export const PORTAL_SESSION_MINUTES = 60;

/** A portal session as the routes see it; `kiosk` is set on a clinic tablet's session (see kiosk.ts). */
export interface PortalSessionInfo {
  patientId: string;
  tokenHash: string;
  kiosk: { confirmed: boolean; startedBy: string } | null;
}

export async function findPortalSession(db: Db, token: string, now: Date): Promise<PortalSessionInfo | undefined> {
  const row = await db.selectFrom('portal_session').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.expires_at <= now) return undefined;
  return {
    patientId: row.patient_id,
    tokenHash: row.token_hash,
    kiosk: row.kiosk_started_by === null ? null : { confirmed: row.kiosk_confirmed_at !== null, startedBy: row.kiosk_started_by },
  };
}
