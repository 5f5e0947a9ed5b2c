/**
 * Use case: a place the site keeps ketamine (the safe, a crash-cart box).
 *
 * @module
 */
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditStock, siteOf, stockConflict } from './internal/stock-guards.js';

export async function addStockLocation(db: Db, actor: Actor, siteId: string, name: string, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    await siteOf(tx, siteId);
    const dup = await tx
      .selectFrom('stock_location')
      .select('id')
      .where('site_id', '=', siteId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (dup !== undefined) throw stockConflict('body.name', `a location named "${name}" already exists at this site`, 'DUPLICATE');
    const row = await tx
      .insertInto('stock_location')
      .values({ site_id: siteId, name, created_by: actor.userId, created_at: meta.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditStock(tx, actor, meta, 'stock.location', 'stock_location', row.id, { siteId });
    return row.id;
  });
}
