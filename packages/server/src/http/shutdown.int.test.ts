import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { openSnapshotPglite } from '../../test/engines.js';

it('closing the server finishes the request in flight, then refuses new connections', async () => {
  const database = await openSnapshotPglite();
  const app = await buildTestApp(database);
  app.get('/api/test-slow', { config: { action: 'public' } }, async () => {
    await new Promise((r) => setTimeout(r, 400));
    return { finished: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const inFlight = fetch(`${url}/api/test-slow`);
  await new Promise((r) => setTimeout(r, 100));
  const closed = app.close();
  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ finished: true });
  await closed;
  await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  await database.close();
});
