/** Credentials in words for the pages: kinds, licence types and states from core, and a credential's status. */
import { CREDENTIAL_KIND_LABELS, LICENCE_TYPES, US_STATES, type CredentialKind } from '@kairos/core';
import type { Credential } from '@kairos/api';

export const KIND_OPTIONS = (Object.keys(CREDENTIAL_KIND_LABELS) as CredentialKind[]).map((k) => ({
  value: k,
  label: CREDENTIAL_KIND_LABELS[k],
}));
export const LICENCE_TYPE_OPTIONS = Object.entries(LICENCE_TYPES).map(([value, t]) => ({ value, label: t.label }));
export const STATE_OPTIONS = Object.entries(US_STATES).map(([value, label]) => ({ value, label: `${label} (${value})` }));

/** A credential's status in words and colour: expired, expiring within the warning period, or current. */
export function credentialStatus(c: Pick<Credential, 'current' | 'daysLeft' | 'expiringSoon' | 'expiresOn'>): {
  text: string;
  color: string;
} {
  if (c.daysLeft < 0) return { text: `Expired on ${c.expiresOn}`, color: 'red' };
  if (!c.current) return { text: 'Not valid yet', color: 'orange' };
  if (c.daysLeft === 0) return { text: 'Expires today', color: 'orange' };
  if (c.expiringSoon) return { text: `Expires in ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'}`, color: 'orange' };
  return { text: `Current until ${c.expiresOn}`, color: 'green' };
}
