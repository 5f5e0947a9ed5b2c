/**
 * Medications given at the chair, recorded the way an administration is: drug, dose and unit,
 * route, when and by whom. A premedication (the protocol offers ondansetron) completes the
 * checklist's premedication item; a treatment belongs to an adverse event of the session
 * (protocol-defaults.md "adverse event treatment": no doses are defaulted).
 *
 * @module
 */
import type { SessionMedicationBody, SessionMedicationCreated } from '@kairos/api';
import { AppError, notFound } from '../errors.js';
import { appendLiveEvent } from '../events/live-events.js';
import { audit } from './audit.js';
import { assertPatientAccess } from './patients/assert-patient-access.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

/** Stores an administration inside an open transaction, checking its facts; the field of a bad one is named. */
export async function insertAdministration(
  tx: Db,
  actor: Actor,
  s: { id: string; patient_id: string; site_id: string },
  input: SessionMedicationBody,
  meta: RequestMeta,
  field = 'body',
): Promise<string> {
  if (Date.parse(input.givenAt) > meta.now.getTime() + 60_000)
    throw new AppError('VALIDATION_FAILED', `${field}.givenAt: is in the future`, {
      issues: [{ field: `${field}.givenAt`, message: 'is in the future' }],
    });
  if (input.purpose === 'treatment' && input.adverseEventId === undefined)
    throw new AppError('VALIDATION_FAILED', `${field}.adverseEventId: a treatment belongs to an adverse event`, {
      issues: [{ field: `${field}.adverseEventId`, message: 'required for a treatment' }],
    });
  if (input.purpose === 'premedication' && input.adverseEventId !== undefined)
    throw new AppError('VALIDATION_FAILED', `${field}.adverseEventId: a premedication belongs to no adverse event`, {
      issues: [{ field: `${field}.adverseEventId`, message: 'not for a premedication' }],
    });
  if (input.adverseEventId !== undefined) {
    const ae = await tx.selectFrom('adverse_event').select('session_id').where('id', '=', input.adverseEventId).executeTakeFirst();
    if (ae?.session_id !== s.id)
      throw new AppError('VALIDATION_FAILED', `${field}.adverseEventId: not an adverse event of this session`, {
        issues: [{ field: `${field}.adverseEventId`, message: 'not of this session' }],
      });
  }
  const givenBy = input.givenBy ?? actor.userId;
  const giver = await tx.selectFrom('app_user').select(['id', 'active']).where('id', '=', givenBy).executeTakeFirst();
  if (giver === undefined || !giver.active)
    throw new AppError('VALIDATION_FAILED', `${field}.givenBy: not an active user`, {
      issues: [{ field: `${field}.givenBy`, message: 'not an active user' }],
    });
  const row = await tx
    .insertInto('session_medication')
    .values({
      session_id: s.id,
      adverse_event_id: input.adverseEventId ?? null,
      purpose: input.purpose,
      drug: input.drug,
      dose: input.dose,
      unit: input.unit,
      route: input.route,
      given_at: new Date(input.givenAt),
      given_by: givenBy,
      recorded_by: actor.userId,
      recorded_at: meta.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(
    tx,
    { ...meta, actor },
    {
      action: `session.medication.${input.purpose}`,
      recordType: 'session_medication',
      recordId: row.id,
      patientId: s.patient_id,
      outcome: 'allowed',
      details: {
        sessionId: s.id,
        drug: input.drug,
        dose: input.dose,
        unit: input.unit,
        route: input.route,
        givenBy,
        adverseEventId: input.adverseEventId ?? null,
      },
    },
  );
  await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'medication', payload: { purpose: input.purpose }, at: meta.now });
  return row.id;
}

/** Records a medication given at the chair (premedication, or the treatment of one of the session's adverse events). */
export async function recordSessionMedication(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionMedicationBody,
  meta: RequestMeta,
): Promise<SessionMedicationCreated> {
  return transact(db, async (tx) => {
    const s = await tx
      .selectFrom('dosing_session')
      .select(['id', 'patient_id', 'site_id', 'state'])
      .where('id', '=', sessionId)
      .forUpdate()
      .executeTakeFirst();
    if (s === undefined) throw notFound('dosing session', sessionId);
    await assertPatientAccess(tx, actor, s.patient_id, meta, 'session.medication');
    if (s.state === 'scheduled' || s.state === 'aborted' || s.state === 'discharged')
      throw new AppError('INVALID_TRANSITION', `medications are recorded from check-in to discharge (the session is ${s.state})`, {
        current: s.state,
      });
    return { id: await insertAdministration(tx, actor, s, input, meta) };
  });
}
