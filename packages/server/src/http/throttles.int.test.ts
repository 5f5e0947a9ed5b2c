/**
 * Throttles (issue 18, item 3) on both engines, as an attacker would try them: portal codes and
 * links guessed from one address (protocol-defaults.md: 10 failures in 15 min, then 429 for 15 min,
 * every failure audited even though its transaction rolled back), passwords sprayed through the
 * step-up check, and a client choosing its own address with X-Forwarded-For behind a proxy.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, testConfig, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

describeEachEngine('throttles', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let coordinator: TestAuth;
  let patientId: string;
  const enter = (payload: object, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/portal/session', payload, remoteAddress });
  const wrongCode = () => ({ code: randomBytes(6).toString('hex').slice(0, 8).toUpperCase() });
  const wrongLink = () => ({ token: randomBytes(24).toString('base64url') });
  const newCode = async () => {
    const r = await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${patientId}/portal-access`, payload: {} });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ code: string }>().code;
  };
  const portalDenials = async (reason: string) =>
    Number(
      (
        await h.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', 'portal.enter')
          .where('outcome', '=', 'denied')
          .where(sql`details->>'reason'`, '=', reason)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database, { config: testConfig({ KAIROS_TRUST_PROXY: '127.0.0.1' }) }));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    patientId = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0003').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app.close());

  describe('portal links and codes: 10 failures from one address, then 429 for 15 minutes', () => {
    it('ten wrong codes and links are each refused (401) and audited; the eleventh attempt, even a valid code, is 429 with Retry-After', async () => {
      const before = await portalDenials('unknown');
      for (let i = 0; i < 10; i++) {
        const r = await enter(i % 2 === 0 ? wrongCode() : wrongLink(), '10.9.0.1');
        expect(r.statusCode, `attempt ${i + 1}`).toBe(401);
      }
      // Each failure is on the record, although the transaction that refused it rolled back.
      expect(await portalDenials('unknown')).toBe(before + 10);
      const valid = await newCode();
      const blocked = await enter({ code: valid }, '10.9.0.1');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(await portalDenials('address throttled')).toBeGreaterThan(0);

      // Another address is not blocked: the same valid code opens the portal there.
      const elsewhere = await enter({ code: valid }, '10.9.0.2');
      expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    });

    it('attempts while blocked do not extend the block; after 15 minutes the address may try again', async () => {
      clock.advance(10 * 60_000);
      expect((await enter(wrongCode(), '10.9.0.1')).statusCode).toBe(429);
      clock.advance(5 * 60_000 + 1_000);
      coordinator = await signInAs(app, 'coordinator@demo.test');
      const valid = await newCode();
      const r = await enter({ code: valid }, '10.9.0.1');
      expect(r.statusCode, r.body).toBe(200);
    });

    it('a used code counts as a failure like an unknown one', async () => {
      const code = await newCode();
      expect((await enter({ code }, '10.9.0.3')).statusCode).toBe(200);
      for (let i = 0; i < 9; i++) expect((await enter({ code }, '10.9.0.3')).statusCode).toBe(401);
      expect((await enter(wrongCode(), '10.9.0.3')).statusCode).toBe(401);
      expect((await enter(wrongCode(), '10.9.0.3')).statusCode).toBe(429);
    });

    it('a burst of concurrent guesses is still stopped: the attempts after the burst are 429', async () => {
      const burst = await Promise.all(Array.from({ length: 15 }, () => enter(wrongCode(), '10.9.0.4')));
      expect(burst.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
      expect((await enter(wrongCode(), '10.9.0.4')).statusCode).toBe(429);
    });
  });

  describe('step-up: a password check like sign-in', () => {
    const stepUp = (auth: TestAuth, email: string, password: string, remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/api/step-up',
        payload: { email, password, purpose: 'double-check' },
        remoteAddress,
        headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf },
      });

    it('failed step-ups lock the account they name (its next sign-in is refused)', async () => {
      const nurse = await signInAs(app, 'nurse@demo.test', DEMO_PASSWORD, '10.8.0.1');
      for (let i = 0; i < 5; i++) expect((await stepUp(nurse, 'therapist2@demo.test', `wrong-${i}`, '10.8.0.1')).statusCode).toBe(401);
      await expect(signInAs(app, 'therapist2@demo.test', DEMO_PASSWORD, '10.8.0.2')).rejects.toThrow(/401/);
    });

    it('spraying passwords over many accounts from one address is throttled (429) like sign-in', async () => {
      const nurse = await signInAs(app, 'nurse@demo.test', DEMO_PASSWORD, '10.8.0.9');
      const answers: number[] = [];
      for (let i = 0; i < 22; i++) answers.push((await stepUp(nurse, `someone-${i}@clinic.example`, 'Winter2026!', '10.8.0.9')).statusCode);
      expect(answers.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(answers.slice(20)).toEqual([429, 429]);
    });
  });

  describe('behind a trusted proxy (KAIROS_TRUST_PROXY=127.0.0.1), X-Forwarded-For cannot choose the client address', () => {
    const signInVia = (spoofed: string): Promise<LightMyRequestResponse> =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: `nobody-${spoofed}@clinic.example`, password: 'not the password' },
        // The proxy (127.0.0.1) appends the address it saw (10.7.0.1) to whatever the client sent.
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `${spoofed}, 10.7.0.1` },
      });

    it('a fresh forged address per request still counts against the real one', async () => {
      const answers: number[] = [];
      for (let i = 0; i < 21; i++) answers.push((await signInVia(`203.0.113.${i}`)).statusCode);
      expect(answers.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(answers[20]).toBe(429);
      const recorded = await h.database.db
        .selectFrom('signin_attempt')
        .select('client_address')
        .where('email_key', 'like', 'nobody-203.0.113.%')
        .execute();
      expect(new Set(recorded.map((r) => r.client_address))).toEqual(new Set(['10.7.0.1']));
    });
  });
});
