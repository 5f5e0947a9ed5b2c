/**
 * Use case: a director sets what the portal shows the site's patients.
 *
 * @module
 */
import type { PortalSettings } from '@kairos/api';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { type Actor, type RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

export async function setPortalSettings(
  db: Db,
  actor: Actor,
  siteId: string,
  input: PortalSettings,
  meta: RequestMeta,
): Promise<PortalSettings> {
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).forUpdate().executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    await tx
      .updateTable('site')
      .set({ settings: JSON.stringify({ ...site.settings, portal: { showResults: input.showResults } }) })
      .where('id', '=', siteId)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'site-portal.settings', recordType: 'site', recordId: siteId, outcome: 'allowed', details: input },
    );
    return { showResults: input.showResults };
  });
}
