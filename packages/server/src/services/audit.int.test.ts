import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/engines.js';
import type { Database } from '../store/schema.js';
import { audit, verifyAuditChain } from './audit.js';
import { NO_USER } from './context.js';

const at = (minute: number): Date => new Date(Date.UTC(2026, 11, 1, 9, minute));

describeEachEngine('audit trail', (h) => {
  it('links each event to the one before, and the chain verifies', async () => {
    for (let i = 0; i < 5; i++) {
      await audit(
        h.database.db,
        { actor: { userId: null, roles: ['nurse'] }, now: at(i) },
        { action: 'patient.read', recordType: 'patient', recordId: `p${i}`, outcome: 'allowed', details: { b: 2, a: [1, { z: 1, y: 2 }] } },
      );
    }
    const verdict = await verifyAuditChain(h.database.db);
    expect(verdict).toEqual({ ok: true, events: 5 });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit events', async () => {
    await expect(sql`UPDATE audit_event SET action = 'x'`.execute(h.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_event`.execute(h.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_event`.execute(h.database.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(h.database.db)).ok).toBe(true);
  });

  it('an event appended in a transaction that rolls back leaves no trace', async () => {
    const before = await verifyAuditChain(h.database.db);
    await expect(
      h.database.db.transaction().execute(async (tx) => {
        await audit(tx, { actor: NO_USER, now: at(30) }, { action: 'patient.update', outcome: 'allowed' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAuditChain(h.database.db)).toEqual(before);
  });

  it('tampering through a superuser connection is caught, naming the first broken event', async () => {
    const rows = await h.database.db.selectFrom('audit_event').select('seq').orderBy('seq').execute();
    const victim = rows[2]?.seq as string;
    // A superuser can bypass the trigger (replica mode skips ordinary triggers): the chain still tells.
    await h.database.db.connection().execute(async (c) => {
      await sql`SET session_replication_role = replica`.execute(c);
      await sql`UPDATE audit_event SET record_id = 'someone-else' WHERE seq = ${victim}`.execute(c);
      await sql`SET session_replication_role = DEFAULT`.execute(c);
    });
    const verdict = await verifyAuditChain(h.database.db);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.seq).toBe(String(victim));
    expect(verdict.firstBroken?.reason).toMatch(/changed/);
  });
});

describeEachEngine('audit chain under concurrency', (h) => {
  it('50 parallel audited writes stay one chain', async () => {
    if (h.engine === 'postgres') {
      // Real parallelism: 50 separate connections, each its own transaction.
      const url = (h.database as unknown as { url: string }).url;
      const pool = new pg.Pool({ connectionString: url, max: 50 });
      pool.on('error', () => undefined);
      try {
        const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
        await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            db.transaction().execute(async (tx) => {
              await sql`SELECT pg_sleep(0.01)`.execute(tx);
              await audit(tx, { actor: NO_USER, now: at(i % 60) }, { action: 'test.parallel', recordId: String(i), outcome: 'allowed' });
            }),
          ),
        );
      } finally {
        await pool.end();
      }
    } else {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          audit(h.database.db, { actor: NO_USER, now: at(i % 60) }, { action: 'test.parallel', recordId: String(i), outcome: 'allowed' }),
        ),
      );
    }
    const verdict = await verifyAuditChain(h.database.db);
    expect(verdict).toEqual({ ok: true, events: 50 });
  });
});
