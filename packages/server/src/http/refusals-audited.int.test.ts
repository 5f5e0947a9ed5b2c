/**
 * Every refusal of an authenticated request is on the record (issue 19, item 3), on both engines:
 * a use case that refuses inside its transaction (a 409 on a state rule, a device posting to a
 * session that takes no readings) leaves one `request.refused` event after the rollback, naming
 * the route, the status, the code and, for a device, its token; a refusal a use case already
 * recorded is not recorded twice; a 400 is not a refusal. Requests refused before anyone is
 * authenticated (a flood of bad device tokens) take two events a minute, not one each.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

describeEachEngine('refusals are audited', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let director: TestAuth;
  let deviceToken: string;

  const eventsOf = (r: LightMyRequestResponse) =>
    h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'details', 'user_roles'])
      .where('request_id', '=', String(r.headers['x-request-id']))
      .where('outcome', '=', 'denied')
      .execute();

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    director = await signInAs(app, 'director@demo.test');
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const admin = await signInAs(app, 'admin@demo.test');
    deviceToken = (
      await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId: site.id, name: 'Chair 4 monitor' } })
    ).json<{ token: string }>().token;
  });
  afterAll(async () => app.close());

  it('a step the session’s state refuses (409 inside the transaction): one request.refused event', async () => {
    const scheduled = await h.database.db
      .selectFrom('dosing_session')
      .select('id')
      .where('state', '=', 'scheduled')
      .executeTakeFirstOrThrow();
    const r = await injectAs(app, director, { method: 'POST', url: `/api/sessions/${scheduled.id}/steps`, payload: { step: 'resume' } });
    expect(r.statusCode).toBe(409);
    expect(await eventsOf(r)).toEqual([
      {
        action: 'request.refused',
        outcome: 'denied',
        user_roles: ['medical-director'],
        details: expect.objectContaining({
          route: '/api/sessions/:id/steps',
          method: 'POST',
          status: 409,
          code: 'INVALID_TRANSITION',
        }) as unknown,
      },
    ]);
  });

  it('a device posting to a session that takes no readings: recorded with the token that posted', async () => {
    const scheduled = await h.database.db
      .selectFrom('dosing_session')
      .select('id')
      .where('state', '=', 'scheduled')
      .executeTakeFirstOrThrow();
    const r = await app.inject({
      method: 'POST',
      url: `/api/device/sessions/${scheduled.id}/vitals`,
      headers: { authorization: `Bearer ${deviceToken}` },
      payload: { readings: [{ clientId: 'refused-1', measuredAt: new Date().toISOString(), systolic: 120, diastolic: 80 }] },
    });
    expect(r.statusCode).toBe(409);
    const events = await eventsOf(r);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'request.refused',
      user_roles: ['device'],
      details: { status: 409, device: { name: 'Chair 4 monitor', token: expect.stringMatching(/^[0-9a-f]{16}$/) as string } },
    });
  });

  it('a refusal the use case recorded itself (outside the care team) is on the record once', async () => {
    const outsider = await signInAs(app, 'therapist2@demo.test');
    const patient = await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
    const r = await injectAs(app, outsider, { method: 'GET', url: `/api/patients/${patient.id}` });
    expect(r.statusCode).toBe(403);
    const events = await eventsOf(r);
    expect(events).toHaveLength(1);
    expect(events[0]?.action).not.toBe('request.refused');
  });

  it('a 400 (bad input) is not a refusal; an unauthenticated 401 is counted, not a request.refused', async () => {
    const bad = await injectAs(app, director, { method: 'POST', url: '/api/patients', payload: { givenName: 12 } });
    expect(bad.statusCode).toBe(400);
    expect(await eventsOf(bad)).toEqual([]);
    const anonymous = await app.inject({ method: 'GET', url: '/api/patients' });
    expect(anonymous.statusCode).toBe(401);
    expect((await eventsOf(anonymous)).map((e) => e.action).filter((a) => a === 'request.refused')).toEqual([]);
  });

  it('anonymous staff requests: the first of the minute in full, the rest counted', async () => {
    clock.advance(60_000);
    const count = async () =>
      (await h.database.db.selectFrom('audit_event').select('action').where('action', 'like', 'auth.unauthenticated%').execute()).length;
    const before = await count();
    for (let i = 0; i < 20; i++) expect((await app.inject({ method: 'GET', url: '/api/patients' })).statusCode).toBe(401);
    expect(await count()).toBe(before + 1);
    clock.advance(60_000);
    await app.inject({ method: 'GET', url: '/api/patients' });
    const last = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', '=', 'auth.unauthenticated:repeated')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last.details).toMatchObject({ reason: 'no sign-in', more: 19 });
  });

  it('a flood of bad device tokens: the first of the minute in full, the rest counted in one event when the minute is over', async () => {
    const deviceEvents = () =>
      h.database.db
        .selectFrom('audit_event')
        .select(['action', 'details', 'client_address'])
        .where('action', 'in', ['device', 'device:repeated'])
        .orderBy('seq')
        .execute();
    const before = (await deviceEvents()).length;
    clock.advance(60_000);
    const post = (i: number) =>
      app.inject({
        method: 'POST',
        url: `/api/device/sessions/${crypto.randomUUID()}/vitals`,
        headers: { authorization: `Bearer guessed-token-${i}` },
        payload: { readings: [] },
        remoteAddress: `10.7.0.${i % 3}`,
      });
    for (let i = 0; i < 30; i++) expect((await post(i)).statusCode).toBe(401);
    const during = (await deviceEvents()).slice(before);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ action: 'device', client_address: '10.7.0.0', details: { reason: 'unknown or revoked token' } });
    clock.advance(60_000);
    expect((await post(30)).statusCode).toBe(401);
    const after = (await deviceEvents()).slice(before);
    expect(after.map((e) => e.action)).toEqual(['device', 'device:repeated', 'device']);
    expect(after[1]?.details).toMatchObject({ reason: 'unknown or revoked token', more: 29, addresses: 3 });
  });
});
