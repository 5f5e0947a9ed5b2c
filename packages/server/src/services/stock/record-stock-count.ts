/**
 * Use case: a physical count of ketamine stock (issue 23, Must 6). Every lot in stock at a counted
 * location must be counted (core's `compareCount` lists the uncounted: a 400 naming them). Each
 * counted line keeps the ledger's balance at the count; a difference waits for a prescriber or the
 * medical director to resolve it. An initial inventory, on the first day of stock (an empty ledger),
 * records what is counted as the opening stock (count adjustments) instead of differences.
 *
 * @module
 */
import { compareCount, microlitresOf, quantityOfVolume, stockKey } from '@kairos/core';
import type { StockCountBody, StockCountRecorded } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry, lockSiteStock, stockBalances } from './internal/ledger.js';
import { auditStock, fieldProblem, locationOfSite, lotOfSite, siteOf, siteToday, stockConflict } from './internal/stock-guards.js';

export async function recordStockCount(
  db: Db,
  actor: Actor,
  siteId: string,
  body: StockCountBody,
  meta: RequestMeta,
): Promise<StockCountRecorded> {
  return transact(db, async (tx) => {
    const site = await siteOf(tx, siteId);
    if (body.takenOn > siteToday(site, meta.now)) throw fieldProblem('body.takenOn', 'is in the future');
    const strengths = new Map<string, number>();
    for (const [i, l] of body.lines.entries()) {
      const lot = await lotOfSite(tx, siteId, l.lotId, `body.lines.${i}.lotId`);
      await locationOfSite(tx, siteId, l.locationId, `body.lines.${i}.locationId`);
      strengths.set(lot.id, lot.strength_mg_per_ml);
    }
    const keys = body.lines.map((l) => stockKey(l.lotId, l.locationId));
    const repeated = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (repeated >= 0) throw fieldProblem(`body.lines.${repeated}`, 'this lot at this location is counted twice');
    await lockSiteStock(tx, siteId);
    const balances = await stockBalances(tx, siteId);
    const counted = body.lines.map((l) => ({ lotId: l.lotId, locationId: l.locationId, countedUl: microlitresOf(l.countedMl) }));
    const comparison = compareCount(balances, counted, (lotId) => strengths.get(lotId) ?? 1);
    if (comparison.uncounted.length > 0) {
      const names = await tx
        .selectFrom('stock_lot')
        .select(['id', 'lot_number'])
        .where(
          'id',
          'in',
          comparison.uncounted.map((u) => u.lotId),
        )
        .execute();
      throw fieldProblem(
        'body.lines',
        `every lot in stock at a counted location is counted: lot ${names.map((n) => n.lot_number).join(', ')} is missing`,
      );
    }
    if (body.kind === 'initial') {
      const any = await tx.selectFrom('stock_entry').select('id').where('site_id', '=', siteId).limit(1).executeTakeFirst();
      if (any !== undefined)
        throw stockConflict('body.kind', 'an initial inventory is taken on the first day of stock, before any entry', 'NOT_FIRST_DAY');
    }
    const count = await tx
      .insertInto('stock_count')
      .values({
        site_id: siteId,
        kind: body.kind,
        timing: body.timing,
        taken_on: body.takenOn,
        recorded_by: actor.userId,
        recorded_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const l of counted) {
      const ledger = balances.get(stockKey(l.lotId, l.locationId)) ?? { ug: 0n, ul: 0n };
      const q = quantityOfVolume(l.countedUl, strengths.get(l.lotId) ?? 1);
      await tx
        .insertInto('stock_count_line')
        .values({
          count_id: count.id,
          site_id: siteId,
          lot_id: l.lotId,
          location_id: l.locationId,
          counted_ug: q.ug,
          counted_ul: q.ul,
          ledger_ug: ledger.ug,
          ledger_ul: ledger.ul,
        })
        .execute();
      if (body.kind === 'initial' && q.ul > 0n) {
        await appendStockEntry(
          tx,
          siteId,
          {
            kind: 'count-adjustment',
            lotId: l.lotId,
            locationId: l.locationId,
            quantity: q,
            occurredAt: meta.now,
            recordedBy: actor.userId,
            reason: 'initial inventory',
            details: { countId: count.id },
          },
          meta.now,
        );
      }
    }
    const differences = body.kind === 'initial' ? 0 : comparison.differences.length;
    await auditStock(tx, actor, meta, 'stock.count', 'stock_count', count.id, {
      siteId,
      kind: body.kind,
      lines: counted.length,
      differences,
    });
    return { id: count.id, differences };
  });
}
