/**
 * Use case: an admin renames or retires a room.
 *
 * @module
 */
import type { Site, SiteItemUpdateBody } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';
import { auditSite } from './internal/audit-site.js';

export async function updateRoom(db: Db, actor: Actor, roomId: string, input: SiteItemUpdateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const room = await tx.selectFrom('room').selectAll().where('id', '=', roomId).executeTakeFirst();
    if (room === undefined) throw notFound('room', roomId);
    if (input.name !== undefined && input.name !== room.name) {
      const dup = await tx
        .selectFrom('room')
        .select('id')
        .where('site_id', '=', room.site_id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (dup !== undefined)
        throw new AppError('CONFLICT', `a room named "${input.name}" already exists at this site`, { field: 'body.name' });
    }
    await tx
      .updateTable('room')
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) })
      .where('id', '=', roomId)
      .execute();
    await auditSite(tx, actor, meta, 'room.update', 'room', roomId, { fields: Object.keys(input).sort() });
    return getSite(tx, room.site_id);
  });
}
