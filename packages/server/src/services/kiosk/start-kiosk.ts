/**
 * Use case: a staff member hands this device to a patient for the questionnaires due now (issue 22,
 * Must 2: in-clinic waves on a clinic tablet). A kiosk session opens for the patient: it asks for
 * the date of birth first, reaches only the questionnaires, and ends after them or after
 * `KIOSK_LIMITS.minutes`. The route ends the staff member's sign-in on the device in the same answer.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { openQuestionnaires } from '../portal/internal/portal-views.js';
import { sha256 } from '../secret-tokens.js';
import type { Actor, RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { KIOSK_LIMITS } from './kiosk-internal.js';

export async function startKiosk(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<{ sessionToken: string; givenName: string; questionnaires: number }> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'kiosk.start');
    const { questionnaires } = await openQuestionnaires(tx, patientId, meta.now);
    if (questionnaires.length === 0)
      throw new AuditedRefusal(
        'CONFLICT',
        'No questionnaire is due for this patient now, so there is nothing to answer on the tablet.',
        { ...meta, actor },
        {
          action: 'kiosk.start',
          recordType: 'patient',
          recordId: patientId,
          patientId,
          outcome: 'denied',
          details: { reason: 'nothing due' },
        },
      );
    const sessionToken = randomBytes(32).toString('base64url');
    await tx
      .insertInto('portal_session')
      .values({
        token_hash: sha256(sessionToken),
        patient_id: patientId,
        created_at: meta.now,
        last_seen_at: meta.now,
        expires_at: new Date(meta.now.getTime() + KIOSK_LIMITS.minutes * 60_000),
        kiosk_started_by: actor.userId,
      })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'kiosk.start',
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { questionnaires: questionnaires.map((q) => q.instrument) },
      },
    );
    const patient = await tx.selectFrom('patient').select('given_name').where('id', '=', patientId).executeTakeFirstOrThrow();
    return { sessionToken, givenName: patient.given_name, questionnaires: questionnaires.length };
  });
}
