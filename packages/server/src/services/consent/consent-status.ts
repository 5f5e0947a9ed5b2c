/**
 * Whether an enrollment has a signature of its site's current consent version: the informed consent
 * screening requires, and the gate of scheduling.
 *
 * @module
 */
import type { EnrollmentConsent } from '@kairos/api';
import type { Db } from '../../store/database.js';

/** Whether the enrollment has a signature of its site's current consent version (and of its exact text). */
export async function consentStatus(db: Db, enrollmentId: string): Promise<EnrollmentConsent> {
  const enrollment = await db.selectFrom('enrollment').select('site_id').where('id', '=', enrollmentId).executeTakeFirst();
  if (enrollment === undefined) return { signed: false };
  const current = await db
    .selectFrom('consent_document')
    .select(['id', 'version', 'hash'])
    .where('site_id', '=', enrollment.site_id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const ofCurrent =
    current === undefined
      ? undefined
      : await db
          .selectFrom('consent_signature')
          .select('signed_at')
          .where('enrollment_id', '=', enrollmentId)
          .where('document_id', '=', current.id)
          .where('document_hash', '=', current.hash)
          .orderBy('signed_at', 'desc')
          .limit(1)
          .executeTakeFirst();
  if (ofCurrent !== undefined && current !== undefined)
    return { signed: true, documentVersion: current.version, signedAt: ofCurrent.signed_at.toISOString() };
  // Not signed for the current version: say which earlier one was, if any.
  const earlier = await db
    .selectFrom('consent_signature as s')
    .innerJoin('consent_document as d', 'd.id', 's.document_id')
    .select(['d.version', 's.signed_at'])
    .where('s.enrollment_id', '=', enrollmentId)
    .orderBy('d.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return earlier === undefined
    ? { signed: false }
    : { signed: false, documentVersion: earlier.version, signedAt: earlier.signed_at.toISOString() };
}
