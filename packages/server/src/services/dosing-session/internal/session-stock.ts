/**
 * The console's ketamine card: whether the site keeps its stock in Kairos, the dose order's drawn
 * volume and strength, the session's draws and what accounts for each, the lots a draw may come
 * from, and what the infusion gave (for the waste form) once it has ended.
 *
 * @module
 */
import { givenByInfusion, microlitresOf, NO_QUANTITY, quantityOfVolume, stockKey, type Quantity } from '@kairos/core';
import { ivCalculation, type SessionStock } from '@kairos/api';
import type { Db } from '../../../store/database.js';
import type { SiteProtocol } from '../../protocol/internal/versions.js';
import { quantityJson, stockBalances } from '../../stock/internal/ledger.js';
import { sessionDraws, siteKeepsStock } from '../../stock/internal/draw-accounts.js';
import { stockSettingsOf } from '../../stock/internal/stock-settings.js';
import { siteOf, siteToday } from '../../stock/internal/stock-guards.js';
import { vialStockAt } from '../../stock/internal/vials.js';
import { latestOrder } from './session-facts.js';
import { calculationOf } from './session-rows.js';
import { infusionCourseOf } from './session-view.js';

type SessionRow = { id: string; site_id: string; state: string; infusion_started_at: Date | null; infusion_ended_at: Date | null };

/**
 * The order's drawn volume (µL), strength and dose (µg) when the dose is drawn from a vial (IV into
 * the bag, IM into the syringe); undefined before an order, and for an oral/sublingual dose (given
 * from its compounded product, not drawn).
 */
export async function orderForStock(tx: Db, sessionId: string) {
  const order = await latestOrder(tx, sessionId);
  if (order === undefined) return undefined;
  const calc = calculationOf(order);
  const strengthMgPerMl = calc.inputs.vialMgPerMl;
  if (calc.drawnVolumeMl === undefined || strengthMgPerMl === undefined) return undefined;
  const drawnUl = microlitresOf(calc.drawnVolumeMl);
  return { id: order.id, calc, drawnUl, strengthMgPerMl, doseUg: quantityOfVolume(drawnUl, strengthMgPerMl).ug };
}

/**
 * What the infusion (or the injection) gave, when the remainder of a draw may be wasted: after the
 * infusion ended or the injection was given, or when the session ended without either (nothing
 * given). Undefined while the infusion may still run.
 */
export async function givenSoFar(tx: Db, s: SessionRow, protocol: SiteProtocol, now: Date): Promise<Quantity | undefined> {
  const infusionOver = s.infusion_ended_at !== null || s.state === 'aborted';
  if (!infusionOver) return undefined;
  const order = await orderForStock(tx, s.id);
  if (order === undefined || s.infusion_started_at === null) return NO_QUANTITY;
  const iv = ivCalculation(order.calc);
  // An injection gives the whole ordered volume at once.
  if (iv === undefined) return quantityOfVolume(order.drawnUl, order.strengthMgPerMl);
  const events = await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', s.id).orderBy('id').execute();
  const course = infusionCourseOf(s, iv, events, protocol, now);
  const infusedMl = course.progress?.infusedMl ?? 0;
  return givenByInfusion(order.drawnUl, order.strengthMgPerMl, infusedMl, Number(iv.bagTotalMl));
}

/** The console's ketamine card of a session. */
export async function sessionStockView(tx: Db, s: SessionRow, protocol: SiteProtocol, now: Date): Promise<SessionStock> {
  const kept = await siteKeepsStock(tx, s.site_id);
  const order = await orderForStock(tx, s.id);
  const draws = await sessionDraws(tx, s.id);
  const given = await givenSoFar(tx, s, protocol, now);
  const lots: SessionStock['lots'] = [];
  if (kept && order !== undefined && draws.length === 0) {
    const site = await siteOf(tx, s.site_id);
    const settings = stockSettingsOf(site.settings);
    const today = siteToday(site, now);
    const [candidates, balances] = await Promise.all([
      tx
        .selectFrom('stock_lot as l')
        .innerJoin('stock_product as p', 'p.id', 'l.product_id')
        .select(['l.id', 'l.lot_number', 'l.expires_on', 'p.name', 'p.vial_volume_ul'])
        .where('l.site_id', '=', s.site_id)
        .where('p.strength_mg_per_ml', '=', order.strengthMgPerMl)
        .where('l.expires_on', '>=', today)
        .orderBy('l.expires_on')
        .execute(),
      stockBalances(tx, s.site_id),
    ]);
    const locations = await tx
      .selectFrom('stock_location')
      .select(['id', 'name'])
      .where('site_id', '=', s.site_id)
      .orderBy('name')
      .execute();
    for (const lot of candidates) {
      for (const loc of locations) {
        const balance = balances.get(stockKey(lot.id, loc.id));
        if (balance === undefined || balance.ul <= 0n) continue;
        const vials = await vialStockAt(tx, lot, loc.id, site, settings.openVialExtraDays, now);
        lots.push({
          lotId: lot.id,
          lotNumber: lot.lot_number,
          productName: lot.name,
          expiresOn: lot.expires_on,
          locationId: loc.id,
          locationName: loc.name,
          balance: quantityJson(balance),
          remnantUl: vials.remnantExpired ? 0 : Number(vials.remnantUl),
        });
      }
    }
  }
  return {
    kept,
    order:
      order === undefined ? null : { drawnUl: Number(order.drawnUl), strengthMgPerMl: order.strengthMgPerMl, doseUg: Number(order.doseUg) },
    draws: draws.map((d) => ({
      id: d.id,
      lotNumber: d.lotNumber,
      productName: d.productName,
      strengthMgPerMl: d.strengthMgPerMl,
      locationName: d.locationName,
      drawnAt: d.drawnAt.toISOString(),
      drawnBy: d.drawnBy,
      drawn: quantityJson(d.account.drawn),
      given: quantityJson(d.account.given),
      wasted: quantityJson(d.account.wasted),
      remaining: quantityJson(d.account.remaining),
      state: d.account.state,
      witnesses: d.witnesses,
      wasteReason: d.wasteReason,
    })),
    lots,
    givenIfWastedNow: given === undefined ? null : quantityJson(given),
    wasteOpen: given !== undefined,
  };
}
