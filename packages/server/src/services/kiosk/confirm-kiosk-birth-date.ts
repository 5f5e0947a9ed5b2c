/**
 * Use case: the patient on the clinic tablet confirms who they are by their date of birth. A wrong
 * date is counted (and kept, whatever the answer); after `KIOSK_LIMITS.birthDateTries` wrong dates
 * the tablet's session ends and a staff member starts it again. Each try is audited.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { PATIENT, type RequestMeta } from '../context.js';
import { portalEvent } from '../portal/internal/portal-views.js';
import type { PortalSessionInfo } from '../portal-access/portal-session.js';
import type { Db } from '../../store/database.js';
import { KIOSK_LIMITS, lockKioskSession } from './kiosk-internal.js';

export async function confirmKioskBirthDate(db: Db, portal: PortalSessionInfo, birthDate: string, meta: RequestMeta): Promise<void> {
  const outcome = await db.transaction().execute(async (tx) => {
    const row = await lockKioskSession(tx, portal.tokenHash);
    if (row.kiosk_confirmed_at !== null) return { ok: true as const };
    const patient = await tx.selectFrom('patient').select('birth_date').where('id', '=', row.patient_id).executeTakeFirstOrThrow();
    const ctx = { ...meta, actor: PATIENT };
    if (patient.birth_date === birthDate) {
      await tx.updateTable('portal_session').set({ kiosk_confirmed_at: meta.now }).where('token_hash', '=', portal.tokenHash).execute();
      await audit(tx, ctx, portalEvent(row.patient_id, 'portal.kiosk.confirm'));
      return { ok: true as const };
    }
    const failures = row.kiosk_failures + 1;
    const ended = failures >= KIOSK_LIMITS.birthDateTries;
    await tx
      .updateTable('portal_session')
      .set({ kiosk_failures: failures, ...(ended ? { revoked_at: meta.now } : {}) })
      .where('token_hash', '=', portal.tokenHash)
      .execute();
    await audit(tx, ctx, {
      ...portalEvent(row.patient_id, 'portal.kiosk.confirm'),
      outcome: 'denied',
      details: { reason: 'date of birth does not match', failures, ended },
    });
    return { ok: false as const, triesLeft: KIOSK_LIMITS.birthDateTries - failures };
  });
  if (outcome.ok) return;
  if (outcome.triesLeft <= 0)
    throw new AppError('UNAUTHENTICATED', 'That date of birth does not match our record. Please hand the tablet back to the staff.', {
      field: 'birthDate',
      triesLeft: 0,
    });
  throw new AppError(
    'UNPROCESSABLE',
    `birthDate: that date of birth does not match our record. ${outcome.triesLeft === 1 ? '1 try' : `${outcome.triesLeft} tries`} left.`,
    { field: 'birthDate', triesLeft: outcome.triesLeft },
  );
}
