/**
 * Use case: the site's ketamine stock as the Inventory page shows it: the DEA registration,
 * products, locations, every lot at every location with its balance (mg, mL, sealed vials and the
 * opened vial's remnant with when it stops being usable), the expiry flags, and the dosing
 * sessions whose draw is not yet accounted for. Reading it is audited (issue 23, Must 8).
 *
 * @module
 */
import { addDaysToIsoDate, remnantUsableUntil, stockKey, vialStockOf, type TimedStockChange } from '@kairos/core';
import type { StockOverview } from '@kairos/api';
import { sql } from 'kysely';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { quantityJson, quantityOf, stockBalances } from './internal/ledger.js';
import { stockSettingsOf } from './internal/stock-settings.js';
import { recentCounts } from './internal/counts.js';
import { recentLossNotices, recentStockEntries } from './internal/ledger-entries.js';
import { auditStock, siteOf, siteToday } from './internal/stock-guards.js';

export async function readStock(db: Db, actor: Actor, siteId: string, meta: RequestMeta): Promise<StockOverview> {
  return transact(db, async (tx) => {
    const site = await siteOf(tx, siteId);
    const settings = stockSettingsOf(site.settings);
    const today = siteToday(site, meta.now);
    const [dea, products, locations, lots, balances, changes, openDraws] = await Promise.all([
      tx
        .selectFrom('site_dea_registration as r')
        .innerJoin('app_user as u', 'u.id', 'r.recorded_by')
        .select(['r.number', 'r.schedules', 'r.expires_on', 'r.recorded_at', 'u.id as user_id', 'u.display_name'])
        .where('r.site_id', '=', siteId)
        .orderBy('r.recorded_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
      tx.selectFrom('stock_product').selectAll().where('site_id', '=', siteId).orderBy('name').execute(),
      tx.selectFrom('stock_location').select(['id', 'name']).where('site_id', '=', siteId).orderBy('name').execute(),
      tx
        .selectFrom('stock_lot as l')
        .innerJoin('stock_product as p', 'p.id', 'l.product_id')
        .select([
          'l.id',
          'l.lot_number',
          'l.expires_on',
          'p.id as product_id',
          'p.name as product_name',
          'p.strength_mg_per_ml',
          'p.vial_volume_ul',
        ])
        .where('l.site_id', '=', siteId)
        .execute(),
      stockBalances(tx, siteId),
      tx
        .selectFrom('stock_effect as f')
        .innerJoin('stock_entry as e', 'e.id', 'f.entry_id')
        .select(['f.lot_id', 'f.location_id', 'f.delta_ul', 'e.kind', 'e.occurred_at'])
        .where('f.site_id', '=', siteId)
        .orderBy('e.seq')
        .execute(),
      tx
        .selectFrom('stock_entry as d')
        .innerJoin('dosing_session as s', 's.id', 'd.session_id')
        .innerJoin('patient as p', 'p.id', 's.patient_id')
        .innerJoin('app_user as u', 'u.id', 'd.recorded_by')
        .leftJoin('stock_entry as a', (j) =>
          j
            .onRef('a.draw_id', '=', 'd.id')
            .on((eb) => eb.not(eb.exists(eb.selectFrom('stock_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'a.id')))),
        )
        .select([
          'd.id',
          'd.session_id',
          'd.occurred_at',
          'd.quantity_ug',
          'd.quantity_ul',
          'u.id as user_id',
          'u.display_name',
          'p.given_name',
          'p.family_name',
          sql<string>`coalesce(sum(a.quantity_ug), 0)`.as('accounted_ug'),
          sql<string>`coalesce(sum(a.quantity_ul), 0)`.as('accounted_ul'),
        ])
        .where('d.site_id', '=', siteId)
        .where('d.kind', '=', 'draw')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('stock_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'd.id'))))
        .groupBy(['d.id', 'u.id', 'p.id'])
        .having(sql<boolean>`coalesce(sum(a.quantity_ul), 0) <> d.quantity_ul OR coalesce(sum(a.quantity_ug), 0) <> d.quantity_ug`)
        .orderBy('d.occurred_at')
        .execute(),
    ]);
    const byKey = new Map<string, TimedStockChange[]>();
    for (const c of changes) {
      const key = stockKey(c.lot_id, c.location_id);
      const list = byKey.get(key) ?? [];
      list.push({ kind: c.kind, at: c.occurred_at.toISOString(), deltaUl: BigInt(c.delta_ul) });
      byKey.set(key, list);
    }
    const warnUntil = addDaysToIsoDate(today, settings.expiryWarningDays);
    const lines = lots.flatMap((lot) =>
      locations.flatMap((loc) => {
        const balance = balances.get(stockKey(lot.id, loc.id));
        if (balance === undefined) return [];
        const vials = vialStockOf(byKey.get(stockKey(lot.id, loc.id)) ?? [], BigInt(lot.vial_volume_ul));
        return [
          {
            lotId: lot.id,
            lotNumber: lot.lot_number,
            productId: lot.product_id,
            productName: lot.product_name,
            strengthMgPerMl: lot.strength_mg_per_ml,
            expiresOn: lot.expires_on,
            expired: lot.expires_on < today,
            expiresSoon: lot.expires_on >= today && lot.expires_on <= warnUntil,
            locationId: loc.id,
            locationName: loc.name,
            balance: quantityJson(balance),
            sealedVials: Number(vials.sealedVials),
            remnantUl: Number(vials.remnantUl),
            remnantUsableUntil:
              vials.openedAt === undefined ? null : remnantUsableUntil(vials.openedAt, site.time_zone, settings.openVialExtraDays),
          },
        ];
      }),
    );
    lines.sort(
      (a, b) =>
        a.expiresOn.localeCompare(b.expiresOn) || a.lotNumber.localeCompare(b.lotNumber) || a.locationName.localeCompare(b.locationName),
    );
    await auditStock(tx, actor, meta, 'stock.read', 'site', siteId);
    return {
      deaRegistration:
        dea === undefined
          ? null
          : {
              number: dea.number,
              schedules: dea.schedules,
              expiresOn: dea.expires_on,
              recordedBy: { id: dea.user_id, displayName: dea.display_name },
              recordedAt: dea.recorded_at.toISOString(),
            },
      products: products.map((p) => ({
        id: p.id,
        name: p.name,
        strengthMgPerMl: p.strength_mg_per_ml,
        vialVolumeUl: Number(p.vial_volume_ul),
        ndc: p.ndc,
      })),
      locations,
      lines,
      openDraws: openDraws.map((d) => {
        const remaining = quantityOf(BigInt(d.quantity_ug) - BigInt(d.accounted_ug), BigInt(d.quantity_ul) - BigInt(d.accounted_ul));
        return {
          drawId: d.id,
          sessionId: d.session_id ?? '',
          patientName: `${d.given_name} ${d.family_name}`,
          drawnAt: d.occurred_at.toISOString(),
          drawnBy: { id: d.user_id, displayName: d.display_name },
          remaining: quantityJson(remaining),
        };
      }),
      settings,
      recentEntries: await recentStockEntries(tx, siteId),
      counts: await recentCounts(tx, siteId),
      lossNotices: await recentLossNotices(tx, siteId, addDaysToIsoDate(today, -30)),
      today,
    };
  });
}
