/**
 * Fair admission over HTTP (store/admission.ts): while every database connection is busy, a
 * request is answered 503 with Retry-After within about a second instead of waiting without end,
 * and the service answers again as soon as a connection is free.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

describeEachEngine('a database with every connection busy', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(h.database);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('a request is answered 503 with Retry-After, and answered normally once a connection is free', async () => {
    // Every connection of the pool (one on the embedded database, ten on PostgreSQL) held in a
    // transaction, as long work would hold them.
    const connections = h.engine === 'pglite' ? 1 : 10;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let holding = 0;
    const holders = Array.from({ length: connections }, () =>
      h.database.db.transaction().execute(async () => {
        holding++;
        await gate;
      }),
    );
    try {
      while (holding < connections) await new Promise((r) => setTimeout(r, 5));
      const busy = await app.inject({ method: 'GET', url: '/api/health' });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', details: { reason: 'database-busy' } } });
    } finally {
      release();
      await Promise.all(holders);
    }
    const after = await app.inject({ method: 'GET', url: '/api/health' });
    expect(after.statusCode).toBe(200);
  });
});
