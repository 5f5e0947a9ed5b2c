/**
 * The prescriber's screening decision (step-up): eligible only when consent is signed and nothing is
 * unresolved, ineligible with a reason; it moves the enrollment and records the decision.
 *
 * @module
 */
import type { ScreeningDecisionBody, ScreeningDecisionResult } from '@kairos/api';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { enrollmentView } from '../enrollment/enrollment-view.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { moveEnrollment } from '../enrollment/move-enrollment.js';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { screeningView } from './screening-view.js';

/** The prescriber's decision: eligible only when consent is signed and nothing is unresolved; ineligible with a reason. */
export async function decideScreening(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningDecisionBody,
  meta: RequestMeta,
): Promise<ScreeningDecisionResult> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.decide');
    const view = await screeningView(tx, enrollmentId);
    if (input.outcome === 'eligible' && !view.canDecide.eligible) {
      throw new AppError('CONFLICT', `not yet eligible: ${view.canDecide.why.join('; ')}`, { why: view.canDecide.why });
    }
    if (input.outcome === 'ineligible' && !view.canDecide.ineligible)
      throw new AppError('CONFLICT', 'an ineligible decision needs an enrollment in screening with an assessment');
    const signer = await consumeStepUp(tx, actor, input.stepUpToken, { purpose: 'screening.decide' }, meta);
    if (signer.userId !== actor.userId)
      throw new AppError('FORBIDDEN', 'the decision is made by the signed-in prescriber, proving their own password');
    const latest = view.assessment;
    if (latest === null) throw new AppError('CONFLICT', 'no assessment');
    await moveEnrollment(tx, actor, e, input.outcome, input.reason, meta, { viaDecision: true });
    await tx
      .insertInto('screening_decision')
      .values({
        enrollment_id: e.id,
        assessment_id: latest.id,
        outcome: input.outcome,
        reason: input.reason ?? null,
        by_user: actor.userId,
        at: meta.now,
      })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'screening.decide',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { outcome: input.outcome, assessmentId: latest.id, ...(input.reason ? { reason: input.reason } : {}) },
      },
    );
    return { ...(await screeningView(tx, enrollmentId)), enrollment: await enrollmentView(tx, enrollmentId) };
  });
}
