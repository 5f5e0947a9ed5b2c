/**
 * Use case: the credentials expiring within 60 days (or expired and not renewed), soonest first:
 * for the medical director every active staff member of their site (on Today), for anyone else
 * their own (on My day). Only the holder, the credential in words and its date: no numbers.
 *
 * @module
 */
import type { CredentialWarning } from '@kairos/api';
import { credentialExpiryWarnings, credentialWords } from '@kairos/core';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { activeCredentialsOf, factsOf, todayAt } from './internal/credential-records.js';

export async function credentialWarnings(db: Db, actor: Actor, meta: RequestMeta): Promise<CredentialWarning[]> {
  const siteWide = actor.roles.includes('medical-director') && actor.siteId !== null;
  const people = siteWide
    ? await db
        .selectFrom('app_user')
        .select(['id', 'display_name'])
        .where('site_id', '=', actor.siteId)
        .where('active', '=', true)
        .execute()
    : [{ id: actor.userId, display_name: actor.displayName }];
  const today = await todayAt(db, actor.siteId, meta.now);
  const credentials = await activeCredentialsOf(
    db,
    people.map((p) => p.id),
  );
  return people
    .flatMap((p) =>
      credentialExpiryWarnings(
        (credentials.get(p.id) ?? []).map((row) => ({ ...factsOf(row), row })),
        today,
      ).map((w) => ({
        credentialId: w.credential.row.id,
        userId: p.id,
        holder: p.display_name,
        label: credentialWords(w.credential),
        expiresOn: w.credential.expiresOn,
        daysLeft: w.daysLeft,
        expired: w.expired,
        message: p.id === actor.userId ? w.message : `${p.display_name}: ${w.message}`,
      })),
    )
    .sort((a, b) => a.daysLeft - b.daysLeft || a.holder.localeCompare(b.holder));
}
