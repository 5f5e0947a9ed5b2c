/**
 * Use case: record a medication given at the chair, the way an administration is recorded: drug,
 * dose and unit, route, when and by whom. A premedication (the protocol offers ondansetron)
 * completes the checklist's premedication item; a treatment belongs to an adverse event of the
 * session (protocol-defaults.md "adverse event treatment": no doses are defaulted).
 *
 * @module
 */
import type { SessionMedicationBody, SessionMedicationCreated } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { insertAdministration } from './internal/administrations.js';

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
