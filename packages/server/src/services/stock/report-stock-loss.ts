/**
 * Use case: stock found lost or stolen (the facts DEA Form 106 asks for: date discovered, quantity,
 * circumstances, the police report if any). The answer says when the written notice to the DEA is
 * due: one business day after discovery (21 CFR 1301.76(b), issue 23), the site's next working day.
 *
 * @module
 */
import { addDaysToIsoDate, microlitresOf, nextSiteWorkingDay, quantityOfVolume } from '@kairos/core';
import type { StockLossBody, StockLossRecorded } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { appendStockEntry } from './internal/ledger.js';
import { auditStock, fieldProblem, locationOfSite, lotOfSite, siteToday } from './internal/stock-guards.js';

/** The site's next working day after `discoveredOn` (the day itself when nothing is open within a year). */
export function deaNoticeDueOn(discoveredOn: string, site: { working_days: readonly string[]; closed_dates: readonly string[] }): string {
  const calendar = { workingDays: site.working_days, closedDates: site.closed_dates } as Parameters<typeof nextSiteWorkingDay>[1];
  return nextSiteWorkingDay(addDaysToIsoDate(discoveredOn, 1), calendar) ?? addDaysToIsoDate(discoveredOn, 1);
}

export async function reportStockLoss(
  db: Db,
  actor: Actor,
  siteId: string,
  body: StockLossBody,
  meta: RequestMeta,
): Promise<StockLossRecorded> {
  return transact(db, async (tx) => {
    const site = await tx
      .selectFrom('site')
      .select(['id', 'time_zone', 'working_days', 'closed_dates'])
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    if (body.discoveredOn > siteToday(site, meta.now)) throw fieldProblem('body.discoveredOn', 'is in the future');
    const lot = await lotOfSite(tx, siteId, body.lotId, 'body.lotId');
    await locationOfSite(tx, siteId, body.locationId, 'body.locationId');
    const dueOn = deaNoticeDueOn(body.discoveredOn, site);
    const id = await appendStockEntry(
      tx,
      siteId,
      {
        kind: 'loss',
        lotId: lot.id,
        locationId: body.locationId,
        quantity: quantityOfVolume(microlitresOf(body.volumeMl), lot.strength_mg_per_ml),
        occurredAt: meta.now,
        recordedBy: actor.userId,
        reason: body.circumstances,
        details: {
          lossKind: body.kind,
          discoveredOn: body.discoveredOn,
          circumstances: body.circumstances,
          ...(body.policeReport === undefined ? {} : { policeReport: body.policeReport }),
          deaNoticeDueOn: dueOn,
        },
      },
      meta.now,
    );
    await auditStock(tx, actor, meta, 'stock.loss', 'stock_entry', id, { siteId, kind: body.kind, deaNoticeDueOn: dueOn });
    return { id, deaNoticeDueOn: dueOn };
  });
}
