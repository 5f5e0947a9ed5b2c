/**
 * The demo's ketamine stock (issue 23, Must 10), made through the same use cases the API uses: the
 * site's DEA registration, two products, the safe and a crash cart, stock received two months ago
 * (one lot expiring within 30 days), a draw and a witnessed waste for every dosing session the demo
 * runs (and the opened vial wasted at the end of its day), and a count whose difference the medical
 * director resolved. Loaded by `npm start` and `kairos demo`; the tests' demo clinic keeps no stock
 * in Kairos (so a dosing session's discharge does not wait for it) unless a test sets it up.
 *
 * @module
 */
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import { internalMeta, type Actor, type RequestMeta } from '../context.js';
import { drawKetamine } from '../dosing-session/draw-ketamine.js';
import { readSessionStock } from '../dosing-session/read-session-stock.js';
import { wasteKetamine } from '../dosing-session/waste-ketamine.js';
import { DEMO_SECOND_FACTOR_POLICY } from '../second-factor/policy.js';
import { createStepUp } from '../sign-in/create-step-up.js';
import { addStockLocation } from '../stock/add-stock-location.js';
import { addStockProduct } from '../stock/add-stock-product.js';
import { readStock } from '../stock/read-stock.js';
import { receiveStock } from '../stock/receive-stock.js';
import { recordDeaRegistration } from '../stock/record-dea-registration.js';
import { recordStockCount } from '../stock/record-stock-count.js';
import { resolveCountDifference } from '../stock/resolve-count-difference.js';
import { wasteRemnant } from '../stock/waste-remnant.js';
import { siteKeepsStock } from '../stock/internal/draw-accounts.js';
import type { Db } from '../../store/database.js';

const DAY = 86_400_000;
const SUPPLIER = { name: 'Henry Schein Medical (synthetic)', address: '135 Duryea Road, Melville, NY 11747', deaNumber: 'BJ6125341' };

