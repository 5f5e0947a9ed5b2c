/**
 * Reads a patient's record and care team (care-team access, audited).
 *
 * @module
 */
import type { Patient } from '@kairos/api';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatient, careTeamOf, toView, type PatientView } from './patients-internal.js';

export async function getPatient(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<PatientView & Pick<Patient, 'careTeam'>> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.read');
    const row = await tx.selectFrom('patient').selectAll().where('id', '=', patientId).executeTakeFirstOrThrow();
    await auditPatient(tx, actor, meta, 'patient.read', patientId, 'allowed');
    return { ...toView(row), careTeam: await careTeamOf(tx, patientId) };
  });
}
