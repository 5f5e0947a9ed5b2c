/**
 * Use case: sealed vials returned to the supplier or a reverse distributor (its name, address and
 * DEA number, the reference, the date). Expired lots may be returned.
 *
 * @module
 */
import type { StockReturnBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { auditStock, fieldProblem, sealedVialsFor, siteToday } from './internal/stock-guards.js';

export async function returnStock(db: Db, actor: Actor, siteId: string, body: StockReturnBody, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    const { site, lot, quantity } = await sealedVialsFor(tx, siteId, body, meta.now);
    if (body.returnedOn > siteToday(site, meta.now)) throw fieldProblem('body.returnedOn', 'is in the future');
    const id = await appendStockEntry(
      tx,
      siteId,
      {
        kind: 'return',
        lotId: lot.id,
        locationId: body.locationId,
        quantity,
        occurredAt: meta.now,
        recordedBy: actor.userId,
        details: { vials: body.vials, returnedOn: body.returnedOn, supplier: body.supplier, reference: body.reference },
      },
      meta.now,
      'vials',
    );
    await auditStock(tx, actor, meta, 'stock.return', 'stock_entry', id, { siteId, vials: body.vials });
    return id;
  });
}