async function actorOf(db: Db, email: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

const at = (ms: number): RequestMeta => internalMeta('demo-loader', new Date(ms));

/** A step-up proof of `email`, asked for by `requester` (the demo's own password). */
async function proofOf(db: Db, requester: Actor, email: string, purpose: string, password: string, ms: number): Promise<string> {
  const p = await createStepUp(db, requester, { email, password, purpose }, at(ms), {
    allowSynthetic: true,
    policy: DEMO_SECOND_FACTOR_POLICY,
  });
  return p.stepUpToken;
}

/** The site's stock as of two months before `now`. */
export async function seedDemoStock(db: Db, siteId: string, now: Date): Promise<void> {
  const director = await actorOf(db, 'director@demo.test');
  const nurse = await actorOf(db, 'nurse@demo.test');
  const setUpMs = now.getTime() - 61 * DAY;
  const today = localDateOf(now, 'America/New_York');
  await recordDeaRegistration(
    db,
    director,
    siteId,
    { number: 'AB1234563', schedules: ['2', '2N', '3', '3N', '4', '5'], expiresOn: addDaysToIsoDate(today, 540) },
    at(setUpMs),
  );
  const ten = await addStockProduct(
    db,
    director,
    siteId,
    { name: 'Ketamine HCl injection 10 mg/mL, 20 mL vial', strengthMgPerMl: 10, vialVolumeMl: 20, ndc: '42023-113-10' },
    at(setUpMs),
  );
  const fifty = await addStockProduct(
    db,
    director,
    siteId,
    { name: 'Ketamine HCl injection 50 mg/mL, 10 mL vial', strengthMgPerMl: 50, vialVolumeMl: 10, ndc: '42023-115-10' },
    at(setUpMs),
  );
  const safe = await addStockLocation(db, director, siteId, 'Safe', at(setUpMs));
  const cart = await addStockLocation(db, director, siteId, 'Crash cart box', at(setUpMs));
  const receivedMs = now.getTime() - 60 * DAY;
  const receivedOn = localDateOf(new Date(receivedMs), 'America/New_York');
  const receive = (productId: string, locationId: string, lotNumber: string, vials: number, expiresOn: string, invoiceRef: string) =>
    receiveStock(
      db,
      nurse,
      siteId,
      { productId, locationId, lotNumber, vials, expiresOn, receivedOn, supplier: SUPPLIER, invoiceRef },
      at(receivedMs),
    );
  await receive(ten, safe, 'KD2611', 10, addDaysToIsoDate(today, 400), 'INV-DEMO-1041');
  await receive(ten, safe, 'KD2503', 2, addDaysToIsoDate(today, 20), 'INV-DEMO-1041');
  await receive(fifty, cart, 'KF2609', 2, addDaysToIsoDate(today, 300), 'INV-DEMO-1042');
}

/** Draws for a demo session's dose order, rounded up to the next whole mL, from the longest-dated lot in date. */
export async function demoDraw(db: Db, sessionId: string, ms: number): Promise<void> {
  const s = await db.selectFrom('dosing_session').select('site_id').where('id', '=', sessionId).executeTakeFirstOrThrow();
  if (!(await siteKeepsStock(db, s.site_id))) return;
  const nurse = await actorOf(db, 'nurse@demo.test');
  const view = await readSessionStock(db, nurse, sessionId, at(ms));
  const lot = [...view.lots].sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
  if (view.order === null || lot === undefined) return;
  await drawKetamine(
    db,
    nurse,
    sessionId,
    { lotId: lot.lotId, locationId: lot.locationId, volumeMl: Math.ceil(view.order.drawnUl / 1000) },
    at(ms),
  );
}

/** After a demo session's infusion: what remains of its draw wasted before the second nurse, then its opened vial at the end of the day. */
export async function demoWaste(db: Db, sessionId: string, ms: number, password: string): Promise<void> {
  const s = await db.selectFrom('dosing_session').select('site_id').where('id', '=', sessionId).executeTakeFirstOrThrow();
  if (!(await siteKeepsStock(db, s.site_id))) return;
  const nurse = await actorOf(db, 'nurse@demo.test');
  const view = await readSessionStock(db, nurse, sessionId, at(ms));
  const draw = view.draws[0];
  if (draw === undefined || view.givenIfWastedNow === null) return;
  const remainingUl = draw.drawn.ul - view.givenIfWastedNow.ul;
  await wasteKetamine(
    db,
    nurse,
    sessionId,
    {
      drawId: draw.id,
      volumeMl: remainingUl / 1000,
      reason: 'Remainder of the syringe and the bag, into the controlled-substance waste container',
      stepUpToken: await proofOf(db, nurse, 'nurse2@demo.test', 'stock.waste-witness', password, ms),
    },
    at(ms),
  );
  // The vial opened for the draw is wasted at the end of the session's day (the demo clinic's practice).
  await wasteOpenVials(db, s.site_id, ms + 5 * 60_000, password);
}

/** Every opened vial's remnant at the site, wasted before the second nurse. */
async function wasteOpenVials(db: Db, siteId: string, ms: number, password: string): Promise<void> {
  const nurse = await actorOf(db, 'nurse@demo.test');
  const stock = await readStock(db, nurse, siteId, at(ms));
  for (const line of stock.lines.filter((l) => l.remnantUl > 0)) {
    await wasteRemnant(
      db,
      nurse,
      siteId,
      {
        lotId: line.lotId,
        locationId: line.locationId,
        volumeMl: line.remnantUl / 1000,
        reason: 'Opened vial wasted at the end of the clinic day',
        stepUpToken: await proofOf(db, nurse, 'nurse2@demo.test', 'stock.waste-witness', password, ms),
      },
      at(ms),
    );
  }
}

/** A count of the safe at `ms` with 0.2 mL of the longest-dated lot missing, resolved by the medical director. */
export async function demoCount(db: Db, siteId: string, ms: number, password: string): Promise<void> {
  if (!(await siteKeepsStock(db, siteId))) return;
  const nurse = await actorOf(db, 'nurse@demo.test');
  const director = await actorOf(db, 'director@demo.test');
  const stock = await readStock(db, nurse, siteId, at(ms));
  const safe = stock.locations.find((l) => l.name === 'Safe');
  const lines = stock.lines.filter((l) => l.locationId === safe?.id && l.balance.ul > 0);
  const short = [...lines].sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0]?.lotId;
  const local = new Date(ms).toLocaleString('en-US', { timeZone: 'America/New_York', hour: 'numeric', hour12: false });
  const count = await recordStockCount(
    db,
    nurse,
    siteId,
    {
      kind: 'ad-hoc',
      timing: Number(local) < 12 ? 'opening' : 'close',
      takenOn: localDateOf(new Date(ms), 'America/New_York'),
      lines: lines.map((l) => ({
        lotId: l.lotId,
        locationId: l.locationId,
        countedMl: (l.balance.ul - (l.lotId === short ? 200 : 0)) / 1000,
      })),
    },
    at(ms),
  );
  const line = await db
    .selectFrom('stock_count_line')
    .select('id')
    .where('count_id', '=', count.id)
    .whereRef('counted_ul', '<>', 'ledger_ul')
    .executeTakeFirst();
  if (line === undefined) return;
  const resolveMs = ms + 30 * 60_000;
  await resolveCountDifference(
    db,
    director,
    line.id,
    {
      reason: 'A syringe drawn for a session was flushed and not recorded; retrained the team on recording every draw',
      stepUpToken: await proofOf(db, director, 'director@demo.test', 'stock.resolve-difference', password, resolveMs),
    },
    at(resolveMs),
  );
  // The 0.2 mL came out of a vial: the vial it leaves open is wasted at once.
  await wasteOpenVials(db, siteId, resolveMs + 5 * 60_000, password);
}
