/** The administrators' staff accounts (docs/api-users.md): every change carries the administrator's own step-up proof. */
import { STAFF_ACCOUNT_PURPOSES, type StaffAccount, type StaffAccountCreateBody, type StaffAccountList, type Role } from '@kairos/api';
import { apiFetch, apiSend } from '../../api/client';

export { ROLES, STAFF_ACCOUNT_PURPOSES } from '@kairos/api';
export type { StaffAccount, StaffAccountAct } from '@kairos/api';

const account = (id: string) => `/api/staff-accounts/${encodeURIComponent(id)}`;

export const listStaffAccounts = (): Promise<StaffAccountList> => apiFetch('/api/staff-accounts');
export const createStaffAccount = (input: StaffAccountCreateBody): Promise<StaffAccount> => apiSend('POST', '/api/staff-accounts', input);
export const changeRoles = (id: string, roles: Role[], stepUpToken: string): Promise<StaffAccount> =>
  apiSend('PUT', `${account(id)}/roles`, { roles, stepUpToken });
export const changeSite = (id: string, siteId: string, stepUpToken: string): Promise<StaffAccount> =>
  apiSend('PUT', `${account(id)}/site`, { siteId, stepUpToken });
export const resetPassword = (id: string, password: string, stepUpToken: string): Promise<StaffAccount> =>
  apiSend('POST', `${account(id)}/password`, { password, stepUpToken });
export const resetSecondFactor = (id: string, stepUpToken: string): Promise<StaffAccount> =>
  apiSend('POST', `${account(id)}/second-factor/reset`, { stepUpToken });
export const deactivate = (id: string, stepUpToken: string): Promise<StaffAccount> =>
  apiSend('POST', `${account(id)}/deactivate`, { stepUpToken });
export const reactivate = (id: string, stepUpToken: string): Promise<StaffAccount> =>
  apiSend('POST', `${account(id)}/reactivate`, { stepUpToken });

/** What each role may do, in a few words, beside its checkbox. */
export const ROLE_HINTS: Record<Role, string> = {
  admin: 'users, sites, device tokens; sees no patient data',
  'medical-director': 'signs the protocol, reviews adverse events',
  prescriber: 'screening decisions, dose orders',
  nurse: 'runs the infusion, double checks doses',
  therapist: 'preparation, integration, notes',
  coordinator: 'referrals, intake, scheduling',
};

/** "12 Mar 2026, 14:05" in the time zone of the account's site (the browser's when it has none). */
export function formatAt(iso: string | null, timeZone: string | undefined): string {
  if (iso === null) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
}

/** The purpose of each act's step-up, as the server checks it. */
export const purposeOf = STAFF_ACCOUNT_PURPOSES;
