/**
 * Use case: the medical director sets the site's stock settings (expiry warning days, days an
 * opened vial is kept beyond the day it was opened), kept in `site.settings.stock`; audited with
 * the values before and after.
 *
 * @module
 */
import type { StockSettings, StockSettingsBody } from '@kairos/api';
import { notFound } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditStock } from './internal/stock-guards.js';
import { stockSettingsOf } from './internal/stock-settings.js';

export async function setStockSettings(
  db: Db,
  actor: Actor,
  siteId: string,
  input: StockSettingsBody,
  meta: RequestMeta,
): Promise<StockSettings> {
  return transact(db, async (tx) => {
    const site = await tx.selectFrom('site').select(['id', 'settings']).where('id', '=', siteId).forUpdate().executeTakeFirst();
    if (site === undefined) throw notFound('site', siteId);
    const before = stockSettingsOf(site.settings);
    const after = { expiryWarningDays: input.expiryWarningDays, openVialExtraDays: input.openVialExtraDays };
    await tx
      .updateTable('site')
      .set({ settings: JSON.stringify({ ...site.settings, stock: after }) })
      .where('id', '=', siteId)
      .execute();
    await auditStock(tx, actor, meta, 'stock.settings', 'site', siteId, { before, after });
    return after;
  });
}
