/** Billing's setup (docs/api-billing.md): a site's billing identity and fee schedule, and a clinician's NPI and licence. */
import type {
  BillingIdentity,
  BillingIdentityBody,
  BillingSettings,
  FeeScheduleItem,
  FeeScheduleItemCreateBody,
  FeeScheduleItemUpdateBody,
  StaffBilling,
  StaffBillingBody,
} from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export type { BillingIdentity, BillingIdentityBody, BillingSettings, FeeScheduleItem } from '@kairos/api';

const billing = (siteId: string) => `/api/sites/${encodeURIComponent(siteId)}/billing`;

/** The identity (null until entered) and the fee schedule; the first read seeds the codes Kairos proposes, fees not set. */
export const getBillingSettings = (siteId: string): Promise<BillingSettings> => apiFetch(billing(siteId));
export const saveBillingIdentity = (siteId: string, body: BillingIdentityBody): Promise<BillingIdentity> =>
  apiSend('PUT', `${billing(siteId)}/identity`, body);
export const addFee = (siteId: string, body: FeeScheduleItemCreateBody): Promise<FeeScheduleItem> =>
  apiSend('POST', `${billing(siteId)}/fees`, body);
export const updateFee = (siteId: string, feeId: string, body: FeeScheduleItemUpdateBody): Promise<FeeScheduleItem> =>
  apiSend('PUT', `${billing(siteId)}/fees/${encodeURIComponent(feeId)}`, body);
/** A clinician's type 1 NPI and licence, as a superbill names them (null clears). */
export const saveStaffBilling = (userId: string, body: StaffBillingBody): Promise<StaffBilling> =>
  apiSend('PUT', `/api/users/${encodeURIComponent(userId)}/billing`, body);

/** A contract's or the server's words ("the check digit of this NPI is wrong …") as a sentence under the field. */
export const sentence = (message: string): string => {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

/** Dollars as typed (a number, or '' when empty) to whole cents; null when empty. */
export function dollarsToCents(value: number | string): number | null {
  if (value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** Cents to the dollar amount a NumberInput shows ('' when not set). */
export const centsToDollars = (cents: number | null): number | '' => (cents === null ? '' : cents / 100);

/** "$1,234.50". */
export const formatCents = (cents: number): string =>
  (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 });

/** The roles whose services a superbill names with their NPI and licence. */
export const CLINICAL_ROLES = ['prescriber', 'medical-director', 'therapist', 'nurse'] as const;
