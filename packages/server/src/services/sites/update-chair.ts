/**
 * Use case: an admin renames or retires a chair.
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

export async function updateChair(db: Db, actor: Actor, chairId: string, input: SiteItemUpdateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const chair = await tx
      .selectFrom('chair')
      .innerJoin('room', 'room.id', 'chair.room_id')
      .select(['chair.id', 'chair.name', 'chair.room_id', 'room.site_id'])
      .where('chair.id', '=', chairId)
      .executeTakeFirst();
    if (chair === undefined) throw notFound('chair', chairId);
    if (input.name !== undefined && input.name !== chair.name) {
      const dup = await tx
        .selectFrom('chair')
        .select('id')
        .where('room_id', '=', chair.room_id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (dup !== undefined)
        throw new AppError('CONFLICT', `a chair named "${input.name}" already exists in this room`, { field: 'body.name' });
    }
    await tx
      .updateTable('chair')
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) })
      .where('id', '=', chairId)
      .execute();
    await auditSite(tx, actor, meta, 'chair.update', 'chair', chairId, { fields: Object.keys(input).sort() });
    return getSite(tx, chair.site_id);
  });
}
