/**
 * What the referral use cases share: the enrollment a referral belongs to (with the patient access
 * check), the details and the documents as the API shows them, and writing the details.
 *
 * @module
 */
import type { ReferralDetails, ReferralDetailsBody, ReferralDocument } from '@kairos/api';
import { localDateOf } from '@kairos/core';
import { AppError, notFound } from '../../../errors.js';
import { rolesAllow } from '../../access/permissions.js';
import { assertPatientAccess } from '../../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../../context.js';
import { AuditedRefusal } from '../../transaction.js';
import type { Db } from '../../../store/database.js';

/** The enrollment of a referral, after the actor's access to its patient is checked (refused and audited otherwise). */
export async function referralEnrollment(
  tx: Db,
  actor: Actor,
  enrollmentId: string,
  meta: RequestMeta,
  action: string,
  lock = false,
): Promise<{ id: string; patient_id: string; site_id: string }> {
  let q = tx.selectFrom('enrollment').select(['id', 'patient_id', 'site_id']).where('id', '=', enrollmentId);
  if (lock) q = q.forUpdate();
  const e = await q.executeTakeFirst();
  if (e === undefined) throw notFound('enrollment', enrollmentId);
  await assertPatientAccess(tx, actor, e.patient_id, meta, action);
  return e;
}

/**
 * Refuses (audited) an actor who may not keep referral details: recording them when referring is
 * open to every clinical role (patients.write), keeping the referral's details to `referrals.manage`.
 */
export function assertMayManageReferrals(actor: Actor, meta: RequestMeta, action: string, patientId: string): void {
  if (rolesAllow(actor.roles, 'referrals.manage')) return;
  throw new AuditedRefusal(
    'FORBIDDEN',
    'Your role does not keep referral details and documents (the clinical roles and coordinators do).',
    { ...meta, actor },
    {
      action,
      recordType: 'patient',
      recordId: patientId,
      patientId,
      outcome: 'denied',
      details: { reason: 'role', needs: 'referrals.manage' },
    },
  );
}

/** The referral's details as the API shows them, or null when none are recorded. */
export async function referralDetailsOf(tx: Db, enrollmentId: string): Promise<ReferralDetails | null> {
  const row = await tx
    .selectFrom('referral_detail as r')
    .leftJoin('app_user as u', 'u.id', 'r.updated_by')
    .select([
      'r.source',
      'r.clinician_name',
      'r.clinician_organisation',
      'r.clinician_phone',
      'r.clinician_email',
      'r.reason',
      'r.received_on',
      'r.updated_at',
      'u.display_name',
    ])
    .where('r.enrollment_id', '=', enrollmentId)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    source: row.source,
    clinician: {
      name: row.clinician_name,
      organisation: row.clinician_organisation,
      phone: row.clinician_phone,
      email: row.clinician_email,
    },
    reason: row.reason,
    receivedOn: row.received_on,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.display_name,
  };
}

/** The referral's documents, oldest first (never their bytes); at most `REFERRAL_LIMITS.documentsPerReferral` exist. */
export async function referralDocumentsOf(tx: Db, enrollmentId: string): Promise<ReferralDocument[]> {
  const rows = await tx
    .selectFrom('referral_document as d')
    .leftJoin('app_user as u', 'u.id', 'd.uploaded_by')
    .select(['d.id', 'd.file_name', 'd.media_type', 'd.size_bytes', 'd.uploaded_at', 'u.display_name'])
    .where('d.enrollment_id', '=', enrollmentId)
    .orderBy('d.uploaded_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    mediaType: r.media_type,
    sizeBytes: r.size_bytes,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedBy: r.display_name,
  }));
}

/**
 * Stores the details (replacing any): the day received may not be after today at the
 * enrollment's site. `field` is where the body holds them (`body` or `body.referral`).
 */
export async function writeReferralDetails(
  tx: Db,
  actor: Actor,
  enrollment: { id: string; site_id: string },
  input: ReferralDetailsBody,
  meta: RequestMeta,
  field: string,
): Promise<void> {
  if (input.receivedOn !== undefined) {
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', enrollment.site_id).executeTakeFirstOrThrow();
    const today = localDateOf(meta.now, site.time_zone);
    if (input.receivedOn > today) {
      const at = `${field}.receivedOn`;
      throw new AppError('VALIDATION_FAILED', `${at}: after today (${today} at the site)`, {
        issues: [{ field: at, message: `after today (${today} at the site)` }],
      });
    }
  }
  const values = {
    source: input.source ?? null,
    clinician_name: input.clinician?.name ?? null,
    clinician_organisation: input.clinician?.organisation ?? null,
    clinician_phone: input.clinician?.phone ?? null,
    clinician_email: input.clinician?.email ?? null,
    reason: input.reason ?? null,
    received_on: input.receivedOn ?? null,
    updated_at: meta.now,
    updated_by: actor.userId,
  };
  await tx
    .insertInto('referral_detail')
    .values({ enrollment_id: enrollment.id, ...values })
    .onConflict((oc) => oc.column('enrollment_id').doUpdateSet(values))
    .execute();
}

/** Which parts of the details were given, for the audit trail (never their text). */
export function detailsGiven(input: ReferralDetailsBody): Record<string, unknown> {
  return {
    source: input.source ?? null,
    given: [
      ...(input.clinician?.name === undefined ? [] : ['clinician.name']),
      ...(input.clinician?.organisation === undefined ? [] : ['clinician.organisation']),
      ...(input.clinician?.phone === undefined ? [] : ['clinician.phone']),
      ...(input.clinician?.email === undefined ? [] : ['clinician.email']),
      ...(input.reason === undefined ? [] : ['reason']),
      ...(input.receivedOn === undefined ? [] : ['receivedOn']),
    ],
  };
}
