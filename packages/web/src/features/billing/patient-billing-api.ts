/** A patient's billing: visits to bill, charges, payments, superbills (docs/api-billing.md). */
import type {
  BillableEvent,
  BillableEventList,
  PatientBilling,
  PatientInsuranceBody,
  PaymentBody,
  SessionChargesFinaliseBody,
} from '@kairos/api';
import { ApiError, apiFetch, apiSend } from '../../api/client';

export type { BillableEvent, BillableEventList, ChargeLine, PatientBilling, Payment, ProposedCharge } from '@kairos/api';
export { PAYMENT_METHODS } from '@kairos/api';

const patient = (id: string) => `/api/patients/${encodeURIComponent(id)}`;

export const getPatientBilling = (patientId: string): Promise<PatientBilling> => apiFetch(`${patient(patientId)}/billing`);
export const getBillableEvents = (patientId: string): Promise<BillableEventList> => apiFetch(`${patient(patientId)}/billable-events`);

/** Finalises a visit's lines: a dosing session's or a signed note's. */
export function finaliseCharges(event: Pick<BillableEvent, 'kind' | 'id'>, body: SessionChargesFinaliseBody): Promise<PatientBilling> {
  const base = event.kind === 'dosing-session' ? '/api/sessions' : '/api/notes';
  return apiSend('POST', `${base}/${encodeURIComponent(event.id)}/charges`, body);
}

export const reverseCharge = (chargeId: string, reason: string): Promise<PatientBilling> =>
  apiSend('POST', `/api/charges/${encodeURIComponent(chargeId)}/reversal`, { reason });

export const setInsurance = (patientId: string, body: PatientInsuranceBody): Promise<PatientBilling> =>
  apiSend('PUT', `${patient(patientId)}/insurance`, body);

export const recordPayment = (patientId: string, body: PaymentBody): Promise<PatientBilling> =>
  apiSend('POST', `${patient(patientId)}/payments`, body);

/** The superbill's address: a visit (from = to), a range of days, or every finalised charge. */
export function superbillUrl(patientId: string, range: { from?: string; to?: string }): string {
  const q = new URLSearchParams();
  if (range.from !== undefined && range.from !== '') q.set('from', range.from);
  if (range.to !== undefined && range.to !== '') q.set('to', range.to);
  const s = q.toString();
  return `${patient(patientId)}/superbill.pdf${s === '' ? '' : `?${s}`}`;
}

/**
 * Fetches a PDF and saves it under the server's file name; a refusal becomes an ApiError with the
 * server's words (no billing identity yet, no charge in these dates), never a JSON file saved.
 */
export async function downloadPdf(url: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/pdf' } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Kairos cannot be reached. Check the connection and try again.');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** $1,234.50; a negative amount (a reversal, a credit) with its sign. */
export function formatMoney(cents: number): string {
  const abs = (Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${abs}`;
}
