/**
 * `kairos ledger verify` on both engines (issue 23, Must 8): a clean ledger of two sites verifies,
 * and each forgery made as the table's owner (its append-only trigger switched off, as an owner
 * can) is found and named by site, seq and entry id: a quantity changed, an entry deleted (a gap),
 * an effect row changed, and an entry forged with the key that takes a balance below zero. Each
 * forgery is undone after its row, so the next starts from a clean ledger. The command itself and
 * the running server's local route give the same verdict.
 */
import { randomUUID } from 'node:crypto';
import { quantityOfVials, quantityOfVolume } from '@kairos/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { ledgerVerifyCommand } from '../../cli/commands/ledger.js';
import type { Db } from '../../store/database.js';
import { auditMac } from '../audit.js';
import { STOCK_GENESIS_HASH, appendStockEntry, stockEntryPayload, type NewStockEntry } from './internal/ledger.js';
import { verifyStockLedger } from './verify-ledger.js';

const NOW = new Date('2026-12-01T15:00:00Z');

describeEachEngine('kairos ledger verify', (h) => {
  const db = () => h.database.db;
  let siteA: string;
  let siteB: string;
  let userId: string;
  let lotA: string;
  let safe: string;
  let cart: string;
  /** Site A's entries by seq (1-based). */
  const entryA: string[] = [];

  /** As the tables' owner: the append-only triggers off, `change` run, the triggers on again. */
  const asOwner = async (change: () => Promise<unknown>) => {
    await sql`ALTER TABLE stock_entry DISABLE TRIGGER stock_entry_append_only`.execute(db());
    await sql`ALTER TABLE stock_effect DISABLE TRIGGER stock_effect_append_only`.execute(db());
    try {
      await change();
    } finally {
      await sql`ALTER TABLE stock_entry ENABLE TRIGGER stock_entry_append_only`.execute(db());
      await sql`ALTER TABLE stock_effect ENABLE TRIGGER stock_effect_append_only`.execute(db());
    }
  };
  const append = (siteId: string, e: Omit<NewStockEntry, 'occurredAt' | 'recordedBy'>) =>
    db()
      .transaction()
      .execute((tx) => appendStockEntry(tx, siteId, { ...e, occurredAt: NOW, recordedBy: userId }, NOW));
  const setUpSite = async (tx: Db, name: string) => {
    const site = await tx.insertInto('site').values({ name, time_zone: 'America/Denver' }).returning('id').executeTakeFirstOrThrow();
    const product = await tx
      .insertInto('stock_product')
      .values({
        site_id: site.id,
        name: 'Ketamine HCl 50 mg/mL, 10 mL vial',
        strength_mg_per_ml: 50,
        vial_volume_ul: 10_000n,
        ndc: '42023-115-10',
        created_by: userId,
        created_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const location = (n: string) =>
      tx
        .insertInto('stock_location')
        .values({ site_id: site.id, name: n, created_by: userId, created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
    const lot = await tx
      .insertInto('stock_lot')
      .values({ site_id: site.id, product_id: product.id, lot_number: 'KET-A', expires_on: '2027-12-31', created_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { siteId: site.id, lotId: lot.id, safe: (await location('Safe')).id, cart: (await location('Crash cart')).id };
  };
  const verdictOf = () => verifyStockLedger(db(), { batchSize: 2 });
  const effectsOf = (entryId: string) => db().selectFrom('stock_effect').selectAll().where('entry_id', '=', entryId).execute();

  beforeAll(async () => {
    userId = (
      await db()
        .insertInto('app_user')
        .values({
          email: `stock-${randomUUID()}@test.test`,
          display_name: 'Nora Nurse, RN',
          password_hash: 'not a password',
          roles: ['nurse'],
          site_id: null,
          created_at: NOW,
          updated_at: NOW,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const a = await db()
      .transaction()
      .execute((tx) => setUpSite(tx, 'Harbour Light'));
    ({ siteId: siteA, lotId: lotA, safe, cart } = a);
    const b = await db()
      .transaction()
      .execute((tx) => setUpSite(tx, 'Other clinic'));
    siteB = b.siteId;
    const vials = (n: number) => quantityOfVials(n, 10_000n, 50);
    const ml = (n: number) => quantityOfVolume(BigInt(n * 1000), 50);
    const receiptDetails = {
      vials: 5,
      receivedOn: '2026-12-01',
      supplier: { name: 'Henry Schein', address: '135 Duryea Road, Melville, NY 11747', deaNumber: 'BJ6125341' },
      invoiceRef: 'INV-1',
    };
    // Site A: 1 receipt, 2 receipt, 3 transfer safe -> cart, 4 loss at the cart, 5 its reversal, 6 expiry at the safe.
    entryA.push(await append(siteA, { kind: 'receipt', lotId: lotA, locationId: safe, quantity: vials(5), details: receiptDetails }));
    entryA.push(await append(siteA, { kind: 'receipt', lotId: lotA, locationId: safe, quantity: vials(1), details: receiptDetails }));
    entryA.push(await append(siteA, { kind: 'transfer', lotId: lotA, locationId: safe, toLocationId: cart, quantity: ml(10) }));
    entryA.push(
      await append(siteA, { kind: 'loss', lotId: lotA, locationId: cart, quantity: ml(1), witnesses: [userId], reason: 'vial dropped' }),
    );
    entryA.push(
      await append(siteA, {
        kind: 'reversal',
        lotId: lotA,
        locationId: cart,
        quantity: ml(1),
        reversesId: entryA[3],
        reason: 'found intact',
      }),
    );
    entryA.push(await append(siteA, { kind: 'expiry', lotId: lotA, locationId: safe, quantity: ml(2) }));
    // Site B: its own chain, from seq 1.
    await append(siteB, { kind: 'receipt', lotId: b.lotId, locationId: b.safe, quantity: vials(2), details: receiptDetails });
  });

  it('a clean ledger verifies: every entry of every site, each site’s head its last entry', async () => {
    const v = await verdictOf();
    expect(v.ok).toBe(true);
    expect(v.firstBroken).toBeUndefined();
    const a = v.sites.find((s) => s.siteId === siteA);
    const b = v.sites.find((s) => s.siteId === siteB);
    const last = await db()
      .selectFrom('stock_entry')
      .select('hash')
      .where('id', '=', entryA[5] as string)
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ siteId: siteA, siteName: 'Harbour Light', entries: 6, head: { seq: '6', hash: last.hash } });
    expect(b).toMatchObject({ entries: 1, head: { seq: '1' } });
    expect(v.entries).toBe(7);
  });

  it('a quantity changed behind Kairos is found: the site, seq 4, the entry, its hash', async () => {
    const id = entryA[3] as string;
    await asOwner(() => sql`UPDATE stock_entry SET quantity_ul = quantity_ul + 1 WHERE id = ${id}`.execute(db()));
    try {
      const v = await verdictOf();
      expect(v.ok).toBe(false);
      expect(v.firstBroken).toEqual({ siteId: siteA, seq: '4', entryId: id, reason: expect.stringMatching(/does not match its hash/) });
      expect(v.sites.find((s) => s.siteId === siteA)?.head?.seq).toBe('3');
      // The other site's chain still holds.
      expect(v.sites.find((s) => s.siteId === siteB)?.firstBroken).toBeUndefined();
    } finally {
      await asOwner(() => sql`UPDATE stock_entry SET quantity_ul = quantity_ul - 1 WHERE id = ${id}`.execute(db()));
    }
    expect((await verdictOf()).ok).toBe(true);
  });

  it('a deleted entry leaves a gap: the entry after it is named (seq 3 follows seq 1)', async () => {
    const id = entryA[1] as string;
    const entry = await db().selectFrom('stock_entry').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const effects = await effectsOf(id);
    await asOwner(async () => {
      await db().deleteFrom('stock_effect').where('entry_id', '=', id).execute();
      await db().deleteFrom('stock_entry').where('id', '=', id).execute();
    });
    try {
      const v = await verdictOf();
      expect(v.firstBroken).toEqual({
        siteId: siteA,
        seq: '3',
        entryId: entryA[2],
        reason: 'seq 3 follows seq 1: an entry is missing',
      });
    } finally {
      await db()
        .insertInto('stock_entry')
        .values({ ...entry, witnesses: entry.witnesses, details: JSON.stringify(entry.details) })
        .execute();
      await db().insertInto('stock_effect').values(effects).execute();
    }
    expect((await verdictOf()).ok).toBe(true);
  });

  it('a changed effect row is found: the transfer’s arrival at the crash cart, stored as 11 mL where the entry makes 10 mL', async () => {
    const id = entryA[2] as string;
    await asOwner(() =>
      sql`UPDATE stock_effect SET delta_ul = delta_ul + 1000, delta_ug = delta_ug + 50000 WHERE entry_id = ${id} AND location_id = ${cart}`.execute(
        db(),
      ),
    );
    try {
      expect((await verdictOf()).firstBroken).toEqual({
        siteId: siteA,
        seq: '3',
        entryId: id,
        reason: 'its effect on lot KET-A at Crash cart is stored as +11 mL (+550 mg); the entry makes +10 mL (+500 mg)',
      });
    } finally {
      await asOwner(() =>
        sql`UPDATE stock_effect SET delta_ul = delta_ul - 1000, delta_ug = delta_ug - 50000 WHERE entry_id = ${id} AND location_id = ${cart}`.execute(
          db(),
        ),
      );
    }
    expect((await verdictOf()).ok).toBe(true);
  });

  it('an effect row removed is found (the entry’s effect is not stored)', async () => {
    const id = entryA[5] as string;
    const effects = await effectsOf(id);
    await asOwner(() => db().deleteFrom('stock_effect').where('entry_id', '=', id).execute());
    try {
      expect((await verdictOf()).firstBroken).toMatchObject({ seq: '6', entryId: id, reason: expect.stringMatching(/is not stored/) });
    } finally {
      await db().insertInto('stock_effect').values(effects).execute();
    }
    expect((await verdictOf()).ok).toBe(true);
  });

  it('an entry forged with the key that takes the cart below zero is found by the balances', async () => {
    const head = await db()
      .selectFrom('stock_entry')
      .select(['seq', 'hash'])
      .where('site_id', '=', siteA)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const row = {
      prevHash: head.hash,
      id: randomUUID(),
      siteId: siteA,
      seq: BigInt(head.seq) + 1n,
      kind: 'loss',
      lotId: lotA,
      locationId: cart,
      toLocationId: null,
      quantity: quantityOfVolume(20_000n, 50),
      occurredAt: NOW,
      recordedAt: NOW,
      recordedBy: userId,
      witnesses: [],
      sessionId: null,
      doseOrderId: null,
      drawId: null,
      reversesId: null,
      reason: 'forged',
      details: {},
    };
    await db()
      .insertInto('stock_entry')
      .values({
        id: row.id,
        site_id: siteA,
        seq: row.seq,
        kind: 'loss',
        lot_id: lotA,
        location_id: cart,
        quantity_ug: row.quantity.ug,
        quantity_ul: row.quantity.ul,
        occurred_at: NOW,
        recorded_at: NOW,
        recorded_by: userId,
        reason: 'forged',
        prev_hash: row.prevHash,
        hash: auditMac(stockEntryPayload(row)),
      })
      .execute();
    await db()
      .insertInto('stock_effect')
      .values({ entry_id: row.id, site_id: siteA, lot_id: lotA, location_id: cart, delta_ug: -row.quantity.ug, delta_ul: -row.quantity.ul })
      .execute();
    try {
      expect((await verdictOf()).firstBroken).toEqual({
        siteId: siteA,
        seq: '7',
        entryId: row.id,
        reason: 'takes lot KET-A at Crash cart below zero: -10 mL (-500 mg) after this entry',
      });
    } finally {
      await asOwner(async () => {
        await db().deleteFrom('stock_effect').where('entry_id', '=', row.id).execute();
        await db().deleteFrom('stock_entry').where('id', '=', row.id).execute();
      });
    }
    expect((await verdictOf()).ok).toBe(true);
  });

  it('the first entry of a chain links to the genesis hash', async () => {
    const first = await db()
      .selectFrom('stock_entry')
      .select('prev_hash')
      .where('site_id', '=', siteB)
      .where(sql<boolean>`seq = 1`)
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(STOCK_GENESIS_HASH);
  });

  commandTests(h, () => ({ siteA, entry4: entryA[3] as string, asOwner }));
});

/**
 * The command and the running server's route. The command opens the configured database itself,
 * so it runs here against PostgreSQL only (an in-memory PGlite cannot be opened a second time);
 * the route answers on both engines.
 */
function commandTests(
  h: Parameters<Parameters<typeof describeEachEngine>[1]>[0],
  ctx: () => { siteA: string; entry4: string; asOwner: (change: () => Promise<unknown>) => Promise<void> },
) {
  let app: Awaited<ReturnType<typeof buildTestApp>>;
  const token = 'local-secret-for-the-test';
  beforeAll(async () => {
    app = await buildTestApp(h.database, { localAdminToken: token });
  });
  afterAll(async () => app.close());

  const run = async () => {
    const out: string[] = [];
    const saved = { ...process.env };
    Object.assign(process.env, {
      DATABASE_URL: (h.database as unknown as { url: string }).url,
      KAIROS_MODE: 'test',
      LOG_LEVEL: 'silent',
    });
    try {
      const code = await ledgerVerifyCommand.run([], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
      return { code, verdict: JSON.parse(out.join('')) as { ok: boolean; firstBroken?: { seq: string; entryId: string } } };
    } finally {
      for (const key of ['DATABASE_URL', 'KAIROS_MODE', 'LOG_LEVEL']) if (saved[key] === undefined) delete process.env[key];
      Object.assign(process.env, saved);
    }
  };
  const viaServer = () => app.inject({ method: 'GET', url: '/api/local/stock-ledger-verify', headers: { 'x-kairos-local-token': token } });

  it('the local route answers the verdict to the kairos command, and refuses without the local secret', async () => {
    const r = await viaServer();
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, entries: 7 });
    expect((await app.inject({ method: 'GET', url: '/api/local/stock-ledger-verify' })).statusCode).toBe(403);
  });

  // Declared for PostgreSQL only (not skipped on PGlite: the command cannot open an in-memory PGlite).
  if (h.engine === 'postgres')
    it('kairos ledger verify: exit 0 and the JSON verdict; exit 1 naming the entry once a row is changed', async () => {
      const clean = await run();
      expect(clean.code).toBe(0);
      expect(clean.verdict).toMatchObject({ ok: true, entries: 7 });
      const { entry4, asOwner } = ctx();
      await asOwner(() => sql`UPDATE stock_entry SET reason = 'changed' WHERE id = ${entry4}`.execute(h.database.db));
      try {
        const broken = await run();
        expect(broken.code).toBe(1);
        expect(broken.verdict).toMatchObject({ ok: false, firstBroken: { seq: '4', entryId: entry4 } });
        expect((await viaServer()).json()).toMatchObject({ ok: false, firstBroken: { seq: '4', entryId: entry4 } });
      } finally {
        await asOwner(() => sql`UPDATE stock_entry SET reason = 'vial dropped' WHERE id = ${entry4}`.execute(h.database.db));
      }
    });
}
