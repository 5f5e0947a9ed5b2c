/**
 * Use case: a referral's details and documents, for the patient's care team and the site's
 * coordinators and medical director (audited).
 *
 * @module
 */
import type { Referral } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { referralDetailsOf, referralDocumentsOf, referralEnrollment } from './internal/referral-records.js';

export async function getReferral(db: Db, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<Referral> {
  return transact(db, async (tx) => {
    const e = await referralEnrollment(tx, actor, enrollmentId, meta, 'referral.read');
    const [details, documents] = [await referralDetailsOf(tx, e.id), await referralDocumentsOf(tx, e.id)];
    await audit(
      tx,
      { ...meta, actor },
      { action: 'referral.read', recordType: 'enrollment', recordId: e.id, patientId: e.patient_id, outcome: 'allowed' },
    );
    return { enrollmentId: e.id, details, documents };
  });
}
