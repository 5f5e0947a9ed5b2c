/**
 * Use case: the caller's own emergency access to a patient that is active now, if any, so the
 * patient page can say "emergency access until ...". When there is one, reading it is an access to
 * the patient under it (recorded as such); when there is none nothing of the patient is answered
 * and nothing is recorded.
 *
 * @module
 */
import type { MyEmergencyAccess } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess, patientSiteOf } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { activeEmergencyAccess, selectEmergencyAccesses, toEmergencyAccess } from './emergency-access-internal.js';

export async function readMyEmergencyAccess(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<MyEmergencyAccess> {
  return transact(db, async (tx) => {
    await patientSiteOf(tx, patientId);
    const active = await activeEmergencyAccess(tx, actor, patientId, meta.now);
    if (active === undefined) return { active: null };
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.emergency-access.read');
    const row = await selectEmergencyAccesses(tx).where('x.id', '=', active.id).executeTakeFirstOrThrow();
    return { active: toEmergencyAccess(row, meta.now) };
  });
}
