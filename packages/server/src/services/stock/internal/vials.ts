/**
 * The stock of one lot at one location as vials: sealed vials and the opened vial's remnant, with
 * when the remnant stops being usable (core's `vialStockOf` over the ledger's changes, in order).
 *
 * @module
 */
import { remnantUsableUntil, vialStockOf, type VialStock } from '@kairos/core';
import type { Db } from '../../../store/database.js';

export interface VialStockAt extends VialStock {
  /** When the opened vial's remnant stops being usable (ISO 8601 UTC); absent when none is open. */
  readonly usableUntil?: string;
  /** The remnant is past its use at `now`. */
  readonly remnantExpired: boolean;
}

export async function vialStockAt(
  tx: Db,
  lot: { id: string; vial_volume_ul: string },
  locationId: string,
  site: { time_zone: string },
  openVialExtraDays: number,
  now: Date,
): Promise<VialStockAt> {
  const changes = await tx
    .selectFrom('stock_effect as f')
    .innerJoin('stock_entry as e', 'e.id', 'f.entry_id')
    .select(['e.kind', 'e.occurred_at', 'f.delta_ul'])
    .where('f.lot_id', '=', lot.id)
    .where('f.location_id', '=', locationId)
    .orderBy('e.seq')
    .execute();
  const vials = vialStockOf(
    changes.map((c) => ({ kind: c.kind, at: c.occurred_at.toISOString(), deltaUl: BigInt(c.delta_ul) })),
    BigInt(lot.vial_volume_ul),
  );
  if (vials.openedAt === undefined) return { ...vials, remnantExpired: false };
  const usableUntil = remnantUsableUntil(vials.openedAt, site.time_zone, openVialExtraDays);
  return { ...vials, usableUntil, remnantExpired: Date.parse(usableUntil) <= now.getTime() };
}
