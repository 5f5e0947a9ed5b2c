/**
 * Use case: an admin adds a chair to a room.
 *
 * @module
 */
import type { Site } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { getSite } from './get-site.js';
import { auditSite } from './internal/audit-site.js';

export async function addChair(db: Db, actor: Actor, roomId: string, name: string, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const room = await tx.selectFrom('room').selectAll().where('id', '=', roomId).executeTakeFirst();
    if (room === undefined) throw notFound('room', roomId);
    const dup = await tx.selectFrom('chair').select('id').where('room_id', '=', roomId).where('name', '=', name).executeTakeFirst();
    if (dup !== undefined) throw new AppError('CONFLICT', `a chair named "${name}" already exists in this room`, { field: 'body.name' });
    const row = await tx
      .insertInto('chair')
      .values({ room_id: roomId, name, created_at: meta.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditSite(tx, actor, meta, 'chair.create', 'chair', row.id, { roomId });
    return getSite(tx, room.site_id);
  });
}
