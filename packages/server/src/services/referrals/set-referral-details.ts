/**
 * Use case: a member of staff who keeps referrals (`referrals.manage`) records or corrects a referral's details (source,
 * referring clinician, reason, day received). The new details replace the old; the change is audited
 * (which parts were given, not their text).
 *
 * @module
 */
import type { Referral, ReferralDetailsBody } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import {
  assertMayManageReferrals,
  detailsGiven,
  referralDetailsOf,
  referralDocumentsOf,
  referralEnrollment,
  writeReferralDetails,
} from './internal/referral-records.js';

export async function setReferralDetails(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ReferralDetailsBody,
  meta: RequestMeta,
): Promise<Referral> {
  return transact(db, async (tx) => {
    const e = await referralEnrollment(tx, actor, enrollmentId, meta, 'referral.update', true);
    assertMayManageReferrals(actor, meta, 'referral.update', e.patient_id);
    await writeReferralDetails(tx, actor, e, input, meta, 'body');
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'referral.update',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: detailsGiven(input),
      },
    );
    return { enrollmentId: e.id, details: await referralDetailsOf(tx, e.id), documents: await referralDocumentsOf(tx, e.id) };
  });
}
