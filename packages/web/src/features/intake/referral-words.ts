/**
 * Referrals in words: where a referral came from, a document's kind and size, and the form's values
 * to and from the contract's shape (an empty field is a part not recorded).
 */
import { ReferralDetailsBodySchema, type ReferralDocumentMediaType } from '@kairos/api';
import type { ReferralDetails, ReferralDetailsBody, ReferralSource } from './intake-api';

export const SOURCE_LABELS: Record<ReferralSource, string> = {
  self: 'The patient (self-referral)',
  clinician: 'A clinician',
  'clinic-or-program': 'Another clinic or program',
  'insurer-or-employer': 'An insurer or employee assistance program',
  other: 'Other',
};

export const MEDIA_TYPE_LABELS: Record<ReferralDocumentMediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
};

/** "840 bytes", "12 KB", "3.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The referral form's fields, named as the contract's last path segment (so the server's field errors land on them). */
export interface ReferralFormValues {
  source: ReferralSource | '';
  name: string;
  organisation: string;
  phone: string;
  email: string;
  reason: string;
  receivedOn: string;
}

export function referralFormValues(details: ReferralDetails | null, today: string): ReferralFormValues {
  return {
    source: details?.source ?? '',
    name: details?.clinician.name ?? '',
    organisation: details?.clinician.organisation ?? '',
    phone: details?.clinician.phone ?? '',
    email: details?.clinician.email ?? '',
    reason: details?.reason ?? '',
    receivedOn: details === null ? today : (details.receivedOn ?? ''),
  };
}

/** True when the form holds nothing but the default day received: nothing to record. */
export function isReferralFormEmpty(v: ReferralFormValues): boolean {
  return v.source === '' && [v.name, v.organisation, v.phone, v.email, v.reason].every((s) => s.trim() === '');
}

/** The form's values as the contract's body (an empty field left out), and the problems by field, if any. */
export function referralBody(v: ReferralFormValues): { body: ReferralDetailsBody; errors: Record<string, string> } {
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const clinician = { name: text(v.name), organisation: text(v.organisation), phone: text(v.phone), email: text(v.email) };
  const given = Object.fromEntries(Object.entries(clinician).filter(([, x]) => x !== undefined));
  const raw = {
    ...(v.source === '' ? {} : { source: v.source }),
    ...(Object.keys(given).length === 0 ? {} : { clinician: given }),
    ...(text(v.reason) === undefined ? {} : { reason: text(v.reason) }),
    ...(text(v.receivedOn) === undefined ? {} : { receivedOn: text(v.receivedOn) }),
  };
  const parsed = ReferralDetailsBodySchema.safeParse(raw);
  if (parsed.success) return { body: parsed.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path.at(-1) ?? 'source');
    errors[field] ??= issue.message;
  }
  return { body: raw, errors };
}

/** Who keeps referral details and documents (permissions.ts `referrals.manage`, design.md's roles table). */
export const REFERRAL_KEEPER_ROLES = ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'] as const;
