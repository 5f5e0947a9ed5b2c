/**
 * Use case: after the infusion ends, what the infusion gave is recorded against the draw and the
 * remainder is wasted with a reason and a witness (issue 23, Must 3): a second licensed user of the
 * site, neither the drawer nor the person recording, who authenticates through step-up. The given
 * amount is the session's computed course (the infused share of the bag); the volume wasted as
 * typed must make drawn = given + wasted exactly, or nothing is recorded.
 *
 * @module
 */
import { accountForDraw, checkWasteCloses, isZeroQuantity, microlitresOf, quantityOfVolume } from '@kairos/core';
import type { SessionStock, StockWasteBody } from '@kairos/api';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Actor, RequestMeta } from '../context.js';
import { protocolForSession } from '../protocol/protocol-for-session.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from '../stock/internal/ledger.js';
import { sessionDraws } from '../stock/internal/draw-accounts.js';
import { fieldProblem, stockConflict } from '../stock/internal/stock-guards.js';
import { witnessOf } from '../stock/internal/witness.js';
import { auditSession, loadFor } from './internal/session-guards.js';
import { givenSoFar, sessionStockView } from './internal/session-stock.js';

/** What a witness proves, checked again by this act. */
export const WASTE_WITNESS_PURPOSE = 'stock.waste-witness';

export async function wasteKetamine(
  db: Db,
  actor: Actor,
  sessionId: string,
  body: StockWasteBody,
  meta: RequestMeta,
): Promise<SessionStock> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.stock-waste');
    const draw = (await sessionDraws(tx, s.id)).find((d) => d.id === body.drawId);
    if (draw === undefined) throw fieldProblem('body.drawId', 'no such draw of this session');
    if (draw.account.state === 'reconciled') throw stockConflict('body.drawId', 'this draw is already accounted for', 'ALREADY_RECONCILED');
    const protocol = await protocolForSession(tx, s, meta.now);
    const given = await givenSoFar(tx, s, protocol, meta.now);
    if (given === undefined)
      throw stockConflict('body.drawId', 'the infusion has not ended: what remains is wasted after it ends', 'INFUSION_NOT_ENDED');
    // The given amount is recorded once; a draw recorded as given already is not given again.
    const alreadyGiven = !isZeroQuantity(draw.account.given);
    const givenNow = alreadyGiven ? draw.account.given : given;
    const afterGiven = accountForDraw(draw.account.drawn, [givenNow], []);
    const wasted = quantityOfVolume(microlitresOf(body.volumeMl), draw.strengthMgPerMl);
    const problem = checkWasteCloses(afterGiven, wasted);
    if (problem !== undefined && !(isZeroQuantity(afterGiven.remaining) && isZeroQuantity(wasted)))
      throw fieldProblem(`body.${problem.field}`, problem.message);
    const witness = await witnessOf(tx, actor, body.stepUpToken, meta, {
      purpose: WASTE_WITNESS_PURPOSE,
      siteId: s.site_id,
      notThese: [draw.drawnBy.id],
      record: { type: 'dosing_session', id: s.id, patientId: s.patient_id },
    });
    const common = { lotId: draw.lotId, occurredAt: meta.now, recordedBy: actor.userId, sessionId: s.id, drawId: draw.id };
    const locationId = await tx.selectFrom('stock_entry').select('location_id').where('id', '=', draw.id).executeTakeFirstOrThrow();
    if (!alreadyGiven && !isZeroQuantity(givenNow)) {
      await appendStockEntry(
        tx,
        s.site_id,
        { ...common, locationId: locationId.location_id, kind: 'administration', quantity: givenNow },
        meta.now,
      );
    }
    if (!isZeroQuantity(wasted)) {
      await appendStockEntry(
        tx,
        s.site_id,
        {
          ...common,
          locationId: locationId.location_id,
          kind: 'draw-waste',
          quantity: wasted,
          witnesses: [witness.userId],
          reason: body.reason,
        },
        meta.now,
      );
    }
    await auditSession(tx, actor, meta, 'session.stock-waste', s, {
      drawId: draw.id,
      witness: witness.userId,
      givenUl: Number(givenNow.ul),
      wastedUl: Number(wasted.ul),
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'stock',
      payload: { drawId: draw.id, kind: 'waste' },
      at: meta.now,
    });
    return sessionStockView(tx, s, protocol, meta.now);
  });
}
