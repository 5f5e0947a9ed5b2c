/**
 * Use case: what a prescriber or the medical director must act on in the ketamine stock, for Today:
 * differences of counts not yet resolved, losses and thefts of the last 30 days with the DEA notice's
 * due day, and lots expiring within the site's warning days.
 *
 * @module
 */
import { addDaysToIsoDate } from '@kairos/core';
import type { StockAlerts } from '@kairos/api';
import { sql } from 'kysely';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { unresolvedDifferences } from './internal/counts.js';
import { recentLossNotices } from './internal/ledger-entries.js';
import { stockSettingsOf } from './internal/stock-settings.js';
import { auditStock, siteOf, siteToday } from './internal/stock-guards.js';

export async function readStockAlerts(db: Db, actor: Actor, siteId: string, meta: RequestMeta): Promise<StockAlerts> {
  return transact(db, async (tx) => {
    const site = await siteOf(tx, siteId);
    const today = siteToday(site, meta.now);
    const settings = stockSettingsOf(site.settings);
    const expiring = await tx
      .selectFrom('stock_lot as l')
      .select(sql<string>`count(*)`.as('n'))
      .where('l.site_id', '=', siteId)
      .where('l.expires_on', '>=', today)
      .where('l.expires_on', '<=', addDaysToIsoDate(today, settings.expiryWarningDays))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('stock_effect as f')
            .select('f.lot_id')
            .whereRef('f.lot_id', '=', 'l.id')
            .groupBy('f.lot_id')
            .having(sql<boolean>`sum(f.delta_ul) > 0`),
        ),
      )
      .executeTakeFirstOrThrow();
    const result = {
      unresolvedDifferences: await unresolvedDifferences(tx, siteId),
      lossNotices: (await recentLossNotices(tx, siteId, addDaysToIsoDate(today, -30))).map(({ quantity: _q, ...n }) => n),
      expiringLots: Number(expiring.n),
    };
    await auditStock(tx, actor, meta, 'stock.alerts-read', 'site', siteId);
    return result;
  });
}
