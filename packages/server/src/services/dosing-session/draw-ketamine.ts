/**
 * Use case: ketamine drawn from stock for a session's dose order (issue 23, Must 3): from a lot of
 * the order's vial strength, not expired, at a location of the session's site, at least the order's
 * drawn volume (the rest is wasted after the infusion). An opened vial whose remnant is past its
 * use (the end of the day it was opened) is wasted first. The balance never goes below zero (409
 * naming the balance).
 *
 * @module
 */
import { checkDrawForOrder, microlitresOf, quantityOfVolume } from '@kairos/core';
import type { SessionStock, StockDrawBody } from '@kairos/api';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Actor, RequestMeta } from '../context.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from '../stock/internal/ledger.js';
import { sessionDraws, siteKeepsStock } from '../stock/internal/draw-accounts.js';
import { stockSettingsOf } from '../stock/internal/stock-settings.js';
import { vialStockAt } from '../stock/internal/vials.js';
import { fieldProblem, locationOfSite, lotOfSite, siteOf, siteToday, stockConflict } from '../stock/internal/stock-guards.js';
import { auditSession, loadForAct } from './internal/session-guards.js';
import { orderForStock, sessionStockView } from './internal/session-stock.js';

export async function drawKetamine(db: Db, actor: Actor, sessionId: string, body: StockDrawBody, meta: RequestMeta): Promise<SessionStock> {
  return transact(db, async (tx) => {
    const s = await loadForAct(tx, actor, sessionId, meta, 'session.stock-draw');
    if (!(await siteKeepsStock(tx, s.site_id)))
      throw stockConflict(
        'body.lotId',
        'this site keeps no ketamine stock in Kairos: add a product on the Inventory page first',
        'STOCK_NOT_KEPT',
      );
    const order = await orderForStock(tx, s.id);
    if (order === undefined)
      throw stockConflict('body.volumeMl', 'there is no dose order to draw for: a prescriber orders the dose first', 'NO_ORDER');
    if ((await sessionDraws(tx, s.id)).length > 0)
      throw stockConflict('body.lotId', 'ketamine is already drawn for this dose order', 'ALREADY_DRAWN');
    const site = await siteOf(tx, s.site_id);
    const lot = await lotOfSite(tx, s.site_id, body.lotId, 'body.lotId');
    await locationOfSite(tx, s.site_id, body.locationId, 'body.locationId');
    if (lot.expires_on < siteToday(site, meta.now))
      throw stockConflict('body.lotId', `lot ${lot.lot_number} expired on ${lot.expires_on}: it cannot be drawn`, 'LOT_EXPIRED');
    const drawnUl = microlitresOf(body.volumeMl);
    const problem = checkDrawForOrder(
      { drawnUl, strengthMgPerMl: lot.strength_mg_per_ml },
      { drawnUl: order.drawnUl, strengthMgPerMl: order.strengthMgPerMl },
    );
    if (problem !== undefined) throw fieldProblem(`body.${problem.field}`, problem.message);
    // An opened vial past its use is wasted (with a witness) before the lot is drawn again.
    const vials = await vialStockAt(tx, lot, body.locationId, site, stockSettingsOf(site.settings).openVialExtraDays, meta.now);
    if (vials.remnantExpired)
      throw stockConflict(
        'body.lotId',
        `the opened vial of lot ${lot.lot_number} was usable until ${vials.usableUntil ?? ''}: waste its remnant with a witness on the Inventory page first`,
        'REMNANT_EXPIRED',
      );
    const drawId = await appendStockEntry(
      tx,
      s.site_id,
      {
        kind: 'draw',
        lotId: lot.id,
        locationId: body.locationId,
        quantity: quantityOfVolume(drawnUl, lot.strength_mg_per_ml),
        occurredAt: meta.now,
        recordedBy: actor.userId,
        sessionId: s.id,
        doseOrderId: order.id,
      },
      meta.now,
    );
    await auditSession(tx, actor, meta, 'session.stock-draw', s, { drawId, lotId: lot.id, ul: Number(drawnUl) });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'stock', payload: { drawId, kind: 'draw' }, at: meta.now });
    return sessionStockView(tx, s, await protocolForSession(tx, s, meta.now), meta.now);
  });
}
