/**
 * A patient's superbill facts for a range of days (see superbill-pdf.ts), gathered in `tx`, the
 * read audited through `auditAs` (staff or the patient): shared by the staff's and the portal's use cases.
 *
 * @module
 */
import { icd10CmText } from '@kairos/core';
import { AppError } from '../../../errors.js';
import type { Db } from '../../../store/database.js';
import type { AuditEvent } from '../../audit.js';
import type { SuperbillPdfFacts } from '../render-superbill-pdf.js';
import { patientBillingOf } from './charge-rows.js';

export const SUPERBILL_ACTION = 'billing.superbill';

/** The range's problem (a 400 naming `querystring.to`), before anything is read. */
export function checkSuperbillRange(range: { from?: string; to?: string }): void {
  if (range.from !== undefined && range.to !== undefined && range.to < range.from)
    throw new AppError('VALIDATION_FAILED', 'querystring.to: the last day is before the first', {
      issues: [{ field: 'querystring.to', message: 'the last day is before the first' }],
    });
}

export async function superbillFacts(
  tx: Db,
  patientId: string,
  range: { from?: string; to?: string },
  now: Date,
  auditAs: (tx: Db, event: AuditEvent) => Promise<void>,
): Promise<SuperbillPdfFacts> {
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
  // The rendering clinicians, numbered in the order their first line comes.
  const providers: { name: string; npi: string | null; licence: string | null }[] = [];
  const providerOf = (r: (typeof lines)[number]['rendering']): string => {
    if (r === null) return '';
    let i = providers.findIndex((p) => p.name === r.name && p.npi === r.npi);
    if (i < 0) i = providers.push(r) - 1;
    return String(i + 1);
  };
  const payments = all.payments.filter((p) => inRange(p.paidOn));
  const dates = lines.map((l) => l.serviceDate).sort();
  await auditAs(tx, {
    action: SUPERBILL_ACTION,
    recordType: 'patient',
    recordId: patientId,
    patientId,
    outcome: 'allowed',
    details: { from: dates[0], to: dates.at(-1), lines: lines.length },
  });
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
    insurance:
      all.insurance === null
        ? null
        : { insurer: all.insurance.insurer, memberId: all.insurance.memberId, groupNumber: all.insurance.groupNumber },
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
      provider: providerOf(l.rendering),
    })),
    providers: providers.map((p, i) => ({ pointer: String(i + 1), ...p })),
    diagnoses: codes.map((code) => ({ pointer: pointer(code), code, text: icd10CmText(code) ?? null })),
    payments: payments.map((p) => ({ date: p.paidOn, method: p.method, amountCents: p.amountCents })),
    chargedCents: lines.reduce((s, l) => s + l.amountCents, 0),
    paidCents: payments.reduce((s, p) => s + p.amountCents, 0),
    generatedAt: now,
  };
}

/** The PDF's file name. */
export const superbillName = (f: SuperbillPdfFacts): string =>
  `superbill-${f.patient.mrn.replace(/[^A-Za-z0-9-]/g, '')}-${f.from}-${f.to}.pdf`;
