/**
 * Use case: the documents of a referral, oldest first, without their bytes (audited).
 *
 * @module
 */
import type { ReferralDocument } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { referralDocumentsOf, referralEnrollment } from './internal/referral-records.js';

export async function listReferralDocuments(db: Db, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<ReferralDocument[]> {
  return transact(db, async (tx) => {
    const e = await referralEnrollment(tx, actor, enrollmentId, meta, 'referral-document.list');
    const documents = await referralDocumentsOf(tx, e.id);
    await audit(
      tx,
      { ...meta, actor },
      { action: 'referral-document.list', recordType: 'enrollment', recordId: e.id, patientId: e.patient_id, outcome: 'allowed' },
    );
    return documents;
  });
}
