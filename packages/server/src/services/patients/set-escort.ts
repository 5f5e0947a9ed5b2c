/**
 * Sets the patient's escort (who takes them home after a dosing session).
 *
 * @module
 */
import type { Escort, EscortBody } from '@kairos/api';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatientDetail } from './patient-details-internal.js';

export async function setEscort(db: Db, actor: Actor, patientId: string, escort: EscortBody, meta: RequestMeta): Promise<Escort> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.escort.update');
    await tx
      .updateTable('patient')
      .set({ escort: JSON.stringify(escort), updated_at: meta.now })
      .where('id', '=', patientId)
      .execute();
    await auditPatientDetail(tx, actor, meta, 'patient.escort.update', patientId, 'patient', patientId);
    return escort;
  });
}
