/**
 * Use case: a patient's superbill as a PDF (issue 27, Must 4) for a visit's date or a range of
 * dates: the finalised lines of those days (reversals with them), the diagnoses they are for,
 * the payments of those days. Refused: no billing identity entered yet, no finalised line in the
 * dates, a range ending before it starts (400 naming `querystring.to`). Who: `billing.manage` (the
 * route), for a patient of their site. Audited (`billing.superbill`). Rendered off the event loop.
 *
 * @module
 */
import { icd10CmText } from '@kairos/core';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { renderPdf } from '../../workers/worker-pool.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import { patientBillingOf } from './internal/charge-rows.js';
import type { SuperbillPdfFacts } from './render-superbill-pdf.js';

const ACTION = 'billing.superbill';

export async function superbillPdf(
  db: Db,
  actor: Actor,
  patientId: string,
  range: { from?: string; to?: string },
  meta: RequestMeta,
): Promise<{ pdf: Buffer; filename: string }> {
  if (range.from !== undefined && range.to !== undefined && range.to < range.from)
    throw new AppError('VALIDATION_FAILED', 'querystring.to: the last day is before the first', {
      issues: [{ field: 'querystring.to', message: 'the last day is before the first' }],
    });
  const facts = await transact(db, async (tx): Promise<SuperbillPdfFacts> => {
    await assertPatientAccess(tx, actor, patientId, meta, ACTION);
    const patient = await tx.selectFrom('patient').selectAll().where('id', '=', patientId).executeTakeFirstOrThrow();
    const identity = await tx.selectFrom('site_billing').selectAll().where('site_id', '=', patient.site_id).executeTakeFirst();
    if (identity === undefined)
      throw new AppError('CONFLICT', 'the clinic’s billing identity is not entered yet (Settings, Billing)', {
        code: 'BILLING_IDENTITY_MISSING',
      });
    const all = await patientBillingOf(tx, patientId);
    const inRange = (d: string) => (range.from === undefined || d >= range.from) && (range.to === undefined || d <= range.to);
    const lines = all.lines.filter((l) => inRange(l.serviceDate));
    if (lines.length === 0) throw new AppError('CONFLICT', 'no finalised charge in these dates', { code: 'NO_CHARGES' });
    const codes = [...new Set(lines.flatMap((l) => l.diagnoses))];
    const pointer = (code: string) => String.fromCharCode(65 + codes.indexOf(code));
    const payments = all.payments.filter((p) => inRange(p.paidOn));
    const dates = lines.map((l) => l.serviceDate).sort();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { from: dates[0], to: dates.at(-1), lines: lines.length },
      },
    );
    return {
      clinic: {
        legalName: identity.legal_name,
        address: identity.address,
        taxId: identity.tax_id,
        npi: identity.npi,
        placeOfService: identity.place_of_service,
      },
      patient: {
        givenName: patient.given_name,
        familyName: patient.family_name,
        birthDate: patient.birth_date,
        mrn: patient.mrn,
        synthetic: patient.synthetic,
        address: patient.address,
      },
      from: range.from ?? (dates[0] as string),
      to: range.to ?? (dates.at(-1) as string),
      lines: lines.map((l) => ({
        date: l.serviceDate,
        code: l.code,
        modifier: l.modifier,
        description: l.description,
        ndc: l.ndc,
        units: l.units,
        feeCents: l.feeCents,
        amountCents: l.amountCents,
        reversal: l.reversesId !== null,
        diagnosisPointers: l.diagnoses.map(pointer).join(''),
      })),
      diagnoses: codes.map((code) => ({ pointer: pointer(code), code, text: icd10CmText(code) ?? null })),
      payments: payments.map((p) => ({ date: p.paidOn, method: p.method, amountCents: p.amountCents })),
      chargedCents: lines.reduce((s, l) => s + l.amountCents, 0),
      paidCents: payments.reduce((s, p) => s + p.amountCents, 0),
      generatedAt: meta.now,
    };
  });
  return {
    pdf: await renderPdf({ kind: 'superbill', facts }),
    filename: `superbill-${facts.patient.mrn.replace(/[^A-Za-z0-9-]/g, '')}-${facts.from}-${facts.to}.pdf`,
  };
}
