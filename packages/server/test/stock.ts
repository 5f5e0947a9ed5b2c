/**
 * Builders for the ketamine stock tests: a site's stock set up through the API (DEA registration,
 * a 50 mg/mL product in 10 mL vials, the safe and a crash cart, a receipt), and dosing sessions
 * ready to draw for (a dose order cloned from one made through the API, the session pre-dose).
 */
import type { FastifyInstance } from 'fastify';
import { injectAs, type TestAuth } from './auth.js';
import type { Db } from '../src/store/database.js';

export interface TestStock {
  productId: string;
  safeId: string;
  cartId: string;
  lotId: string;
}

const created = (r: { statusCode: number; body: string }): string => {
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
  return (JSON.parse(r.body) as { id: string }).id;
};

/** The site's stock as a clinic would set it up: `vials` vials of lot KET-A (expiring `expiresOn`) in the safe. */
export async function setUpStock(
  app: FastifyInstance,
  director: TestAuth,
  siteId: string,
  opts: { vials?: number; expiresOn?: string; receivedOn?: string } = {},
): Promise<TestStock> {
  const at = (path: string, payload: object, method: 'POST' | 'PUT' = 'POST') =>
    injectAs(app, director, { method, url: `/api/sites/${siteId}/stock${path}`, payload });
  const dea = await at('/dea-registration', { number: 'AB1234563', schedules: ['2', '3', '4', '5'], expiresOn: '2028-06-30' }, 'PUT');
  if (dea.statusCode !== 204) throw new Error(`${dea.statusCode} ${dea.body}`);
  const productId = created(
    await at('/products', { name: 'Ketamine HCl 50 mg/mL, 10 mL vial', strengthMgPerMl: 50, vialVolumeMl: 10, ndc: '42023-115-10' }),
  );
  const safeId = created(await at('/locations', { name: 'Safe' }));
  const cartId = created(await at('/locations', { name: 'Crash cart' }));
  const receipt = await receive(app, director, siteId, {
    productId,
    locationId: safeId,
    lotNumber: 'KET-A',
    vials: opts.vials ?? 5,
    expiresOn: opts.expiresOn ?? '2027-12-31',
    receivedOn: opts.receivedOn ?? '2026-11-30',
  });
  if (receipt.statusCode !== 201) throw new Error(`${receipt.statusCode} ${receipt.body}`);
  const lot = JSON.parse((await injectAs(app, director, { method: 'GET', url: `/api/sites/${siteId}/stock` })).body) as {
    lines: { lotId: string; lotNumber: string }[];
  };
  return { productId, safeId, cartId, lotId: lot.lines.find((l) => l.lotNumber === 'KET-A')?.lotId ?? '' };
}

/** A receipt with a supplier's details filled in. */
export function receive(
  app: FastifyInstance,
  who: TestAuth,
  siteId: string,
  r: { productId: string; locationId: string; lotNumber: string; vials: number; expiresOn: string; receivedOn: string },
): ReturnType<typeof injectAs> {
  return injectAs(app, who, {
    method: 'POST',
    url: `/api/sites/${siteId}/stock/receipts`,
    payload: {
      ...r,
      supplier: { name: 'Henry Schein', address: '135 Duryea Road, Melville, NY 11747', deaNumber: 'BJ6125341' },
      invoiceRef: 'INV-2026-0042',
    },
  });
}

/** Puts each session in `pre-dose` with a copy of `orderSessionId`'s dose order (double-checked): ready to draw for. */
export async function cloneOrderTo(db: Db, orderSessionId: string, sessionIds: readonly string[], now: Date): Promise<void> {
  const order = await db.selectFrom('dose_order').selectAll().where('session_id', '=', orderSessionId).executeTakeFirstOrThrow();
  for (const id of sessionIds) {
    await db.updateTable('dosing_session').set({ state: 'pre-dose' }).where('id', '=', id).execute();
    await db
      .insertInto('dose_order')
      .values({
        session_id: id,
        ordered_by: order.ordered_by,
        ordered_at: now,
        calculation: JSON.stringify(order.calculation),
        double_checked_by: order.double_checked_by,
        double_checked_at: now,
      })
      .execute();
  }
}
