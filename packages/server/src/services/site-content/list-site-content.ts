/**
 * Use case: the site's written content and portal settings.
 *
 * @module
 */
import type { SiteContent } from '@kairos/api';
import { notFound } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { portalSettingsOf } from './internal/site-content.js';

export async function listSiteContent(db: Db, siteId: string): Promise<SiteContent> {
  const site = await db.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', siteId);
  const rows = await db
    .selectFrom('site_content as c')
    .leftJoin('app_user as u', 'u.id', 'c.updated_by')
    .select(['c.key', 'c.body', 'c.updated_at', 'u.display_name'])
    .where('c.site_id', '=', siteId)
    .orderBy('c.key')
    .execute();
  return {
    items: rows.map((r) => ({ key: r.key, body: r.body, updatedAt: r.updated_at.toISOString(), updatedBy: r.display_name })),
    portal: portalSettingsOf(site.settings),
  };
}
