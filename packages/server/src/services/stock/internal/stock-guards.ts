/**
 * What the stock use cases share: the site row, refusals naming a field, the audit event of a stock
 * act, and the lots, products and locations of a site (one of another site is a 400 naming the
 * field, never a quiet success).
 *
 * @module
 */
import { localDateOf, quantityOfVials } from '@kairos/core';
import { AppError, notFound } from '../../../errors.js';
import { audit } from '../../audit.js';
import type { AuditActor, RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';
import { stockSettingsOf } from './stock-settings.js';
import { vialStockAt } from './vials.js';

/** A 400 naming the request field and its problem. */
export function fieldProblem(field: string, message: string, code = 'VALIDATION_FAILED' as const): AppError {
  return new AppError(code, `${field}: ${message}`, { issues: [{ field, message }] });
}

/** A 409 on a rule of the ledger, naming the field. */
export function stockConflict(field: string, message: string, code: string): AppError {
  return new AppError('CONFLICT', message, { code, issues: [{ field, message }] });
}

export async function siteOf(tx: Db, siteId: string) {
  const site = await tx.selectFrom('site').select(['id', 'name', 'time_zone', 'settings']).where('id', '=', siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', siteId);
  return site;
}

/** The site's today (`YYYY-MM-DD`) at `now`. */
export const siteToday = (site: { time_zone: string }, now: Date) => localDateOf(now, site.time_zone);

export function auditStock(
  tx: Db,
  actor: AuditActor,
  meta: RequestMeta,
  action: string,
  recordType: string,
  recordId: string | null,
  details: Record<string, unknown> = {},
) {
  return audit(tx, { ...meta, actor }, { action, recordType, recordId, patientId: null, outcome: 'allowed', details });
}

export async function productOfSite(tx: Db, siteId: string, productId: string, field: string) {
  const p = await tx.selectFrom('stock_product').selectAll().where('id', '=', productId).executeTakeFirst();
  if (p === undefined || p.site_id !== siteId) throw fieldProblem(field, 'no such product at this site');
  return p;
}

export async function locationOfSite(tx: Db, siteId: string, locationId: string, field: string) {
  const l = await tx.selectFrom('stock_location').selectAll().where('id', '=', locationId).executeTakeFirst();
  if (l === undefined || l.site_id !== siteId) throw fieldProblem(field, 'no such storage location at this site');
  return l;
}

export async function lotOfSite(tx: Db, siteId: string, lotId: string, field: string) {
  const l = await tx
    .selectFrom('stock_lot as l')
    .innerJoin('stock_product as p', 'p.id', 'l.product_id')
    .select([
      'l.id',
      'l.site_id',
      'l.lot_number',
      'l.expires_on',
      'l.product_id',
      'p.name as product_name',
      'p.strength_mg_per_ml',
      'p.vial_volume_ul',
    ])
    .where('l.id', '=', lotId)
    .executeTakeFirst();
  if (l === undefined || l.site_id !== siteId) throw fieldProblem(field, 'no such lot at this site');
  return l;
}

/** The site, the lot and the location of a movement of sealed vials, with the vials there; a 409 naming `vials` when fewer are sealed there. */
export async function sealedVialsFor(
  tx: Db,
  siteId: string,
  body: { lotId: string; locationId: string; vials: number },
  now: Date,
  fields: { location: string } = { location: 'body.locationId' },
) {
  const site = await siteOf(tx, siteId);
  const lot = await lotOfSite(tx, siteId, body.lotId, 'body.lotId');
  const location = await locationOfSite(tx, siteId, body.locationId, fields.location);
  const stock = await vialStockAt(tx, lot, location.id, site, stockSettingsOf(site.settings).openVialExtraDays, now);
  if (BigInt(body.vials) > stock.sealedVials)
    throw stockConflict('body.vials', `${location.name} holds ${stock.sealedVials} sealed vial(s) of lot ${lot.lot_number}`, 'STOCK_SHORT');
  return { site, lot, location, stock, quantity: quantityOfVials(body.vials, BigInt(lot.vial_volume_ul), lot.strength_mg_per_ml) };
}
