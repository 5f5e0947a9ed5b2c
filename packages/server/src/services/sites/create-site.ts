/**
 * Use case: an admin creates a site.
 *
 * @module
 */
import type { Site, SiteCreateBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';
import { auditSite } from './internal/audit-site.js';

export async function createSite(db: Db, actor: Actor, input: SiteCreateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const row = await tx
      .insertInto('site')
      .values({
        name: input.name,
        time_zone: input.timeZone,
        working_days: input.workingDays ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
        closed_dates: input.closedDates ?? [],
        state: input.state ?? null,
        settings: '{}',
        created_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditSite(tx, actor, meta, 'site.create', 'site', row.id);
    return getSite(tx, row.id);
  });
}
