/**
 * Use case: a payment is recorded against a patient's charges (issue 27, Must 2): method, date,
 * amount, never more than the balance (refused naming `body.amountCents`, nothing stored). Who:
 * `billing.manage` (the route), for a patient of their site. Audited.
 *
 * @module
 */
import type { PatientBilling, PaymentBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';

const ACTION = 'billing.payment';

export function recordPayment(db: Db, actor: Actor, patientId: string, body: PaymentBody, meta: RequestMeta): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, ACTION);
    // Payments of a patient one at a time, so two cannot both fit the same balance.
    const patient = await tx
      .selectFrom('patient')
      .select(['id', 'site_id'])
      .where('id', '=', patientId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = await patientBillingOf(tx, patientId);
    if (body.amountCents > before.balanceCents) {
      const message =
        before.balanceCents <= 0
          ? 'nothing is owed: there is no balance to pay'
          : `is more than the balance of ${(before.balanceCents / 100).toFixed(2)}`;
      throw new AppError('VALIDATION_FAILED', `body.amountCents: ${message}`, { issues: [{ field: 'body.amountCents', message }] });
    }
    const row = await tx
      .insertInto('payment')
      .values({
        site_id: patient.site_id,
        patient_id: patientId,
        method: body.method,
        paid_on: body.paidOn,
        amount_cents: String(body.amountCents),
        reference: body.reference ?? null,
        recorded_by: actor.userId,
        recorded_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'payment',
        recordId: row.id,
        patientId,
        outcome: 'allowed',
        details: { method: body.method, paidOn: body.paidOn, amountCents: body.amountCents },
      },
    );
    return patientBillingOf(tx, patientId);
  });
}
