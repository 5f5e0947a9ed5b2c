/**
 * Use case: what is left in an opened multi-dose vial, wasted with a reason and a witness (issue
 * 23, Must 4). The volume is the whole remnant, exactly; past its use (the end of the day it was
 * opened, a site setting) the entry is an expiry.
 *
 * @module
 */
import { microlitresOf, quantityOfVolume } from '@kairos/core';
import type { StockRemnantWasteBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { stockSettingsOf } from './internal/stock-settings.js';
import { auditStock, fieldProblem, locationOfSite, lotOfSite, siteOf, stockConflict } from './internal/stock-guards.js';
import { vialStockAt } from './internal/vials.js';
import { witnessOf } from './internal/witness.js';

/** What the witness of a remnant's waste proves. */
export const REMNANT_WITNESS_PURPOSE = 'stock.waste-witness';

export async function wasteRemnant(db: Db, actor: Actor, siteId: string, body: StockRemnantWasteBody, meta: RequestMeta): Promise<string> {
  return transact(db, async (tx) => {
    const site = await siteOf(tx, siteId);
    const lot = await lotOfSite(tx, siteId, body.lotId, 'body.lotId');
    const location = await locationOfSite(tx, siteId, body.locationId, 'body.locationId');
    const vials = await vialStockAt(tx, lot, location.id, site, stockSettingsOf(site.settings).openVialExtraDays, meta.now);
    if (vials.remnantUl === 0n)
      throw stockConflict('body.lotId', `no vial of lot ${lot.lot_number} is open at ${location.name}`, 'NO_OPEN_VIAL');
    const ul = microlitresOf(body.volumeMl);
    if (ul !== vials.remnantUl)
      throw fieldProblem('body.volumeMl', `the open vial holds ${Number(vials.remnantUl) / 1000} mL: the whole remnant is wasted`);
    const witness = await witnessOf(tx, actor, body.stepUpToken, meta, {
      purpose: REMNANT_WITNESS_PURPOSE,
      siteId,
      record: { type: 'stock_lot', id: lot.id },
    });
    const kind = vials.remnantExpired ? 'expiry' : 'remnant-waste';
    const id = await appendStockEntry(
      tx,
      siteId,
      {
        kind,
        lotId: lot.id,
        locationId: location.id,
        quantity: quantityOfVolume(ul, lot.strength_mg_per_ml),
        occurredAt: meta.now,
        recordedBy: actor.userId,
        witnesses: [witness.userId],
        reason: body.reason,
        details: { openedAt: vials.openedAt ?? null, usableUntil: vials.usableUntil ?? null },
      },
      meta.now,
    );
    await auditStock(tx, actor, meta, `stock.${kind}`, 'stock_entry', id, { siteId, witness: witness.userId });
    return id;
  });
}
