/**
 * Updates a patient's own fields; the audit event names the changed fields, not their values.
 *
 * @module
 */
import type { Patient, PatientUpdateBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatient, careTeamOf, toView, type PatientView } from './patients-internal.js';

export async function updatePatient(
  db: Db,
  actor: Actor,
  patientId: string,
  changes: PatientUpdateBody,
  meta: RequestMeta,
): Promise<PatientView & Pick<Patient, 'careTeam'>> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.update');
    const before = await tx.selectFrom('patient').selectAll().where('id', '=', patientId).forUpdate().executeTakeFirstOrThrow();
    if (changes.mrn !== undefined && changes.mrn !== before.mrn) {
      const taken = await tx
        .selectFrom('patient')
        .select('id')
        .where('site_id', '=', before.site_id)
        .where('mrn', '=', changes.mrn)
        .executeTakeFirst();
      if (taken !== undefined) throw new AppError('CONFLICT', `MRN ${changes.mrn} is already used at this site`, { field: 'body.mrn' });
    }
    const set = {
      ...(changes.mrn !== undefined ? { mrn: changes.mrn } : {}),
      ...(changes.givenName !== undefined ? { given_name: changes.givenName } : {}),
      ...(changes.familyName !== undefined ? { family_name: changes.familyName } : {}),
      ...(changes.birthDate !== undefined ? { birth_date: changes.birthDate } : {}),
      ...(changes.sex !== undefined ? { sex: changes.sex } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.address !== undefined ? { address: changes.address } : {}),
    };
    const row = await tx
      .updateTable('patient')
      .set({ ...set, updated_at: meta.now })
      .where('id', '=', patientId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The audit records which fields changed, not their values (the values are in the record).
    await auditPatient(tx, actor, meta, 'patient.update', patientId, 'allowed', { fields: Object.keys(changes).sort() });
    return { ...toView(row), careTeam: await careTeamOf(tx, patientId) };
  });
}
