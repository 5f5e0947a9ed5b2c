import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { SIGN_IN_REFUSED } from '../services/sign-in/check-credentials.js';

const MIN = 60_000;

describeEachEngine('sign-in, sessions and step-up', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
  });
  afterAll(async () => app.close());

  const signIn = (email: string, password: string, remoteAddress = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/session', payload: { email, password }, remoteAddress });

  it('signs in with an httpOnly, SameSite=Strict session cookie, and GET /api/session returns the user', async () => {
    const res = await signIn('nurse@demo.test', 'kairos-demo-2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'kairos_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Beside it, a hint the page may read (no secret), with the same lifetime: a signed-out load asks nothing.
    const hint = res.cookies.find((c) => c.name === 'kairos_signed_in');
    expect(hint).toMatchObject({ value: '1', sameSite: 'Strict', path: '/', maxAge: cookie?.maxAge });
    expect(hint?.httpOnly).not.toBe(true);
    expect(res.json()).toMatchObject({
      user: { email: 'nurse@demo.test', roles: ['nurse'], licensed: true },
      idleTimeoutSeconds: 900,
      sections: ['today', 'patients', 'schedule', 'inventory'],
    });
    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `kairos_session=${cookie?.value}` } });
    expect(me.json().user.email).toBe('nurse@demo.test');
  });

  it('answers the same to an unknown account and a wrong password', async () => {
    const unknown = await signIn('nobody@demo.test', 'kairos-demo-2026', '10.0.0.2');
    const wrong = await signIn('therapist@demo.test', 'not-the-password', '10.0.0.2');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(SIGN_IN_REFUSED);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('5 failures within 15 minutes lock the account for 15 minutes, with the same answer', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('coordinator@demo.test', `wrong-${i}`, `10.1.0.${i}`)).statusCode).toBe(401);
    const locked = await signIn('coordinator@demo.test', 'kairos-demo-2026', '10.1.0.9');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.message).toBe(SIGN_IN_REFUSED);
    clock.advance(14 * MIN);
    expect((await signIn('coordinator@demo.test', 'kairos-demo-2026', '10.1.0.9')).statusCode).toBe(401);
    clock.advance(1 * MIN + 1000);
    expect((await signIn('coordinator@demo.test', 'kairos-demo-2026', '10.1.0.9')).statusCode).toBe(200);
  });

  it('4 failures do not lock the account (bound: 5)', async () => {
    for (let i = 0; i < 4; i++) await signIn('prescriber2@demo.test', `wrong-${i}`, '10.2.0.1');
    expect((await signIn('prescriber2@demo.test', 'kairos-demo-2026', '10.2.0.1')).statusCode).toBe(200);
  });

  it('20 failures within 15 minutes from one address answer 429 until the window passes', async () => {
    for (let i = 0; i < 20; i++) expect((await signIn(`nobody${i}@demo.test`, 'x', '10.3.0.1')).statusCode).toBe(401);
    const throttled = await signIn('director@demo.test', 'kairos-demo-2026', '10.3.0.1');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('RATE_LIMITED');
    expect((await signIn('director@demo.test', 'kairos-demo-2026', '10.3.0.2')).statusCode).toBe(200);
    clock.advance(15 * MIN + 1000);
    expect((await signIn('director@demo.test', 'kairos-demo-2026', '10.3.0.1')).statusCode).toBe(200);
  });

  it('audits sign-in successes and failures', async () => {
    const rows = await h.database.db.selectFrom('audit_event').select(['action', 'outcome']).where('action', '=', 'auth.sign-in').execute();
    expect(rows.some((r) => r.outcome === 'allowed')).toBe(true);
    expect(rows.some((r) => r.outcome === 'denied')).toBe(true);
  });

  it('a change without the CSRF header is refused and audited', async () => {
    const auth = await signInAs(app, 'prescriber@demo.test');
    const res = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { cookie: auth.cookie },
      payload: { mrn: 'X1', givenName: 'A', familyName: 'B', birthDate: '1990-01-01' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_FAILED');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { cookie: auth.cookie, 'x-csrf-token': 'guess' },
      payload: { mrn: 'X1', givenName: 'A', familyName: 'B', birthDate: '1990-01-01' },
    });
    expect(wrong.statusCode).toBe(403);
    const denied = await h.database.db.selectFrom('audit_event').select('action').where('action', '=', 'patients.write:csrf').execute();
    expect(denied.length).toBe(2);
  });

  it('a session ends after 15 idle minutes, and activity moves the idle expiry', async () => {
    const auth = await signInAs(app, 'therapist@demo.test');
    clock.advance(14 * MIN);
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    clock.advance(14 * MIN);
    expect((await injectAs(app, auth, { method: 'POST', url: '/api/session/keepalive' })).statusCode).toBe(200);
    clock.advance(15 * MIN);
    const expired = await injectAs(app, auth, { method: 'GET', url: '/api/session' });
    expect(expired.statusCode).toBe(401);
  });

  describe('after the idle expiry: only the live feeds of the screens that lock, and only when they say so', () => {
    let idle: TestAuth;
    let siteId: string;
    let sessionId: string;
    const board = () => {
      const from = new Date(clock.nowMs() - 3_600_000).toISOString();
      const to = new Date(clock.nowMs() + 3_600_000).toISOString();
      return `/api/sessions?siteId=${siteId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    };
    const feed = { 'x-kairos-live-feed': '1' };
    beforeAll(async () => {
      idle = await signInAs(app, 'nurse@demo.test');
      siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
      sessionId = (await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').executeTakeFirstOrThrow())
        .id;
      clock.advance(16 * MIN);
    });

    it.each([
      ['the Today board', () => board()],
      ['the console', () => `/api/sessions/${sessionId}`],
    ])('%s, read as the locked screen’s feed, still answers', async (_name, url) => {
      expect((await injectAs(app, idle, { method: 'GET', url: url(), headers: feed })).statusCode).toBe(200);
    });

    it.each([
      ['the Today board', () => board()],
      ['the console', () => `/api/sessions/${sessionId}`],
    ])('%s, read as an ordinary page (no live-feed header), is refused', async (_name, url) => {
      expect((await injectAs(app, idle, { method: 'GET', url: url() })).statusCode).toBe(401);
    });

    it('every other staff route, read or act, is refused (401), even when it claims to be a live feed', async () => {
      const wrong: string[] = [];
      for (const route of app.routeTable) {
        if (route.liveFeed || ['public', 'portal', 'device', 'local-admin'].includes(route.action ?? '')) continue;
        const url = (route.site?.in === 'params' ? route.url.replace(`:${route.site.key}`, siteId) : route.url).replace(
          /:[A-Za-z]+/g,
          randomUUID(),
        );
        const res = await injectAs(app, idle, {
          method: route.method,
          url,
          headers: feed,
          ...(route.hasBody ? { payload: {} } : {}),
        });
        if (res.statusCode !== 401) wrong.push(`${route.method} ${route.url} -> ${res.statusCode}`);
      }
      expect(wrong).toEqual([]);
    });

    it('the live feeds are exactly the board, the console and their event stream', () => {
      expect(
        app.routeTable
          .filter((r) => r.liveFeed)
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual(['GET /api/events', 'GET /api/sessions', 'GET /api/sessions/:id']);
    });

    it('past the absolute expiry even the live feeds are refused', async () => {
      clock.advance(12 * 60 * MIN);
      expect((await injectAs(app, idle, { method: 'GET', url: board(), headers: feed })).statusCode).toBe(401);
    });
  });

  it('a passive read (the board’s risk tasks) does not count as activity', async () => {
    const auth = await signInAs(app, 'director@demo.test');
    const siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    clock.advance(10 * MIN);
    expect((await injectAs(app, auth, { method: 'GET', url: `/api/tasks?siteId=${siteId}` })).statusCode).toBe(200);
    clock.advance(6 * MIN);
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/patients' })).statusCode).toBe(401);
  });

  it('a session ends 12 hours after sign-in whatever the activity', async () => {
    const auth = await signInAs(app, 'therapist2@demo.test');
    for (let i = 0; i < 12 * 6 - 1; i++) {
      clock.advance(10 * MIN);
      expect((await injectAs(app, auth, { method: 'POST', url: '/api/session/keepalive' })).statusCode).toBe(200);
    }
    clock.advance(10 * MIN);
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it('sign-out ends the session', async () => {
    const auth = await signInAs(app, 'nurse2@demo.test');
    const out = await injectAs(app, auth, { method: 'DELETE', url: '/api/session' });
    expect(out.statusCode).toBe(204);
    // Both cookies are cleared.
    for (const name of ['kairos_session', 'kairos_signed_in'])
      expect(
        out.cookies.find((c) => c.name === name),
        name,
      ).toMatchObject({ value: '', path: '/' });
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it('a step-up check proves the named user’s password now, recorded with that user', async () => {
    const auth = await signInAs(app, 'nurse@demo.test');
    const bad = await injectAs(app, auth, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email: 'prescriber@demo.test', password: 'wrong-password!', purpose: 'dose.double-check' },
    });
    expect(bad.statusCode).toBe(401);
    const ok = await injectAs(app, auth, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email: 'prescriber@demo.test', password: 'kairos-demo-2026', purpose: 'dose.double-check' },
    });
    expect(ok.statusCode).toBe(200);
    const prescriber = await h.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'prescriber@demo.test')
      .executeTakeFirstOrThrow();
    expect(ok.json()).toMatchObject({ userId: prescriber.id, displayName: 'Dr. Priya Prescriber' });
    const events = await h.database.db
      .selectFrom('audit_event')
      .select(['user_id', 'outcome'])
      .where('action', '=', 'auth.step-up')
      .orderBy('seq')
      .execute();
    expect(events.at(-1)).toEqual({ user_id: prescriber.id, outcome: 'allowed' });
  });
});

describeEachEngine('demo accounts outside demo and test mode', (h) => {
  it('refuses the published demo password in production mode', async () => {
    const { testConfig } = await import('../../test/app.js');
    const { app } = await buildDemoApp(h.database, {
      config: testConfig({
        KAIROS_MODE: 'production',
        KAIROS_AUDIT_KEY: 'a-production-audit-key-of-forty-characters',
        KAIROS_MFA_KEY: 'a-production-mfa-key-of-forty-characters!!',
      }),
    });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: 'director@demo.test', password: 'kairos-demo-2026' },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});
