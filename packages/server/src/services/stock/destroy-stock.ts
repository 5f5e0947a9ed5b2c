/**
 * Use case: sealed vials destroyed before two witnesses (DEA Form 41: drug, strength, quantity,
 * method, date, two witnesses; clinical-facts.md section 9), by a prescriber or the medical
 * director. Each witness is a licensed colleague of the site, neither the recorder nor the other
 * witness, confirming through step-up. Expired lots may be destroyed.
 *
 * @module
 */
import type { StockDestructionBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { auditStock, fieldProblem, sealedVialsFor, siteToday } from './internal/stock-guards.js';
import { witnessOf } from './internal/witness.js';

/** What each witness of a destruction proves. */
export const DESTRUCTION_WITNESS_PURPOSE = 'stock.destruction-witness';

export async function destroyStock(db: Db, actor: Actor, siteId: string, body: StockDestructionBody, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    const { site, lot, quantity } = await sealedVialsFor(tx, siteId, body, meta.now);
    if (body.destroyedOn > siteToday(site, meta.now)) throw fieldProblem('body.destroyedOn', 'is in the future');
    const record = { type: 'stock_lot', id: lot.id };
    const [firstToken = '', secondToken = ''] = body.witnessTokens;
    const first = await witnessOf(tx, actor, firstToken, meta, { purpose: DESTRUCTION_WITNESS_PURPOSE, siteId, record });
    const second = await witnessOf(tx, actor, secondToken, meta, {
      purpose: DESTRUCTION_WITNESS_PURPOSE,
      siteId,
      notThese: [first.userId],
      record,
    });
    const id = await appendStockEntry(
      tx,
      siteId,
      {
        kind: 'destruction',
        lotId: lot.id,
        locationId: body.locationId,
        quantity,
        occurredAt: meta.now,
        recordedBy: actor.userId,
        witnesses: [first.userId, second.userId],
        reason: body.method,
        details: { vials: body.vials, destroyedOn: body.destroyedOn, method: body.method },
      },
      meta.now,
      'vials',
    );
    await auditStock(tx, actor, meta, 'stock.destruction', 'stock_entry', id, {
      siteId,
      vials: body.vials,
      witnesses: [first.userId, second.userId],
    });
    return id;
  });
}
