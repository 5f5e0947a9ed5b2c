/**
 * What the clinic tablet's use cases share: its limits and the lookup of a kiosk session's row.
 *
 * @module
 */
import type { Db } from '../../store/database.js';

/** The clinic tablet's limits (access settings of the system, not clinical numbers). */
export const KIOSK_LIMITS = Object.freeze({
  /** A tablet handed over ends this long after it was, answered or not. */
  minutes: 30,
  /** Wrong dates of birth before the tablet's session ends (a staff member starts it again). */
  birthDateTries: 3,
});

/** The kiosk session's row, locked for the rest of the transaction. */
export async function lockKioskSession(tx: Db, tokenHash: string) {
  return tx
    .selectFrom('portal_session')
    .select(['patient_id', 'kiosk_started_by', 'kiosk_confirmed_at', 'kiosk_failures', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirstOrThrow();
}
