/**
 * The draws of a dosing session and what accounts for each (given, wasted), from the ledger. A
 * reversed draw (a wrong lot, corrected) no longer counts; neither do reversed accounting entries.
 *
 * @module
 */
import { accountForDraw, type DrawAccount } from '@kairos/core';
import type { Db } from '../../../store/database.js';
import { quantityOf } from './ledger.js';

export interface SessionDrawRow {
  readonly id: string;
  readonly siteId: string;
  readonly lotId: string;
  readonly lotNumber: string;
  readonly productName: string;
  readonly strengthMgPerMl: number;
  readonly locationName: string;
  readonly drawnAt: Date;
  readonly drawnBy: { id: string; displayName: string };
  readonly doseOrderId: string;
  readonly account: DrawAccount;
  readonly witnesses: { id: string; displayName: string }[];
  readonly wasteReason: string | null;
}

/** The session's draws (not reversed), oldest first, each with its account. */
export async function sessionDraws(tx: Db, sessionId: string): Promise<SessionDrawRow[]> {
  const draws = await tx
    .selectFrom('stock_entry as e')
    .innerJoin('stock_lot as l', 'l.id', 'e.lot_id')
    .innerJoin('stock_product as p', 'p.id', 'l.product_id')
    .innerJoin('stock_location as loc', 'loc.id', 'e.location_id')
    .innerJoin('app_user as u', 'u.id', 'e.recorded_by')
    .select([
      'e.id',
      'e.site_id',
      'e.lot_id',
      'e.quantity_ug',
      'e.quantity_ul',
      'e.occurred_at',
      'e.dose_order_id',
      'e.recorded_by',
      'u.display_name',
      'l.lot_number',
      'p.name as product_name',
      'p.strength_mg_per_ml',
      'loc.name as location_name',
    ])
    .where('e.session_id', '=', sessionId)
    .where('e.kind', '=', 'draw')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))))
    .orderBy('e.seq')
    .execute();
  if (draws.length === 0) return [];
  const accounting = await tx
    .selectFrom('stock_entry as a')
    .leftJoin('app_user as w', (j) => j.on((eb) => eb('w.id', '=', eb.fn.any('a.witnesses'))))
    .select([
      'a.draw_id',
      'a.kind',
      'a.quantity_ug',
      'a.quantity_ul',
      'a.reason',
      'a.id',
      'w.id as witness_id',
      'w.display_name as witness_name',
    ])
    .where(
      'a.draw_id',
      'in',
      draws.map((d) => d.id),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'a.id'))))
    .orderBy('a.seq')
    .execute();
  return draws.map((d) => {
    const mine = accounting.filter((a) => a.draw_id === d.id);
    const once = [...new Map(mine.map((a) => [a.id, a])).values()];
    const given = once.filter((a) => a.kind === 'administration').map((a) => quantityOf(a.quantity_ug, a.quantity_ul));
    const wasted = once.filter((a) => a.kind === 'draw-waste').map((a) => quantityOf(a.quantity_ug, a.quantity_ul));
    const witnesses = mine
      .filter((a) => a.witness_id !== null && a.witness_name !== null)
      .map((a) => ({ id: a.witness_id as string, displayName: a.witness_name as string }));
    return {
      id: d.id,
      siteId: d.site_id,
      lotId: d.lot_id,
      lotNumber: d.lot_number,
      productName: d.product_name,
      strengthMgPerMl: d.strength_mg_per_ml,
      locationName: d.location_name,
      drawnAt: d.occurred_at,
      drawnBy: { id: d.recorded_by, displayName: d.display_name },
      doseOrderId: d.dose_order_id ?? '',
      account: accountForDraw(quantityOf(d.quantity_ug, d.quantity_ul), given, wasted),
      witnesses: [...new Map(witnesses.map((w) => [w.id, w])).values()],
      wasteReason: once.find((a) => a.kind === 'draw-waste')?.reason ?? null,
    };
  });
}

/** Whether the site keeps its ketamine stock in Kairos: it has recorded a product. */
export async function siteKeepsStock(tx: Db, siteId: string): Promise<boolean> {
  const row = await tx.selectFrom('stock_product').select('id').where('site_id', '=', siteId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The discharge rule's fact about the session's ketamine (core's `ketamineDraws`). */
export async function ketamineDrawsFact(
  tx: Db,
  s: { id: string; site_id: string },
): Promise<'not-kept' | { drawn: number; unaccounted: number }> {
  if (!(await siteKeepsStock(tx, s.site_id))) return 'not-kept';
  const draws = await sessionDraws(tx, s.id);
  return { drawn: draws.length, unaccounted: draws.filter((d) => d.account.state !== 'reconciled').length };
}
