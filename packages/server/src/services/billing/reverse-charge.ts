/**
 * Use case: a finalised charge line is taken back by a reversing line (the negative amount) with
 * a reason (issue 27, Must 2: a finalised line changes only this way). A line is reversed once; a
 * reversal is not reversed. Who: `billing.manage` (the route), for a patient of their site. Audited.
 *
 * @module
 */
import type { ChargeReversalBody, PatientBilling } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';

const ACTION = 'billing.reverse';

export function reverseCharge(
  db: Db,
  actor: Actor,
  chargeId: string,
  body: ChargeReversalBody,
  meta: RequestMeta,
): Promise<PatientBilling> {
  return transact(db, async (tx) => {
    const line = await tx.selectFrom('charge_line').selectAll().where('id', '=', chargeId).forUpdate().executeTakeFirst();
    if (line === undefined || (actor.siteId !== null && line.site_id !== actor.siteId))
      throw new AppError('NOT_FOUND', 'no such charge line', { kind: 'charge line', id: chargeId });
    await assertPatientAccess(tx, actor, line.patient_id, meta, ACTION);
    if (line.reverses_id !== null)
      throw new AppError('CONFLICT', 'this line is itself a reversal: it is not reversed', { code: 'IS_REVERSAL' });
    const done = await tx.selectFrom('charge_line').select('id').where('reverses_id', '=', line.id).executeTakeFirst();
    if (done !== undefined) throw new AppError('CONFLICT', 'this line was already reversed', { code: 'ALREADY_REVERSED' });
    const { id: _id, ...copy } = line;
    await tx
      .insertInto('charge_line')
      .values({
        ...copy,
        amount_cents: String(-Number(line.amount_cents)),
        reverses_id: line.id,
        reason: body.reason,
        finalised_by: actor.userId,
        finalised_at: meta.now,
      })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'charge_line',
        recordId: line.id,
        patientId: line.patient_id,
        outcome: 'allowed',
        details: { code: line.code, amountCents: Number(line.amount_cents), reason: body.reason },
      },
    );
    return patientBillingOf(tx, line.patient_id);
  });
}
