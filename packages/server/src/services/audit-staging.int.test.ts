/**
 * Audit events staged without the chain's lock (issue 21: the hot path of monitors' readings), on
 * both engines: staged in the change's transaction, sealed into the chain in staging order, once,
 * and the attempts to break it: a staged row changed, the table emptied, a row forged without the
 * key, a staging rolled back, two sealers at once, a verification (which writes nothing) or an
 * anchor taken before the seal ran.
 */
import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/engines.js';
import { DEVICE } from './context.js';
import { auditRecord, sealPendingAudit, stageAuditRecords, verifyAuditChain, type AuditInput } from './audit.js';
import { takeAuditAnchor } from './audit-anchor.js';

describeEachEngine('audit events staged without the chain lock', (h) => {
  const db = () => h.database.db;
  let n = 0;
  const event = (stored: number): AuditInput =>
    auditRecord(
      { actor: DEVICE, now: new Date(Date.UTC(2026, 11, 5, 9, 0, (n += 1))), requestId: `staged-${n}`, clientAddress: '10.0.0.9' },
      {
        action: 'session.vitals',
        recordType: 'dosing_session',
        recordId: `s-${n}`,
        outcome: 'allowed',
        details: { stored, device: { name: 'Chair 1' } },
      },
    );
  const pending = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_pending`.execute(db())).rows[0]?.n);
  const chained = (ids: string[]) =>
    db()
      .selectFrom('audit_event')
      .select(['request_id', 'action', 'outcome', 'details'])
      .where('request_id', 'in', ids)
      .orderBy('seq')
      .execute();

  beforeEach(async () => {
    await sealPendingAudit(db());
  });

  it('staged in the transaction of the change, not in the chain until sealed; sealed in staging order, once', async () => {
    const events = [event(1), event(2), event(3)];
    await db()
      .transaction()
      .execute(async (tx) => {
        await stageAuditRecords(tx, events.slice(0, 2));
        await stageAuditRecords(tx, events.slice(2));
      });
    const ids = events.map((e) => e.requestId as string);
    expect(await chained(ids)).toEqual([]);
    expect(await pending()).toBe(3);
    expect(await sealPendingAudit(db())).toBe(3);
    const rows = await chained(ids);
    expect(rows.map((r) => r.request_id)).toEqual(ids);
    expect(rows.map((r) => (r.details as { stored: number }).stored)).toEqual([1, 2, 3]);
    expect(await pending()).toBe(0);
    expect(await sealPendingAudit(db())).toBe(0);
    expect(await chained(ids)).toHaveLength(3);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a staging rolled back with its change leaves nothing to seal', async () => {
    const e = event(1);
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          await stageAuditRecords(tx, [e]);
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    expect(await pending()).toBe(0);
    expect(await chained([e.requestId as string])).toEqual([]);
  });

  it('a verification before the seal counts the staged events and writes nothing; an anchor seals first', async () => {
    const a = event(1);
    await stageAuditRecords(db(), [a]);
    const verdict = await verifyAuditChain(db());
    expect(verdict).toMatchObject({ ok: true, staged: 1 });
    expect(await chained([a.requestId as string])).toEqual([]);
    expect(await pending()).toBe(1);
    const anchor = await takeAuditAnchor(db(), new Date());
    const head = await db()
      .selectFrom('audit_event')
      .select(['seq', 'request_id'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(head.request_id).toBe(a.requestId);
    expect(anchor?.seq).toBe(String(head.seq));
    expect((await verifyAuditChain(db())).staged).toBeUndefined();
  });

  it('two sealers at once chain each staged event once', async () => {
    const events = Array.from({ length: 40 }, (_, i) => event(i));
    await stageAuditRecords(db(), events);
    const counts = await Promise.all([sealPendingAudit(db()), sealPendingAudit(db()), sealPendingAudit(db())]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(40);
    expect(await chained(events.map((e) => e.requestId as string))).toHaveLength(40);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  const attempts: [name: string, attack: string][] = [
    ['a staged event changed', `UPDATE audit_pending SET details = '{"stored": 0}'`],
    ['the staging table emptied', 'TRUNCATE audit_pending'],
  ];
  it.each(attempts)('refused by the database: %s', async (_name, attack) => {
    const e = event(5);
    await stageAuditRecords(db(), [e]);
    await expect(sql.raw(attack).execute(db())).rejects.toThrow(/insert-only until sealed/);
    await sealPendingAudit(db());
    const [row] = await chained([e.requestId as string]);
    expect(row?.details).toEqual({ stored: 5, device: { name: 'Chair 1' } });
  });

  it('a row written into the staging table without the key is not chained as itself: its refusal is', async () => {
    const e = event(7);
    await sql`
      INSERT INTO audit_pending (at, user_id, user_roles, action, outcome, request_id, details, mac)
      VALUES (${e.at.toISOString()}::timestamptz, NULL, '{device}', 'session.vitals', 'allowed', ${e.requestId}, '{"stored": 99}'::jsonb, ${'0'.repeat(64)})
    `.execute(db());
    await sealPendingAudit(db());
    expect(await chained([e.requestId as string])).toEqual([]);
    const refused = await db()
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('action', '=', 'audit.staged-refused')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(refused.outcome).toBe('failed');
    expect(refused.details).toMatchObject({ staged: { requestId: e.requestId, details: { stored: 99 } } });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
});
