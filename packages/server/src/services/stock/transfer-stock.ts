/**
 * Use case: sealed vials of a lot moved between two locations of the site, both sides in one entry.
 *
 * @module
 */
import type { StockTransferBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { auditStock, locationOfSite, sealedVialsFor } from './internal/stock-guards.js';

export async function transferStock(db: Db, actor: Actor, siteId: string, body: StockTransferBody, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    const { lot, quantity } = await sealedVialsFor(
      tx,
      siteId,
      { lotId: body.lotId, locationId: body.fromLocationId, vials: body.vials },
      meta.now,
      {
        location: 'body.fromLocationId',
      },
    );
    await locationOfSite(tx, siteId, body.toLocationId, 'body.toLocationId');
    const id = await appendStockEntry(
      tx,
      siteId,
      {
        kind: 'transfer',
        lotId: lot.id,
        locationId: body.fromLocationId,
        toLocationId: body.toLocationId,
        quantity,
        occurredAt: meta.now,
        recordedBy: actor.userId,
        details: { vials: body.vials },
      },
      meta.now,
      'vials',
    );
    await auditStock(tx, actor, meta, 'stock.transfer', 'stock_entry', id, { siteId, vials: body.vials });
    return id;
  });
}
