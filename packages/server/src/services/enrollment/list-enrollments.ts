/**
 * A patient's enrollments, newest first (care-team access, audited).
 *
 * @module
 */
import type { Enrollment } from '@kairos/api';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { enrollmentView } from './enrollment-view.js';

export async function listEnrollments(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<Enrollment[]> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'enrollment.read');
    const ids = await tx.selectFrom('enrollment').select('id').where('patient_id', '=', patientId).orderBy('created_at', 'desc').execute();
    await audit(tx, { ...meta, actor }, { action: 'enrollment.read', recordType: 'enrollment', patientId, outcome: 'allowed' });
    return Promise.all(ids.map((e) => enrollmentView(tx, e.id)));
  });
}
