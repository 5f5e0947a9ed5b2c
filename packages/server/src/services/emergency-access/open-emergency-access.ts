/**
 * Use case: a clinician breaks the glass. A prescriber, nurse or therapist of the patient's site,
 * outside the care team and not booked with the patient that day, states a reason and may open
 * the record for `EMERGENCY_ACCESS_HOURS` (design.md, "Who uses it"; HIPAA 164.312(a)(2)(ii)).
 * The opening is audited with the reason and announced on the site's live feed, so the medical
 * director's Today board lists it for review.
 *
 * Refused, each on the record: another site's patient, a role that does not work through care
 * teams, a reason shorter or longer than the contract's bounds (checked here rather than at
 * validation, so the attempt is recorded), someone who already has ordinary access (409: nothing to
 * break), and someone whose emergency access is still active (409 naming its end: it is never
 * extended nor silently renewed; a new one may be opened once it has ended).
 *
 * @module
 */
import { EMERGENCY_ACCESS_REASON_MAX, EMERGENCY_ACCESS_REASON_MIN, type EmergencyAccess, type EmergencyAccessOpenBody } from '@kairos/api';
import type { ErrorCode } from '../../errors.js';
import { appendLiveEvent } from '../../events/live-events.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { ordinaryAccess, patientSiteOf, type OrdinaryAccess } from '../patients/assert-patient-access.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import {
  activeEmergencyAccess,
  EMERGENCY_ACCESS,
  EMERGENCY_ACCESS_MS,
  isBreakTheGlassRole,
  selectEmergencyAccesses,
  siteTimeWords,
  toEmergencyAccess,
} from './emergency-access-internal.js';

const ORDINARY_WORDS: Record<OrdinaryAccess['basis'], string> = {
  'site-wide': 'your role works across the site',
  'care-team': 'you are on the care team',
  assignment: 'you are booked with the patient today',
};

export async function openEmergencyAccess(
  db: Db,
  actor: Actor,
  patientId: string,
  body: EmergencyAccessOpenBody,
  meta: RequestMeta,
): Promise<EmergencyAccess> {
  return transact(db, async (tx) => {
    const patient = await patientSiteOf(tx, patientId);
    const refuse = (
      code: ErrorCode,
      message: string,
      why: string,
      recorded: Record<string, unknown> = {},
      details: Record<string, unknown> = {},
    ) =>
      new AuditedRefusal(
        code,
        message,
        { ...meta, actor },
        {
          action: EMERGENCY_ACCESS,
          recordType: 'patient',
          recordId: patientId,
          patientId,
          outcome: 'denied',
          details: { reason: why, ...recorded },
        },
        details,
      );
    if (actor.siteId !== patient.site_id)
      throw refuse(
        'FORBIDDEN',
        'This patient belongs to another site. Emergency access is for patients of your own site only; the attempt is recorded.',
        'other site',
      );
    if (!isBreakTheGlassRole(actor))
      throw refuse('FORBIDDEN', 'Emergency access is for the site’s prescribers, nurses and therapists; the attempt is recorded.', 'role');

    const reason = body.reason.trim();
    if (reason.length < EMERGENCY_ACCESS_REASON_MIN || reason.length > EMERGENCY_ACCESS_REASON_MAX) {
      const message =
        reason.length < EMERGENCY_ACCESS_REASON_MIN
          ? `state why you need this record now, in at least ${EMERGENCY_ACCESS_REASON_MIN} characters`
          : `at most ${EMERGENCY_ACCESS_REASON_MAX} characters`;
      throw refuse(
        'VALIDATION_FAILED',
        `body.reason: ${message}`,
        'reason',
        { length: reason.length },
        {
          issues: [{ field: 'body.reason', message }],
        },
      );
    }

    const ordinary = await ordinaryAccess(tx, actor, patient, meta.now);
    if (ordinary !== undefined)
      throw refuse(
        'CONFLICT',
        `You already have access to this record (${ORDINARY_WORDS[ordinary.basis]}): emergency access is not needed.`,
        'ordinary access',
        { basis: ordinary.basis },
        { basis: ordinary.basis },
      );
    const active = await activeEmergencyAccess(tx, actor, patientId, meta.now);
    if (active !== undefined)
      throw refuse(
        'CONFLICT',
        `Your emergency access to this record is active until ${siteTimeWords(active.expires_at, patient.time_zone)}. It is not extended; once it ends you may open a new one with a new reason.`,
        'already active',
        { emergencyAccessId: active.id },
        { emergencyAccessId: active.id, expiresAt: active.expires_at.toISOString() },
      );

    const expiresAt = new Date(meta.now.getTime() + EMERGENCY_ACCESS_MS);
    const { id } = await tx
      .insertInto('emergency_access')
      .values({
        site_id: patient.site_id,
        patient_id: patientId,
        user_id: actor.userId,
        reason,
        opened_at: meta.now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: EMERGENCY_ACCESS,
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { basis: 'emergency', emergencyAccessId: id, reason, expiresAt: expiresAt.toISOString() },
      },
    );
    await appendLiveEvent(tx, {
      siteId: patient.site_id,
      type: 'emergency-access',
      payload: { emergencyAccessId: id, reviewed: false },
      at: meta.now,
    });
    return toEmergencyAccess(await selectEmergencyAccesses(tx).where('x.id', '=', id).executeTakeFirstOrThrow(), meta.now);
  });
}
