/**
 * Use case: the patient signs the consent on the clinic's tablet, witnessed by a staff member.
 *
 * @module
 */
import type { ConsentSignatureResult, TabletConsentBody } from '@kairos/api';
import { notFound } from '../../errors.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { consentTarget, sign } from './consent-internal.js';

/**
 * The patient signs on a clinic tablet, in a staff session handed to them. A typed name that
 * differs from the record needs `witness`: the staff member's own step-up proof and the reason.
 */
export async function signConsentOnTablet(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  body: TabletConsentBody,
  meta: RequestMeta,
): Promise<ConsentSignatureResult> {
  return transact(db, async (tx) => {
    const e = await tx.selectFrom('enrollment').select(['id', 'patient_id']).where('id', '=', enrollmentId).executeTakeFirst();
    if (e === undefined) throw notFound('enrollment', enrollmentId);
    await assertPatientAccess(tx, actor, e.patient_id, meta, 'consent.sign');
    return sign(tx, await consentTarget(tx, e.patient_id, enrollmentId), { typedName: body.typedName }, meta, {
      channel: 'tablet',
      staff: actor,
      ...(body.witness === undefined ? {} : { witness: body.witness }),
    });
  });
}
