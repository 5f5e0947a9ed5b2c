/**
 * Use case: vials of one lot received into a storage location (issue 23, Must 2): the supplier's
 * name, address and DEA registration number, the invoice, the date, the lot and the vials (the
 * fields 21 CFR 1304.22(c) asks of containers received, clinical-facts.md section 9). Stock rises
 * by the vials' mg and mL. A lot seen before must carry the same expiry.
 *
 * @module
 */
import { quantityOfVials } from '@kairos/core';
import type { StockReceiptBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { auditStock, fieldProblem, locationOfSite, productOfSite, siteOf, siteToday } from './internal/stock-guards.js';

export async function receiveStock(db: Db, actor: Actor, siteId: string, body: StockReceiptBody, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    const site = await siteOf(tx, siteId);
    const product = await productOfSite(tx, siteId, body.productId, 'body.productId');
    await locationOfSite(tx, siteId, body.locationId, 'body.locationId');
    if (body.receivedOn > siteToday(site, meta.now)) throw fieldProblem('body.receivedOn', 'is in the future');
    let lot = await tx
      .selectFrom('stock_lot')
      .select(['id', 'expires_on'])
      .where('product_id', '=', product.id)
      .where('lot_number', '=', body.lotNumber)
      .executeTakeFirst();
    if (lot !== undefined && lot.expires_on !== body.expiresOn)
      throw fieldProblem('body.expiresOn', `lot ${body.lotNumber} is recorded as expiring on ${lot.expires_on}`);
    if (lot === undefined) {
      lot = await tx
        .insertInto('stock_lot')
        .values({ site_id: siteId, product_id: product.id, lot_number: body.lotNumber, expires_on: body.expiresOn, created_at: meta.now })
        .returning(['id', 'expires_on'])
        .executeTakeFirstOrThrow();
    }
    const entryId = await appendStockEntry(
      tx,
      siteId,
      {
        kind: 'receipt',
        lotId: lot.id,
        locationId: body.locationId,
        quantity: quantityOfVials(body.vials, BigInt(product.vial_volume_ul), product.strength_mg_per_ml),
        occurredAt: meta.now,
        recordedBy: actor.userId,
        details: { vials: body.vials, receivedOn: body.receivedOn, supplier: body.supplier, invoiceRef: body.invoiceRef },
      },
      meta.now,
    );
    await auditStock(tx, actor, meta, 'stock.receipt', 'stock_entry', entryId, { siteId, lotId: lot.id, vials: body.vials });
    return entryId;
  });
}
