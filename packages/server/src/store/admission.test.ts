/**
 * Fair admission (admission.ts), the table of attempts to break it: a full pool, a reading behind
 * ordinary requests, a wait past the limit, background work that must not be refused, a client
 * released twice, a connection that fails, and many callers at once.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { admittedPool, runAdmitted } from './admission.js';

/** A pool that counts its clients out and can be told to fail. */
function fakePool() {
  const state = { out: 0, most: 0, fail: false };
  const pool: PostgresPool = {
    connect: () => {
      if (state.fail) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      state.out++;
      state.most = Math.max(state.most, state.out);
      const client = {
        query: () => Promise.resolve({ rows: [] }),
        release: () => void state.out--,
      };
      return Promise.resolve(client as unknown as PostgresPoolClient);
    },
    end: () => Promise.resolve(),
  };
  return { pool, state };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('fair admission', () => {
  it('a free place is given at once', async () => {
    const { pool, state } = fakePool();
    const admitted = admittedPool(pool, { capacity: 2 });
    const a = await admitted.connect();
    const b = await admitted.connect();
    expect(state.out).toBe(2);
    a.release();
    b.release();
    expect(state.out).toBe(0);
  });

  it('a reading asking after ordinary requests gets the next place before them', async () => {
    const { pool } = fakePool();
    const admitted = admittedPool(pool, { capacity: 1, maxWaitMs: 10_000 });
    const holder = await admitted.connect();
    const order: string[] = [];
    const ask = (name: string, priority: 'first' | 'normal') =>
      runAdmitted(priority, () => admitted.connect()).then((c) => {
        order.push(name);
        c.release();
      });
    const asked = [ask('board', 'normal'), ask('report', 'normal'), ask('reading', 'first'), ask('stream', 'first')];
    await tick();
    expect(admitted.waiting()).toBe(4);
    holder.release();
    await Promise.all(asked);
    expect(order).toEqual(['reading', 'stream', 'board', 'report']);
  });

  it('a request waiting past the limit is refused as busy, with when to try again, and loses its place', async () => {
    const { pool } = fakePool();
    const admitted = admittedPool(pool, { capacity: 1, maxWaitMs: 30 });
    const holder = await admitted.connect();
    const refused = await runAdmitted('normal', () => admitted.connect()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'database-busy', retryAfterSeconds: 1 } });
    expect(admitted.waiting()).toBe(0);
    // The place freed goes to whoever asks next, not to the refused request.
    holder.release();
    const next = await runAdmitted('normal', () => admitted.connect());
    next.release();
  });

  it('a reading waiting past the limit is refused too: nothing waits more than the limit', async () => {
    const { pool } = fakePool();
    const admitted = admittedPool(pool, { capacity: 1, maxWaitMs: 30 });
    const holder = await admitted.connect();
    await expect(runAdmitted('first', () => admitted.connect())).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    holder.release();
  });

  it('work outside a request (timers, the audit seal) waits as long as it must, after readings', async () => {
    const { pool } = fakePool();
    const admitted = admittedPool(pool, { capacity: 1, maxWaitMs: 20 });
    const holder = await admitted.connect();
    const order: string[] = [];
    const background = admitted.connect().then((c) => {
      order.push('seal');
      c.release();
    });
    // Three times the limit later, the background work still waits (a request would have been refused).
    await new Promise((r) => setTimeout(r, 60));
    expect(admitted.waiting()).toBe(1);
    const reading = runAdmitted('first', () => admitted.connect()).then((c) => {
      order.push('reading');
      c.release();
    });
    await tick();
    holder.release();
    await Promise.all([background, reading]);
    expect(order).toEqual(['reading', 'seal']);
  });

  it('a client released twice gives its place back once', async () => {
    const { pool, state } = fakePool();
    const admitted = admittedPool(pool, { capacity: 1, maxWaitMs: 10_000 });
    const a = await admitted.connect();
    a.release();
    a.release();
    const b = await admitted.connect();
    const c = runAdmitted('normal', () => admitted.connect());
    await tick();
    expect(state.out).toBe(1);
    expect(admitted.waiting()).toBe(1);
    b.release();
    (await c).release();
  });

  it('a connection that cannot be made gives its place back and fails with the pool error', async () => {
    const { pool, state } = fakePool();
    const admitted = admittedPool(pool, { capacity: 1 });
    state.fail = true;
    await expect(admitted.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    state.fail = false;
    const a = await admitted.connect();
    a.release();
  });

  it('many callers at once never hold more than the capacity', async () => {
    const { pool, state } = fakePool();
    const admitted = admittedPool(pool, { capacity: 3, maxWaitMs: 10_000 });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runAdmitted(i % 3 === 0 ? 'first' : 'normal', async () => {
          const c = await admitted.connect();
          await tick();
          c.release();
        }),
      ),
    );
    expect(state.most).toBe(3);
    expect(state.out).toBe(0);
  });
});
