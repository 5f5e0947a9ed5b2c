/**
 * Use case: a member of staff who keeps referrals (`referrals.manage`) adds a document to a referral (a referral letter, a
 * scanned form). Only a PDF, PNG or JPEG by its first bytes, not empty, within the size limit, and
 * within the number a referral holds; anything else is refused with the reason and the refusal is
 * on the record. The document is kept in the database with its SHA-256, who uploaded it and when.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { REFERRAL_LIMITS, type ReferralDocument, type ReferralDocumentUploadBody } from '@kairos/api';
import type { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { documentKindOf, keptFileName } from '../document-kind.js';
import { assertMayManageReferrals, referralDocumentsOf, referralEnrollment } from './internal/referral-records.js';

const ACTION = 'referral-document.upload';
const MAX_MB = REFERRAL_LIMITS.documentMaxBytes / (1024 * 1024);

export async function uploadReferralDocument(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ReferralDocumentUploadBody,
  meta: RequestMeta,
): Promise<ReferralDocument> {
  return transact(db, async (tx) => {
    // Locked: two uploads at once count the referral's documents one after the other.
    const e = await referralEnrollment(tx, actor, enrollmentId, meta, ACTION, true);
    assertMayManageReferrals(actor, meta, ACTION, e.patient_id);
    const refuse = (code: AppError['code'], field: string, message: string, reason: string) =>
      new AuditedRefusal(
        code,
        `${field}: ${message}`,
        { ...meta, actor },
        { action: ACTION, recordType: 'enrollment', recordId: e.id, patientId: e.patient_id, outcome: 'denied', details: { reason } },
        { issues: [{ field, message }] },
      );
    const held = await tx
      .selectFrom('referral_document')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('enrollment_id', '=', e.id)
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= REFERRAL_LIMITS.documentsPerReferral)
      throw refuse('CONFLICT', 'body', `this referral holds ${REFERRAL_LIMITS.documentsPerReferral} documents, the most it may`, 'full');
    const bytes = Buffer.from(input.content, 'base64');
    if (bytes.length === 0) throw refuse('UNPROCESSABLE', 'body.content', 'the document is empty', 'empty');
    if (bytes.length > REFERRAL_LIMITS.documentMaxBytes)
      throw refuse('UNPROCESSABLE', 'body.content', `larger than the ${MAX_MB} MB limit`, 'too large');
    const kind = documentKindOf(bytes);
    if (kind === undefined)
      throw refuse(
        'UNPROCESSABLE',
        'body.content',
        'not a PDF, PNG or JPEG document (told by its contents, whatever its name says)',
        'not a PDF, PNG or JPEG',
      );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const row = await tx
      .insertInto('referral_document')
      .values({
        enrollment_id: e.id,
        file_name: keptFileName(input.fileName),
        media_type: kind,
        size_bytes: bytes.length,
        sha256,
        content: bytes,
        uploaded_by: actor.userId,
        uploaded_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'referral_document',
        recordId: row.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { enrollmentId: e.id, mediaType: kind, sizeBytes: bytes.length, sha256 },
      },
    );
    const created = (await referralDocumentsOf(tx, e.id)).find((d) => d.id === row.id);
    if (created === undefined) throw new Error('the referral document just stored is missing');
    return created;
  });
}
