/**
 * Use case: every active staff member of a site with their credentials, by name (the site's Staff
 * credentials page): administrators (any site) and the site's medical director. Audited.
 *
 * @module
 */
import type { StaffCredentials } from '@kairos/api';
import { assertSiteInScope } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { activeCredentialsOf, credentialView, todayAt } from './internal/credential-records.js';

export async function listSiteCredentials(db: Db, actor: Actor, siteId: string, meta: RequestMeta): Promise<StaffCredentials[]> {
  return transact(db, async (tx) => {
    assertSiteInScope(actor, siteId, meta, 'credential.list-site', 'site-config');
    const people = await tx
      .selectFrom('app_user')
      .select(['id', 'display_name', 'roles'])
      .where('site_id', '=', siteId)
      .where('active', '=', true)
      .orderBy('display_name')
      .execute();
    const today = await todayAt(tx, siteId, meta.now);
    const credentials = await activeCredentialsOf(
      tx,
      people.map((p) => p.id),
    );
    await audit(
      tx,
      { ...meta, actor },
      { action: 'credential.list-site', recordType: 'site', recordId: siteId, outcome: 'allowed', details: { people: people.length } },
    );
    return people.map((p) => ({
      userId: p.id,
      displayName: p.display_name,
      roles: p.roles,
      credentials: (credentials.get(p.id) ?? []).map((c) => credentialView(c, today)),
    }));
  });
}
