/**
 * Current credentials for a staff member by their roles, for the demo clinic and the test builders
 * (design.md, Modes: test builders meet every gate by default): a nurse an RN licence, ACLS and BLS;
 * a prescriber or medical director a physician's licence, a DEA registration (a number with a
 * correct check digit) and ACLS; a therapist their licence. Valid for two years from `today`
 * unless `aclsExpiresOn` says otherwise (the demo's nurse whose ACLS is about to lapse).
 *
 * @module
 */
import { addDaysToIsoDate, type LicenceType } from '@kairos/core';
import { createHash } from 'node:crypto';
import type { Role } from '../../store/schema.js';
import type { Db } from '../../store/database.js';

/** A DEA number for a synthetic registrant: "B", the initial, six digits from `seed`, and the check digit. */
export function syntheticDeaNumber(initial: string, seed: string): string {
  const digits = [...createHash('sha256').update(seed).digest()].slice(0, 6).map((b) => b % 10);
  const [d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0] = digits;
  const check = (d1 + d3 + d5 + 2 * (d2 + d4 + d6)) % 10;
  const letter = /^[A-Z]$/.test(initial) ? initial : 'X';
  return `B${letter}${digits.join('')}${check}`;
}

export interface SeedCredentialOptions {
  /** YYYY-MM-DD at the site. */
  today: string;
  /** The site's state (null: "NY", any state counts at a site without one). */
  state: string | null;
  recordedBy: string;
  now: Date;
  /** A therapist's licence type (default LCSW). */
  therapistLicence?: LicenceType;
  aclsExpiresOn?: string;
}

export async function giveCurrentCredentials(
  tx: Db,
  user: { id: string; displayName: string; roles: readonly Role[] },
  o: SeedCredentialOptions,
): Promise<void> {
  const issuedOn = addDaysToIsoDate(o.today, -365);
  const expiresOn = addDaysToIsoDate(o.today, 730);
  const state = o.state ?? 'NY';
  const roles = new Set(user.roles);
  const prescriber = roles.has('prescriber') || roles.has('medical-director');
  const rows: { kind: 'licence' | 'dea' | 'acls' | 'bls'; licence_type?: string; state?: string; number?: string; expires_on?: string }[] =
    [];
  const serial = createHash('sha256').update(user.id).digest('hex').slice(0, 6).toUpperCase();
  if (prescriber) {
    rows.push({ kind: 'licence', licence_type: 'MD', state, number: `MD-${serial}` });
    const initial = (user.displayName.replace(/^Dr\.?\s+/, '').split(/[\s,]+/)[1] ?? 'X').charAt(0).toUpperCase();
    rows.push({ kind: 'dea', state, number: syntheticDeaNumber(initial, user.id) });
  } else if (roles.has('nurse')) rows.push({ kind: 'licence', licence_type: 'RN', state, number: `RN-${serial}` });
  if (prescriber || roles.has('nurse'))
    rows.push({ kind: 'acls', ...(o.aclsExpiresOn === undefined ? {} : { expires_on: o.aclsExpiresOn }) });
  if (roles.has('nurse')) rows.push({ kind: 'bls' });
  if (roles.has('therapist') && !prescriber && !roles.has('nurse'))
    rows.push({ kind: 'licence', licence_type: o.therapistLicence ?? 'LCSW', state, number: `${o.therapistLicence ?? 'LCSW'}-${serial}` });
  if (rows.length === 0) return;
  await tx
    .insertInto('staff_credential')
    .values(
      rows.map((r) => ({
        user_id: user.id,
        kind: r.kind,
        licence_type: r.licence_type ?? null,
        state: r.state ?? null,
        number: r.number ?? null,
        issued_on: issuedOn,
        expires_on: r.expires_on ?? expiresOn,
        document: null,
        document_name: null,
        document_type: null,
        document_sha256: null,
        recorded_by: o.recordedBy,
        recorded_at: o.now,
      })),
    )
    .execute();
}
