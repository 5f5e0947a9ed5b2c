/**
 * A patient's charge lines and payments as the API gives them, and the balance they leave.
 *
 * @module
 */
import type { PatientBilling } from '@kairos/api';
import type { Db } from '../../../store/database.js';

export async function patientBillingOf(tx: Db, patientId: string): Promise<PatientBilling> {
  const lines = await tx
    .selectFrom('charge_line as c')
    .innerJoin('app_user as u', 'u.id', 'c.finalised_by')
    .leftJoin('charge_line as r', 'r.reverses_id', 'c.id')
    .leftJoin('app_user as ru', 'ru.id', 'c.rendering_user_id')
    .selectAll('c')
    .select([
      'u.display_name as finalised_by_name',
      'r.id as reversed_by_id',
      'ru.display_name as rendering_name',
      'ru.npi as rendering_npi',
      'ru.licence as rendering_licence',
    ])
    .where('c.patient_id', '=', patientId)
    // By day and code, each reversal after its line (they share the code; it is finalised later).
    .orderBy('c.service_date')
    .orderBy('c.code')
    .orderBy('c.finalised_at')
    .orderBy('c.id')
    .execute();
  const payments = await tx
    .selectFrom('payment')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('paid_on')
    .orderBy('recorded_at')
    .execute();
  const insurance = await tx.selectFrom('patient_insurance').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
  const chargedCents = lines.reduce((sum, l) => sum + Number(l.amount_cents), 0);
  const paidCents = payments.reduce((sum, p) => sum + Number(p.amount_cents), 0);
  return {
    insurance:
      insurance === undefined
        ? null
        : {
            insurer: insurance.insurer,
            memberId: insurance.member_id,
            groupNumber: insurance.group_number,
            updatedAt: insurance.updated_at.toISOString(),
          },
    lines: lines.map((l) => ({
      id: l.id,
      sessionId: l.session_id,
      noteId: l.note_id,
      rendering: l.rendering_name === null ? null : { name: l.rendering_name, npi: l.rendering_npi, licence: l.rendering_licence },
      serviceDate: l.service_date,
      code: l.code,
      modifier: l.modifier,
      description: l.description,
      units: l.units,
      feeCents: Number(l.fee_cents),
      amountCents: Number(l.amount_cents),
      ndc: l.ndc,
      drugQuantity: l.drug_amount === null || l.drug_unit === null ? null : { amount: Number(l.drug_amount), unit: l.drug_unit },
      diagnoses: l.diagnoses,
      rule: l.rule,
      reversesId: l.reverses_id,
      reversedById: l.reversed_by_id,
      reason: l.reason,
      finalisedAt: l.finalised_at.toISOString(),
      finalisedBy: l.finalised_by_name,
    })),
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method,
      paidOn: p.paid_on,
      amountCents: Number(p.amount_cents),
      reference: p.reference,
      recordedAt: p.recorded_at.toISOString(),
    })),
    chargedCents,
    paidCents,
    balanceCents: chargedCents - paidCents,
  };
}
