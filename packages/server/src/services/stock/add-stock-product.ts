/**
 * Use case: a ketamine product the site stocks (name, strength, vial volume, NDC).
 *
 * @module
 */
import { microlitresOf } from '@kairos/core';
import type { StockProductBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditStock, siteOf, stockConflict } from './internal/stock-guards.js';

export async function addStockProduct(db: Db, actor: Actor, siteId: string, body: StockProductBody, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    await siteOf(tx, siteId);
    const dup = await tx
      .selectFrom('stock_product')
      .select('id')
      .where('site_id', '=', siteId)
      .where('ndc', '=', body.ndc)
      .executeTakeFirst();
    if (dup !== undefined) throw stockConflict('body.ndc', `a product with NDC ${body.ndc} is already recorded at this site`, 'DUPLICATE');
    const row = await tx
      .insertInto('stock_product')
      .values({
        site_id: siteId,
        name: body.name,
        strength_mg_per_ml: body.strengthMgPerMl,
        vial_volume_ul: microlitresOf(body.vialVolumeMl),
        ndc: body.ndc,
        created_by: actor.userId,
        created_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditStock(tx, actor, meta, 'stock.product', 'stock_product', row.id, { siteId });
    return row.id;
  });
}
