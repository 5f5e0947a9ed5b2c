/**
 * The embedded database on its own thread (pglite-thread.ts, pglite-worker.mjs), on a real data
 * dir: what pg and Kysely rely on (errors with their codes, a connection usable after an error,
 * transactions, statements in the order sent), the event loop free while a statement runs, and a
 * thread that stops failing every call as a lost connection (a 503), never hanging one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from '../errors.js';
import { openEmbedded, PGDATA, type Database } from './database.js';
import { EmbeddedThreadStoppedError, startPgliteThread } from './pglite-thread.js';

// One data dir for the file: creating a database takes seconds, opening one about one.
let dataDir = '';
let database: Database;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kairos-thread-'));
  database = await openEmbedded(dataDir, 'thread test');
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('statements over the thread', () => {
  it('a failing statement rejects with PostgreSQL code and constraint, and the next statement works', async () => {
    const { db } = database;
    await sql`CREATE TABLE t1 (id int PRIMARY KEY, v text)`.execute(db);
    const failed = await sql`INSERT INTO t1 VALUES (1, 'a'), (1, 'b')`.execute(db).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: '23505', constraint: 't1_pkey' });
    // A parameterised statement (Parse, Bind, Describe, Execute, Sync) after the error.
    const r = await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(db);
    expect(r.rows).toEqual([{ n: 42 }]);
  });

  it('a transaction that fails leaves nothing; one that commits keeps everything', async () => {
    const { db } = database;
    await sql`CREATE TABLE t2 (id int PRIMARY KEY)`.execute(db);
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`INSERT INTO t2 VALUES (${1})`.execute(tx);
        await sql`INSERT INTO t2 VALUES (${1})`.execute(tx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await db.transaction().execute(async (tx) => {
      await sql`INSERT INTO t2 VALUES (${2})`.execute(tx);
      await sql`INSERT INTO t2 VALUES (${3})`.execute(tx);
    });
    const r = await sql<{ id: number }>`SELECT id FROM t2 ORDER BY id`.execute(db);
    expect(r.rows.map((x) => x.id)).toEqual([2, 3]);
  });

  it('statements sent together are answered in the order sent, each with its own rows', async () => {
    const { db } = database;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => sql<{ i: number }>`SELECT ${i}::int AS i`.execute(db)));
    expect(answers.map((a) => a.rows[0]?.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('the event loop keeps turning while a long statement runs', async () => {
    const { db } = database;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await sql`SELECT pg_sleep(0.5)`.execute(db);
    } finally {
      clearInterval(timer);
    }
    // In the server's own thread a 0.5 s statement would have let no timer run at all.
    expect(ticks).toBeGreaterThanOrEqual(10);
  });
});

describe('a thread that cannot open or stops', () => {
  it('a data dir that is not a database: the start fails with PostgreSQL message, and every call after it too', async () => {
    const bad = join(dataDir, 'not-a-database');
    mkdirSync(bad);
    writeFileSync(join(bad, 'PG_VERSION'), 'not a version\n');
    const thread = startPgliteThread({ pgdata: bad, initDir: join(dataDir, 'unused'), extraStartParams: [] });
    await expect(thread.waitReady).rejects.toThrow();
    // The thread ended after saying so: a call now is a lost connection, answered at once.
    await new Promise((r) => setTimeout(r, 200));
    const call = await thread.execProtocolStream(new Uint8Array([0x53, 0, 0, 0, 4])).catch((e: unknown) => e);
    expect(call).toBeInstanceOf(EmbeddedThreadStoppedError);
    expect(isDatabaseUnreachable(call as EmbeddedThreadStoppedError)).toBe(true);
    await thread.close();
  });

  it('after close, a statement fails as a lost connection instead of waiting', async () => {
    // The thread of the file's database, closed through the database.
    await database.close();
    const thread = startPgliteThread({ pgdata: join(dataDir, PGDATA), initDir: join(dataDir, 'unused'), extraStartParams: [] });
    await thread.waitReady;
    await thread.close();
    expect(thread.closed).toBe(true);
    await expect(thread.execProtocolStream(new Uint8Array([0x53, 0, 0, 0, 4]))).rejects.toBeInstanceOf(EmbeddedThreadStoppedError);
  });
});
