/**
 * Enrolls a patient in a program at a site: the enrollment starts referred, with the referral's
 * details when given (recording them needs `referrals.manage`: refused and audited otherwise).
 *
 * @module
 */
import type { Enrollment, EnrollmentCreateBody } from '@kairos/api';
import { findProgramTemplate, maintenance1Template } from '@kairos/core';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { enrollmentView } from './enrollment-view.js';
import { assertMayManageReferrals, detailsGiven, writeReferralDetails } from '../referrals/internal/referral-records.js';

/**
 * A maintenance course continues a patient's care: the screening form of their latest earlier
 * course with one (exam dates, prior treatments, risk factors) is copied into the new course, to
 * be confirmed. Screening still runs and a prescriber still decides: every dated item is judged
 * against its maximum age on the new screening date. Returns the course copied from, or null.
 */
async function carryScreeningForward(tx: Db, actor: Actor, patientId: string, enrollmentId: string, meta: RequestMeta) {
  const earlier = await tx
    .selectFrom('screening_input as i')
    .innerJoin('enrollment as e', 'e.id', 'i.enrollment_id')
    .select(['i.enrollment_id', 'i.data'])
    .where('e.patient_id', '=', patientId)
    .where('e.id', '<>', enrollmentId)
    .orderBy('i.updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (earlier === undefined) return null;
  await tx
    .insertInto('screening_input')
    .values({ enrollment_id: enrollmentId, data: JSON.stringify(earlier.data), updated_at: meta.now, updated_by: actor.userId })
    .execute();
  return earlier.enrollment_id;
}

export async function createEnrollment(
  db: Db,
  actor: Actor,
  patientId: string,
  input: EnrollmentCreateBody,
  meta: RequestMeta,
): Promise<Enrollment> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'enrollment.create');
    if (input.referral !== undefined) assertMayManageReferrals(actor, meta, 'enrollment.create', patientId);
    if (findProgramTemplate(input.programTemplate) === undefined) {
      throw new AppError('VALIDATION_FAILED', `body.programTemplate: unknown program "${input.programTemplate}"`, {
        issues: [{ field: 'body.programTemplate', message: 'unknown program' }],
      });
    }
    const site = await tx.selectFrom('site').select('id').where('id', '=', input.siteId).executeTakeFirst();
    if (site === undefined)
      throw new AppError('VALIDATION_FAILED', 'body.siteId: no such site', { issues: [{ field: 'body.siteId', message: 'no such site' }] });
    const row = await tx
      .insertInto('enrollment')
      .values({
        patient_id: patientId,
        site_id: input.siteId,
        program_template: input.programTemplate,
        state: 'referred',
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('enrollment_transition')
      .values({ enrollment_id: row.id, from_state: null, to_state: 'referred', at: meta.now, actor_id: actor.userId, reason: null })
      .execute();
    if (input.referral !== undefined)
      await writeReferralDetails(tx, actor, { id: row.id, site_id: input.siteId }, input.referral, meta, 'body.referral');
    const carriedFrom =
      input.programTemplate === maintenance1Template.id ? await carryScreeningForward(tx, actor, patientId, row.id, meta) : null;
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'enrollment.create',
        recordType: 'enrollment',
        recordId: row.id,
        patientId,
        outcome: 'allowed',
        details: {
          programTemplate: input.programTemplate,
          ...(input.referral === undefined ? {} : { referral: detailsGiven(input.referral) }),
          ...(carriedFrom === null ? {} : { screeningCarriedFrom: carriedFrom }),
        },
      },
    );
    return enrollmentView(tx, row.id);
  });
}
