/**
 * Use case: the patient's insurance is entered or changed (issue 27, Must 4): the insurer, member
 * id and group number the superbill prints for the patient's out-of-network claim. Who:
 * `billing.manage` (the route), for a patient they may see. Audited with which fields changed,
 * never their values.
 *
 * @module
 */
import type { PatientBilling, PatientInsuranceValues } from '@kairos/api';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';

const ACTION = 'billing.insurance';

export function setPatientInsurance(
  db: Db,
  actor: Actor,
  patientId: string,
  body: PatientInsuranceValues,
  meta: RequestMeta,
): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, ACTION);
    const before = await tx.selectFrom('patient_insurance').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
    const values = {
      insurer: body.insurer,
      member_id: body.memberId,
      group_number: body.groupNumber,
      updated_by: actor.userId,
      updated_at: meta.now,
    };
    await tx
      .insertInto('patient_insurance')
      .values({ patient_id: patientId, ...values })
      .onConflict((oc) => oc.column('patient_id').doUpdateSet(values))
      .execute();
    const changed = (['insurer', 'member_id', 'group_number'] as const).filter((k) => before?.[k] !== values[k]);
    await audit(
      tx,
      { ...meta, actor },
      { action: ACTION, recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed', details: { changed } },
    );
    return patientBillingOf(tx, patientId);
  });
}
