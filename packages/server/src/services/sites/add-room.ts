/**
 * Use case: an admin adds a room to a site.
 *
 * @module
 */
import type { Site } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';
import { auditSite } from './internal/audit-site.js';

export async function addRoom(db: Db, actor: Actor, siteId: string, name: string, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    const dup = await tx.selectFrom('room').select('id').where('site_id', '=', siteId).where('name', '=', name).executeTakeFirst();
    if (dup !== undefined) throw new AppError('CONFLICT', `a room named "${name}" already exists at this site`, { field: 'body.name' });
    const row = await tx
      .insertInto('room')
      .values({ site_id: siteId, name, created_at: meta.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditSite(tx, actor, meta, 'room.create', 'room', row.id, { siteId });
    return getSite(tx, siteId);
  });
}
