/**
 * Overrides one unresolved item of the latest assessment, with a reason and the prescriber's own
 * step-up: warn or missing by a prescriber, a failed check only by a medical director.
 *
 * @module
 */
import type { ScreeningOverrideBody, ScreeningView } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { screeningView } from './screening-view.js';
import { unresolvedItems, type StoredAssessmentResult } from './unresolved-items.js';

/** Overrides one unresolved item of the latest assessment: warn or missing by a prescriber, fail only by a medical director. */
export async function overrideScreeningCheck(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningOverrideBody,
  meta: RequestMeta,
): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.override');
    if (e.state !== 'screening')
      throw new AppError('INVALID_TRANSITION', `overrides are given while the enrollment is in screening (it is ${e.state})`, {
        current: e.state,
        allowed: [],
      });
    const latest = await tx
      .selectFrom('screening_assessment')
      .select(['id', 'result'])
      .where('enrollment_id', '=', e.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest === undefined) throw new AppError('CONFLICT', 'there is no screening assessment to override yet');
    const result = latest.result as StoredAssessmentResult;
    const { unresolved, failing } = await unresolvedItems(tx, latest.id, result);
    if (!unresolved.includes(input.checkId)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `body.checkId: ${input.checkId} is not an unresolved item of the current assessment (${unresolved.join(', ') || 'none'})`,
        { issues: [{ field: 'body.checkId', message: 'not an unresolved item' }] },
      );
    }
    const signer = await consumeStepUp(tx, actor, input.stepUpToken, { purpose: 'screening.override', differentFrom: undefined }, meta);
    if (signer.userId !== actor.userId)
      throw new AppError('FORBIDDEN', 'an override is given by the signed-in prescriber, proving their own password');
    const isFail = failing.includes(input.checkId);
    if (isFail && !signer.roles.includes('medical-director')) {
      throw new AppError('FORBIDDEN', `${input.checkId} failed: only a medical director can override a failed absolute contraindication`, {
        checkId: input.checkId,
      });
    }
    if (!signer.roles.includes('medical-director') && !signer.roles.includes('prescriber'))
      throw new AppError('FORBIDDEN', 'overrides are given by a prescriber or a medical director');
    await tx
      .insertInto('screening_override')
      .values({ assessment_id: latest.id, check_id: input.checkId, reason: input.reason, by_user: signer.userId, at: meta.now })
      .execute();
    await audit(
      tx,
      { ...meta, actor: signer },
      {
        action: 'screening.override',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { checkId: input.checkId, reason: input.reason, failed: isFail },
      },
    );
    return screeningView(tx, enrollmentId);
  });
}
