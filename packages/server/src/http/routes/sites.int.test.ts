import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('sites', (h) => {
  let app: FastifyInstance;
  let admin: TestAuth;
  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    admin = await signInAs(app, 'admin@demo.test');
  });
  afterAll(async () => app.close());

  it('creates a site with its calendar; closed dates come back as dates, sorted and without repeats', async () => {
    const created = await injectAs(app, admin, {
      method: 'POST',
      url: '/api/sites',
      payload: { name: 'Riverside', timeZone: 'America/Chicago' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const r = await injectAs(app, admin, {
      method: 'PATCH',
      url: `/api/sites/${id}`,
      payload: { closedDates: ['2026-12-25', '2026-12-24', '2026-12-25'], workingDays: ['mon', 'wed', 'fri'] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      name: 'Riverside',
      timeZone: 'America/Chicago',
      workingDays: ['mon', 'wed', 'fri'],
      closedDates: ['2026-12-24', '2026-12-25'],
      rooms: [],
    });
  });

  it('refuses an unknown time zone and an impossible date, naming the field', async () => {
    const zone = await injectAs(app, admin, { method: 'POST', url: '/api/sites', payload: { name: 'X', timeZone: 'Mars/Olympus' } });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.details.issues[0].field).toBe('body.timeZone');
    const site = (await injectAs(app, admin, { method: 'GET', url: '/api/sites' })).json<{ items: { id: string }[] }>().items[0]?.id;
    const date = await injectAs(app, admin, { method: 'PATCH', url: `/api/sites/${site}`, payload: { closedDates: ['2026-02-30'] } });
    expect(date.statusCode).toBe(400);
  });

  it('adds rooms and chairs; a duplicate name is a 409', async () => {
    const site = (await injectAs(app, admin, { method: 'POST', url: '/api/sites', payload: { name: 'Hilltop', timeZone: 'UTC' } })).json<{
      id: string;
    }>().id;
    const withRoom = await injectAs(app, admin, { method: 'POST', url: `/api/sites/${site}/rooms`, payload: { name: 'Suite 1' } });
    expect(withRoom.statusCode).toBe(201);
    const roomId = withRoom.json<{ rooms: { id: string }[] }>().rooms[0]?.id;
    expect((await injectAs(app, admin, { method: 'POST', url: `/api/sites/${site}/rooms`, payload: { name: 'Suite 1' } })).statusCode).toBe(
      409,
    );
    const withChair = await injectAs(app, admin, { method: 'POST', url: `/api/rooms/${roomId}/chairs`, payload: { name: 'Recliner A' } });
    expect(withChair.json()).toMatchObject({ rooms: [{ name: 'Suite 1', chairs: [{ name: 'Recliner A', active: true }] }] });
  });

  it('only an admin manages sites', async () => {
    const coordinator = await signInAs(app, 'coordinator@demo.test');
    expect(
      (await injectAs(app, coordinator, { method: 'POST', url: '/api/sites', payload: { name: 'Nope', timeZone: 'UTC' } })).statusCode,
    ).toBe(403);
  });
});
