/**
 * Use case: an admin changes a site's name, time zone, working days, closed dates or state.
 *
 * @module
 */
import type { Site, SiteUpdateBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';
import { auditSite } from './internal/audit-site.js';

export async function updateSite(db: Db, actor: Actor, siteId: string, input: SiteUpdateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    await tx
      .updateTable('site')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
        ...(input.workingDays !== undefined ? { working_days: [...new Set(input.workingDays)] } : {}),
        ...(input.closedDates !== undefined ? { closed_dates: [...new Set(input.closedDates)].sort() } : {}),
        ...(input.state !== undefined ? { state: input.state } : {}),
      })
      .where('id', '=', siteId)
      .execute();
    await auditSite(tx, actor, meta, 'site.update', 'site', siteId, { fields: Object.keys(input).sort() });
    return getSite(tx, siteId);
  });
}
