/**
 * The LISTEN connection of the live-event bus survives a lost connection: after its backend is
 * terminated it reconnects (with backoff), wakes its subscribers once, and a NOTIFY from another
 * connection wakes them again within a second. close() stops it cleanly.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScratchPostgres, describeOnPostgres } from '../../test/engines.js';
import { createLiveBus, LIVE_CHANNEL, type LiveBus } from './live-events.js';

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeOnPostgres('live-event LISTEN reconnect', (baseUrl) => {
  let scratch: { url: string; drop: () => Promise<void> };
  let other: pg.Client;
  beforeAll(async () => {
    scratch = await createScratchPostgres(baseUrl());
    other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await scratch?.drop();
  });

  const listenerPids = async (): Promise<number[]> => {
    const r = await other.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
    );
    return r.rows.map((row) => row.pid);
  };
  const notify = async (): Promise<void> => {
    await other.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, 'site']);
  };

  it('reconnects after its backend is terminated, wakes once, and hears NOTIFY again', async () => {
    const errors: unknown[] = [];
    let reconnects = 0;
    const bus: LiveBus = await createLiveBus({ postgresUrl: scratch.url, onError: (e) => errors.push(e), onReconnect: () => reconnects++ });
    try {
      let wakes = 0;
      bus.subscribe(() => wakes++);
      await notify();
      await until(() => wakes === 1, 1_000);

      const [pid] = await listenerPids();
      expect(pid).toBeDefined();
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(() => reconnects === 1, 5_000);
      expect(wakes).toBe(2); // one wake after reconnecting: events may have been missed
      expect(errors.length).toBeGreaterThan(0); // the loss was reported, not thrown
      await until(async () => (await listenerPids()).length === 1, 2_000);
      expect((await listenerPids())[0]).not.toBe(pid);

      const t0 = performance.now();
      await notify();
      await until(() => wakes === 3, 1_000);
      expect(performance.now() - t0).toBeLessThan(1_000);
    } finally {
      await bus.close();
    }
    await until(async () => (await listenerPids()).length === 0, 2_000);
  });

  it('close() while waiting to reconnect stops it: no connection is opened afterwards', async () => {
    const bus = await createLiveBus({ postgresUrl: scratch.url, onError: () => undefined });
    const [pid] = await listenerPids();
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    await bus.close();
    await new Promise((r) => setTimeout(r, 400));
    expect(await listenerPids()).toEqual([]);
  });
});
