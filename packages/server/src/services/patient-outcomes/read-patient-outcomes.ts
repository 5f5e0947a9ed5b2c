/**
 * Use case: a clinician reads a patient's outcomes.
 *
 * @module
 */
import type { PatientOutcomes } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Db } from '../../store/database.js';
import { transact } from '../transaction.js';
import { patientOutcomes } from './internal/patient-outcomes.js';

/** A patient's outcomes, read by a staff member (care-team access checked, read audited). */
export async function readPatientOutcomes(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<PatientOutcomes> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'outcomes.read');
    const o = await patientOutcomes(tx, patientId, meta.now);
    await audit(
      tx,
      { ...meta, actor },
      { action: 'outcomes.read', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed', details: {} },
    );
    return o;
  });
}
