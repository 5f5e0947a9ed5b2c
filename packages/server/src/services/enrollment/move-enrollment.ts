/**
 * The enrollment's transitions: one step of core's state machine (allowed steps, reasons, the
 * decision's own steps), the consent gate of scheduling, the transition row and its audit event.
 * Other use cases (the screening decision, scheduling) move an enrollment through it.
 *
 * @module
 */
import type { EnrollmentState } from '@kairos/api';
import { checkEnrollmentStep } from '@kairos/core';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { consentStatus } from '../consent/consent-status.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

/** Moves an enrollment, checking the step is allowed (and, for decisions, that the caller is the decision). */
export async function moveEnrollment(
  tx: Db,
  actor: Actor,
  e: { id: string; state: EnrollmentState; patient_id: string },
  to: EnrollmentState,
  reason: string | undefined,
  meta: RequestMeta,
  { viaDecision = false }: { viaDecision?: boolean } = {},
): Promise<void> {
  const check = checkEnrollmentStep(e.state, to, reason, { viaDecision });
  if (check.outcome === 'not-allowed') {
    const hint = check.setByDecision ? ` (${to} is set by the prescriber's screening decision)` : '';
    throw new AppError('INVALID_TRANSITION', `an enrollment cannot go from ${e.state} to ${to}${hint}`, {
      current: e.state,
      allowed: check.allowed,
    });
  }
  const trimmed = reason?.trim();
  if (check.outcome === 'reason-required') {
    throw new AppError('VALIDATION_FAILED', `body.reason: a reason is required to go from ${e.state} to ${to}`, {
      issues: [{ field: 'body.reason', message: 'required for this step' }],
    });
  }
  if (to === 'scheduled') {
    const consent = await consentStatus(tx, e.id);
    if (!consent.signed)
      throw new AppError('CONFLICT', 'the enrollment cannot be scheduled without a signed consent of the site’s current version', {
        current: e.state,
        waitingFor: 'consent',
      });
  }
  await tx.updateTable('enrollment').set({ state: to, updated_at: meta.now }).where('id', '=', e.id).execute();
  await tx
    .insertInto('enrollment_transition')
    .values({
      enrollment_id: e.id,
      from_state: e.state,
      to_state: to,
      at: meta.now,
      actor_id: actor.userId,
      reason: trimmed === '' ? null : (trimmed ?? null),
    })
    .execute();
  await audit(
    tx,
    { ...meta, actor },
    {
      action: 'enrollment.transition',
      recordType: 'enrollment',
      recordId: e.id,
      patientId: e.patient_id,
      outcome: 'allowed',
      details: { from: e.state, to, ...(trimmed ? { reason: trimmed } : {}) },
    },
  );
}
