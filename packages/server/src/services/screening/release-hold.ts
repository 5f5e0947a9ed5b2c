/**
 * Releases an enrollment's review hold with a reason, through the releaser's own step-up (a
 * medical director for a failed check), closing the hold's task.
 *
 * @module
 */
import type { ScreeningHoldReleaseBody, ScreeningView } from '@kairos/api';
import { sql } from 'kysely';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { screeningView } from './screening-view.js';

/**
 * Releases a review hold with a reason, through the releaser's own step-up: a needs-review hold
 * by a prescriber (or medical director); a hold for a failed check (an absolute contraindication)
 * only by a medical director. The hold's task is closed with the reason.
 */
export async function releaseScreeningHold(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningHoldReleaseBody,
  meta: RequestMeta,
): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.release-hold');
    const hold = await tx
      .selectFrom('screening_hold')
      .selectAll()
      .where('enrollment_id', '=', e.id)
      .where('released_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (hold === undefined) throw new AppError('CONFLICT', 'this enrollment has no review hold', { code: 'NO_HOLD' });
    const denied = (message: string, code: string) =>
      new AuditedRefusal(
        'FORBIDDEN',
        message,
        { ...meta, actor },
        {
          action: 'screening.release-hold',
          recordType: 'enrollment',
          recordId: e.id,
          patientId: e.patient_id,
          outcome: 'denied',
          details: { code, kind: hold.kind },
        },
        { code, kind: hold.kind },
      );
    if (hold.kind === 'absolute' && !actor.roles.includes('medical-director'))
      throw denied(
        'this hold is for a failed check (an absolute contraindication): only a medical director releases it',
        'HOLD_NEEDS_DIRECTOR',
      );
    if (!actor.roles.includes('medical-director') && !actor.roles.includes('prescriber'))
      throw denied('a prescriber releases a review hold', 'HOLD_NEEDS_PRESCRIBER');
    const signer = await consumeStepUp(tx, actor, input.stepUpToken, { purpose: 'screening.release-hold' }, meta);
    if (signer.userId !== actor.userId)
      throw new AppError('FORBIDDEN', 'a hold is released by the signed-in prescriber, proving their own password');
    await tx
      .updateTable('screening_hold')
      .set({ released_at: meta.now, released_by: actor.userId, release_reason: input.reason })
      .where('id', '=', hold.id)
      .execute();
    await tx
      .updateTable('clinical_task')
      .set({ completed_at: meta.now, completed_by: actor.userId, outcome_note: `hold released: ${input.reason}` })
      .where('kind', '=', 'screening-review')
      .where('completed_at', 'is', null)
      .where(sql<boolean>`details->>'holdId' = ${hold.id}`)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'screening.release-hold',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { holdId: hold.id, kind: hold.kind, reason: input.reason },
      },
    );
    return screeningView(tx, enrollmentId);
  });
}
