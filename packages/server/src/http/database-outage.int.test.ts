/**
 * While the database cannot be reached, the API answers 503 with a clear error (not a 500), and
 * it recovers by itself when the database is back. PostgreSQL is reached through a TCP relay the
 * test cuts and restores, as a restart or a network fault would.
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { createScratchPostgres, describeOnPostgres } from '../../test/engines.js';
import { openPostgres, type Database } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

/** A relay on a local port to PostgreSQL; `cut()` closes it and every connection through it. */
async function relay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    port: () => port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server?.close(() => resolve());
      }),
    restore: open,
  };
}

describeOnPostgres('the database unreachable', (baseUrl) => {
  let app: FastifyInstance;
  let database: Database;
  let link: Awaited<ReturnType<typeof relay>>;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const scratch = await createScratchPostgres(baseUrl());
    drop = scratch.drop;
    const url = new URL(scratch.url);
    link = await relay(url);
    const viaRelay = new URL(scratch.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(link.port());
    database = await openPostgres(viaRelay.toString(), { poolSize: 2 });
    await migrateToLatest(database.db);
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await drop();
  });

  it('health and the API answer 503 with a clear error while it is down, and recover by themselves', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    await link.cut();
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: 'The database cannot be reached just now; try again in a moment.', details: {} },
    });
    // A staff route that needs the database (signing in) says the same, not a 500.
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'nobody@clinic.example', password: 'x7Rq!vP2mZ4w' },
    });
    expect(signIn.statusCode).toBe(503);
    expect(signIn.json<{ error: { code: string } }>().error.code).toBe('SERVICE_UNAVAILABLE');

    await link.restore();
    const back = await app.inject({ method: 'GET', url: '/api/health' });
    expect(back.statusCode).toBe(200);
    expect(back.json<{ status: string }>().status).toBe('ok');
  });
});
