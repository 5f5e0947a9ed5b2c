/**
 * The latest entries of a site's ledger as the Inventory page lists them: lot, location, who,
 * witnesses, reason, what reverses what, and whether an entry may still be reversed.
 *
 * @module
 */
import type { StockLedgerEntry } from '@kairos/api';
import type { Db } from '../../../store/database.js';
import type { StockEntryKind } from '@kairos/core';
import { quantityJson, quantityOf } from './ledger.js';

/** The kinds a reversal may undo (a draw only while nothing accounts for it). */
export const REVERSIBLE_KINDS: readonly StockEntryKind[] = ['receipt', 'transfer', 'return', 'loss', 'draw'];

export async function recentStockEntries(tx: Db, siteId: string, limit = 50): Promise<StockLedgerEntry[]> {
  const rows = await tx
    .selectFrom('stock_entry as e')
    .innerJoin('stock_lot as l', 'l.id', 'e.lot_id')
    .innerJoin('stock_location as loc', 'loc.id', 'e.location_id')
    .leftJoin('stock_location as to', 'to.id', 'e.to_location_id')
    .innerJoin('app_user as u', 'u.id', 'e.recorded_by')
    .leftJoin('stock_entry as r', 'r.reverses_id', 'e.id')
    .select([
      'e.id',
      'e.seq',
      'e.kind',
      'e.occurred_at',
      'e.quantity_ug',
      'e.quantity_ul',
      'e.witnesses',
      'e.reason',
      'e.reverses_id',
      'r.id as reversed_by',
      'l.lot_number',
      'loc.name as location_name',
      'to.name as to_name',
      'u.id as user_id',
      'u.display_name',
      (eb) => eb.exists(eb.selectFrom('stock_entry as a').select('a.id').whereRef('a.draw_id', '=', 'e.id')).as('accounted'),
    ])
    .where('e.site_id', '=', siteId)
    .orderBy('e.seq', 'desc')
    .limit(limit)
    .execute();
  const witnessIds = [...new Set(rows.flatMap((r) => r.witnesses))];
  const names = new Map(
    witnessIds.length === 0
      ? []
      : (await tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', witnessIds).execute()).map((u) => [
          u.id,
          u.display_name,
        ]),
  );
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    kind: r.kind,
    occurredAt: r.occurred_at.toISOString(),
    lotNumber: r.lot_number,
    locationName: r.location_name,
    toLocationName: r.to_name,
    quantity: quantityJson(quantityOf(r.quantity_ug, r.quantity_ul)),
    recordedBy: { id: r.user_id, displayName: r.display_name },
    witnesses: r.witnesses.map((id) => ({ id, displayName: names.get(id) ?? 'a former user' })),
    reason: r.reason,
    reverses: r.reverses_id,
    reversedBy: r.reversed_by,
    reversible: REVERSIBLE_KINDS.includes(r.kind) && r.reversed_by === null && !(r.kind === 'draw' && r.accounted),
  }));
}

/** Losses and thefts of the last `days` days (site-local dates), with the DEA notice's due day. */
export async function recentLossNotices(tx: Db, siteId: string, sinceDay: string) {
  const rows = await tx
    .selectFrom('stock_entry as e')
    .innerJoin('stock_lot as l', 'l.id', 'e.lot_id')
    .select(['e.id', 'e.details', 'e.quantity_ug', 'e.quantity_ul', 'l.lot_number'])
    .where('e.site_id', '=', siteId)
    .where('e.kind', '=', 'loss')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))))
    .orderBy('e.seq', 'desc')
    .execute();
  return rows
    .map((r) => {
      const d = r.details as { lossKind?: 'loss' | 'theft'; discoveredOn?: string; deaNoticeDueOn?: string };
      return {
        id: r.id,
        kind: d.lossKind ?? 'loss',
        discoveredOn: d.discoveredOn ?? '',
        deaNoticeDueOn: d.deaNoticeDueOn ?? '',
        lotNumber: r.lot_number,
        quantity: quantityJson(quantityOf(r.quantity_ug, r.quantity_ul)),
      };
    })
    .filter((n) => n.discoveredOn >= sinceDay);
}
