/**
 * Use case: a clinician reads a patient's measurement tasks (due, done, missed).
 *
 * @module
 */
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Db } from '../../store/database.js';
import { transact } from '../transaction.js';
import type { PatientMeasurementTask } from './internal/measurement-tasks.js';
import { patientMeasurementTasks } from './internal/measurement-tasks.js';

/** A patient's questionnaire tasks, read by a staff member (care-team access checked, read audited). */
export async function readPatientMeasurementTasks(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<{ today: string; tasks: PatientMeasurementTask[] }> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'measurement-tasks.read');
    const result = await patientMeasurementTasks(tx, patientId, meta.now);
    await audit(
      tx,
      { ...meta, actor },
      { action: 'measurement-tasks.read', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed', details: {} },
    );
    return result;
  });
}
