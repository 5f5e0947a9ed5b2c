/**
 * Use case: download one referral document (audited: who took a copy of which document, when).
 * The answer is always an attachment of the kind its bytes were found to be.
 *
 * @module
 */
import type { ReferralDocumentMediaType } from '@kairos/api';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { downloadFileName } from '../document-kind.js';
import { referralEnrollment } from './internal/referral-records.js';

export interface ReferralDocumentDownload {
  bytes: Buffer;
  mediaType: ReferralDocumentMediaType;
  fileName: string;
}

export async function downloadReferralDocument(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  documentId: string,
  meta: RequestMeta,
): Promise<ReferralDocumentDownload> {
  return transact(db, async (tx) => {
    const e = await referralEnrollment(tx, actor, enrollmentId, meta, 'referral-document.download');
    const doc = await tx
      .selectFrom('referral_document')
      .select(['id', 'file_name', 'media_type', 'content', 'sha256'])
      .where('id', '=', documentId)
      .where('enrollment_id', '=', e.id)
      .executeTakeFirst();
    if (doc === undefined) throw notFound('referral document', documentId);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'referral-document.download',
        recordType: 'referral_document',
        recordId: doc.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { enrollmentId: e.id, sha256: doc.sha256 },
      },
    );
    return {
      bytes: Buffer.from(doc.content.buffer, doc.content.byteOffset, doc.content.byteLength),
      mediaType: doc.media_type,
      fileName: downloadFileName(doc.file_name, doc.media_type),
    };
  });
}
