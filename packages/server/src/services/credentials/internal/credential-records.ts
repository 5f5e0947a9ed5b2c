/**
 * The credentials module's reads: a person's active credentials (never the document's bytes), as
 * core's facts and as the pages show them, and the holder a request is about, with its scope
 * checked (oneself; or, for `credentials.manage`, someone of the actor's site; admins every site's).
 *
 * @module
 */
import type { Credential } from '@kairos/api';
import {
  CREDENTIAL_DEFAULTS,
  credentialCurrentOn,
  credentialWords,
  daysBetweenIsoDates,
  isLicenceType,
  localDateOf,
  type CredentialFacts,
  type LicenceType,
} from '@kairos/core';
import { sql } from 'kysely';
import { AppError, notFound } from '../../../errors.js';
import { assertSiteInScope } from '../../access/site-scope.js';
import { rolesAllow } from '../../access/permissions.js';
import type { Actor, RequestMeta } from '../../context.js';
import { AuditedRefusal } from '../../transaction.js';
import type { Db } from '../../../store/database.js';

export interface CredentialRow {
  id: string;
  user_id: string;
  kind: 'licence' | 'dea' | 'acls' | 'bls';
  licence_type: string | null;
  state: string | null;
  number: string | null;
  issued_on: string | null;
  expires_on: string;
  document_name: string | null;
  document_type: 'application/pdf' | 'image/png' | 'image/jpeg' | null;
  document_size: number | null;
  recorded_by_name: string | null;
  recorded_at: Date;
}

/** The active (not removed) credentials of `userIds`, by person, soonest expiry first. */
export async function activeCredentialsOf(tx: Db, userIds: readonly string[]): Promise<Map<string, CredentialRow[]>> {
  const out = new Map<string, CredentialRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await tx
    .selectFrom('staff_credential as c')
    .leftJoin('app_user as r', 'r.id', 'c.recorded_by')
    .select([
      'c.id',
      'c.user_id',
      'c.kind',
      'c.licence_type',
      'c.state',
      'c.number',
      'c.issued_on',
      'c.expires_on',
      'c.document_name',
      'c.document_type',
      sql<number | null>`octet_length(c.document)`.as('document_size'),
      'r.display_name as recorded_by_name',
      'c.recorded_at',
    ])
    .where('c.user_id', 'in', [...userIds])
    .where('c.removed_at', 'is', null)
    .orderBy('c.expires_on')
    .orderBy('c.id')
    .execute();
  for (const r of rows) out.get(r.user_id)?.push(r);
  return out;
}

/** A stored credential as core's rules read it. */
export function factsOf(row: Pick<CredentialRow, 'kind' | 'licence_type' | 'state' | 'issued_on' | 'expires_on'>): CredentialFacts {
  const licenceType: LicenceType | null = row.licence_type !== null && isLicenceType(row.licence_type) ? row.licence_type : null;
  return { kind: row.kind, licenceType, state: row.state, issuedOn: row.issued_on, expiresOn: row.expires_on };
}

export function credentialView(row: CredentialRow, today: string): Credential {
  const facts = factsOf(row);
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    licenceType: row.licence_type,
    state: row.state,
    number: row.number,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    label: credentialWords(facts),
    current: credentialCurrentOn(facts, today),
    daysLeft: daysBetweenIsoDates(today, row.expires_on),
    expiringSoon: daysBetweenIsoDates(today, row.expires_on) <= CREDENTIAL_DEFAULTS.warnDaysBeforeExpiry,
    document:
      row.document_name === null || row.document_type === null
        ? null
        : { fileName: row.document_name, mediaType: row.document_type, sizeBytes: Number(row.document_size ?? 0) },
    recordedBy: row.recorded_by_name,
    recordedAt: row.recorded_at.toISOString(),
  };
}

export interface Holder {
  id: string;
  display_name: string;
  site_id: string | null;
  active: boolean;
  roles: string[];
}

/**
 * The person a credential request is about: oneself, or (with `credentials.manage`) someone of the
 * actor's site (an admin: any site). Anyone else is refused, and the refusal is audited.
 */
export async function loadHolder(
  tx: Db,
  actor: Actor,
  userId: string,
  meta: RequestMeta,
  action: string,
  manage: boolean,
): Promise<Holder> {
  const row = await tx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'site_id', 'active', 'roles'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('NOT_FOUND', 'This staff member was not found.', { kind: 'staff member', id: userId });
  const self = row.id === actor.userId;
  if (manage || !self) {
    if (!rolesAllow(actor.roles, 'credentials.manage'))
      throw new AuditedRefusal(
        'FORBIDDEN',
        'Credentials are recorded by an administrator or the medical director; you may read your own.',
        { ...meta, actor },
        { action, recordType: 'app_user', recordId: row.id, outcome: 'denied', details: { reason: 'not credentials.manage' } },
      );
    if (row.site_id === null) {
      if (!actor.roles.includes('admin'))
        throw new AuditedRefusal(
          'FORBIDDEN',
          'This staff member is not attached to a site; an administrator records their credentials.',
          { ...meta, actor },
          { action, recordType: 'app_user', recordId: row.id, outcome: 'denied', details: { reason: 'no site' } },
        );
    } else assertSiteInScope(actor, row.site_id, meta, action, 'site-config');
  }
  return row;
}

/** Today at a site (its time zone), or in UTC for someone without a site. */
export async function todayAt(tx: Db, siteId: string | null, now: Date): Promise<string> {
  if (siteId === null) return localDateOf(now, 'UTC');
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirst();
  return localDateOf(now, site?.time_zone ?? 'UTC');
}

/** A recorded (not removed) credential to change, locked, with its holder in the actor's scope to manage. */
export async function loadCredentialToChange(
  tx: Db,
  actor: Actor,
  credentialId: string,
  meta: RequestMeta,
  action: string,
): Promise<{ id: string; holder: Holder }> {
  const c = await tx
    .selectFrom('staff_credential')
    .select(['id', 'user_id'])
    .where('id', '=', credentialId)
    .where('removed_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (c === undefined) throw notFound('credential', credentialId);
  return { id: c.id, holder: await loadHolder(tx, actor, c.user_id, meta, action, true) };
}
