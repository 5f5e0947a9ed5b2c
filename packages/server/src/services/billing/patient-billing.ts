/**
 * Use case: a patient's charges, payments and balance are read (issue 27). Who: `billing.manage`
 * (the route), for a patient of their site. Audited.
 *
 * @module
 */
import type { PatientBilling } from '@kairos/api';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';

const ACTION = 'billing.read';

export function patientBilling(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, ACTION);
    const billing = await patientBillingOf(tx, patientId);
    await audit(tx, { ...meta, actor }, { action: ACTION, recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed' });
    return billing;
  });
}
