/**
 * The second factor (issue 19, item 1): enrolment with a QR code and ten hashed recovery codes,
 * secrets sealed at rest, sign-in and step-up asking for the code, and production refusing a staff
 * sign-in without one (it may only set one up). Each row below is an attempt to get around it.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { injectAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, testConfig, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { addUser } from '../services/accounts/add-user.js';
import { internalMeta } from '../services/context.js';
import { totpCodeAt } from '../services/second-factor/totp.js';
import { openSecret } from '../services/second-factor/secret-box.js';
import { DEVELOPMENT_MFA_KEY } from '../config.js';

const PASSWORD = 'correct horse battery staple 19';
const PROD_KEYS = {
  KAIROS_AUDIT_KEY: 'a-production-audit-key-of-forty-characters',
  KAIROS_MFA_KEY: 'a-production-mfa-key-of-forty-characters!!',
};

function cookieOf(res: LightMyRequestResponse): TestAuth {
  const cookie = res.cookies.find((c) => c.name === 'kairos_session');
  if (cookie === undefined) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
  const body = res.json<{ csrfToken: string; user: { id: string } }>();
  return { cookie: `kairos_session=${cookie.value}`, csrf: body.csrfToken, userId: body.user.id };
}

/** Enrols the signed-in user: starts, reads the secret, confirms with the current code; returns the secret and recovery codes. */
async function enrol(app: FastifyInstance, auth: TestAuth, clock: ManualClock): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await injectAs(app, auth, { method: 'POST', url: '/api/account/second-factor/enrolment' });
  expect(started.statusCode).toBe(200);
  const { secret, otpauthUri, qrSvg } = started.json<{ secret: string; otpauthUri: string; qrSvg: string }>();
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Kairos:.*secret=/);
  expect(qrSvg).toMatch(/^<svg[^>]*>/);
  const confirmed = await injectAs(app, auth, {
    method: 'POST',
    url: '/api/account/second-factor/enrolment/confirm',
    payload: { code: await totpCodeAt(secret, clock.now()) },
  });
  expect(confirmed.statusCode).toBe(200);
  return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

describeEachEngine('second factor in demo and test mode: offered, not required', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
  });
  afterAll(async () => app.close());
  const signIn = (email: string, code?: string, remoteAddress = '10.9.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password: 'kairos-demo-2026', ...(code === undefined ? {} : { code }) },
      remoteAddress,
    });
  const stepUp = (auth: TestAuth, email: string, code?: string) =>
    injectAs(app, auth, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email, password: 'kairos-demo-2026', purpose: 'dose.double-check', ...(code === undefined ? {} : { code }) },
    });

  it('without one, sign-in is as before; enrolling gives a QR code, ten recovery codes stored hashed and a sealed secret', async () => {
    const res = await signIn('therapist@demo.test');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ secondFactor: 'not-enrolled' });
    const auth = cookieOf(res);
    const { secret, recoveryCodes } = await enrol(app, auth, clock);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    const row = await h.database.db
      .selectFrom('user_second_factor')
      .selectAll()
      .where('user_id', '=', auth.userId)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret_sealed).not.toContain(secret);
    expect(openSecret(DEVELOPMENT_MFA_KEY, auth.userId, row.totp_secret_sealed)).toBe(secret);
    // Bound to its account: opened as another user's, it fails.
    expect(() => openSecret(DEVELOPMENT_MFA_KEY, '00000000-0000-4000-8000-000000000000', row.totp_secret_sealed)).toThrow();
    expect(() => openSecret('another key of at least thirty-two characters', auth.userId, row.totp_secret_sealed)).toThrow();
    const hashes = await h.database.db.selectFrom('recovery_code').select('code_hash').where('user_id', '=', auth.userId).execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      expect(code_hash).toMatch(/^\$argon2id\$/);
      for (const c of recoveryCodes) expect(code_hash).not.toContain(c.replace('-', ''));
    }
    const status = await injectAs(app, auth, { method: 'GET', url: '/api/account/second-factor' });
    expect(status.json()).toMatchObject({ enrolled: true, recoveryCodesLeft: 10, required: false, thisSignIn: 'proved' });
  });

  describe('sign-in of an enrolled user: attempts to get in without the code', () => {
    let secret: string;
    let recoveryCodes: string[];
    beforeAll(async () => {
      ({ secret, recoveryCodes } = await enrol(app, cookieOf(await signIn('prescriber2@demo.test')), clock));
    });
    // Each row starts past any lockout the rows before it earned.
    beforeEach(() => clock.advance(60 * 60_000));

    it.each([
      ['no code', undefined, 401, 'SECOND_FACTOR_REQUIRED'],
      ['an empty code', '   ', 400, 'VALIDATION_FAILED'],
      ['a wrong 6-digit code', '000000', 401, 'UNAUTHENTICATED'],
      ['a code that is not a code', 'DROP TABLE app_user;--', 401, 'UNAUTHENTICATED'],
      ['a made-up recovery code', 'abcde-fghjk', 401, 'UNAUTHENTICATED'],
    ])('%s is refused (%s %s), opens no session and is audited', async (_title, code, status, errorCode) => {
      const before = await h.database.db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      const res = await signIn('prescriber2@demo.test', code, '10.9.1.1');
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(errorCode);
      expect(res.cookies.find((c) => c.name === 'kairos_session')).toBeUndefined();
      if (status !== 400) {
        const events = await h.database.db
          .selectFrom('audit_event')
          .select(['action', 'outcome', 'details'])
          .where('seq', '>', before.seq)
          .where('action', '=', 'auth.sign-in')
          .execute();
        expect(events).toEqual([expect.objectContaining({ outcome: 'denied' })]);
      }
    });

    it('a code of ten minutes ago is refused; the current one works once, not twice (replay)', async () => {
      expect((await signIn('prescriber2@demo.test', await totpCodeAt(secret, new Date(clock.nowMs() - 600_000)))).statusCode).toBe(401);
      const code = await totpCodeAt(secret, clock.now());
      const first = await signIn('prescriber2@demo.test', code);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ secondFactor: 'proved' });
      const again = await signIn('prescriber2@demo.test', code);
      expect(again.statusCode).toBe(401);
      expect(again.json().error.message).toMatch(/already used/);
    });

    it('two sign-ins racing with one code: one gets in', async () => {
      clock.advance(60_000);
      const code = await totpCodeAt(secret, clock.now());
      const both = await Promise.all([
        signIn('prescriber2@demo.test', code, '10.9.2.1'),
        signIn('prescriber2@demo.test', code, '10.9.2.2'),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    });

    it('a recovery code works once, in any case and spacing; then it is used up', async () => {
      const code = recoveryCodes[0] as string;
      const res = await signIn('prescriber2@demo.test', ` ${code.toUpperCase()} `);
      expect(res.statusCode).toBe(200);
      expect((await signIn('prescriber2@demo.test', code)).statusCode).toBe(401);
      const status = await injectAs(app, cookieOf(res), { method: 'GET', url: '/api/account/second-factor' });
      expect(status.json().recoveryCodesLeft).toBe(9);
    });

    it('wrong codes count towards the account lockout, so codes cannot be guessed faster than passwords', async () => {
      clock.advance(60 * 60_000);
      for (let i = 0; i < 5; i++) await signIn('prescriber2@demo.test', `00000${i}`, `10.9.3.${i}`);
      const locked = await signIn('prescriber2@demo.test', await totpCodeAt(secret, clock.now()), '10.9.3.9');
      expect(locked.statusCode).toBe(401);
      expect(locked.json().error.code).toBe('UNAUTHENTICATED');
      clock.advance(60 * 60_000);
    });

    it('a step-up by an enrolled person needs their code: none, wrong and reused are refused', async () => {
      const nurse = cookieOf(await signIn('nurse@demo.test'));
      expect((await stepUp(nurse, 'prescriber2@demo.test')).json().error.code).toBe('SECOND_FACTOR_REQUIRED');
      expect((await stepUp(nurse, 'prescriber2@demo.test', '123456')).statusCode).toBe(401);
      clock.advance(60_000);
      const code = await totpCodeAt(secret, clock.now());
      const ok = await stepUp(nurse, 'prescriber2@demo.test', code);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ displayName: expect.any(String), licensed: true });
      expect((await stepUp(nurse, 'prescriber2@demo.test', code)).statusCode).toBe(401);
      // Someone without a second factor steps up with the password alone, as before (not production).
      expect((await stepUp(nurse, 'director@demo.test')).statusCode).toBe(200);
    });

    it('new recovery codes and removal need a code: a taken-over session alone cannot turn it off', async () => {
      clock.advance(60_000);
      const auth = cookieOf(await signIn('prescriber2@demo.test', await totpCodeAt(secret, clock.now())));
      const other = cookieOf(await signIn('prescriber2@demo.test', recoveryCodes[1]));
      for (const url of ['/api/account/second-factor/recovery-codes', '/api/account/second-factor/removal']) {
        const wrong = await injectAs(app, auth, { method: 'POST', url, payload: { code: '999999' } });
        expect(wrong.statusCode).toBe(400);
        expect(wrong.json().error.details.issues[0].field).toBe('code');
        expect((await injectAs(app, auth, { method: 'POST', url, payload: {} })).statusCode).toBe(400);
      }
      // A second enrolment while one is set up is refused rather than replacing it.
      expect((await injectAs(app, auth, { method: 'POST', url: '/api/account/second-factor/enrolment' })).statusCode).toBe(409);
      clock.advance(60_000);
      const fresh = await injectAs(app, auth, {
        method: 'POST',
        url: '/api/account/second-factor/recovery-codes',
        payload: { code: await totpCodeAt(secret, clock.now()) },
      });
      expect(fresh.statusCode).toBe(200);
      const newCodes = fresh.json<{ recoveryCodes: string[] }>().recoveryCodes;
      expect((await signIn('prescriber2@demo.test', recoveryCodes[2] as string)).statusCode).toBe(401);
      const removed = await injectAs(app, auth, {
        method: 'POST',
        url: '/api/account/second-factor/removal',
        payload: { code: newCodes[0] },
      });
      expect(removed.statusCode).toBe(204);
      // The other sign-in ended; this one stays; the password alone works again (not production).
      expect((await injectAs(app, other, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
      expect((await injectAs(app, auth, { method: 'GET', url: '/api/session' })).json().secondFactor).toBe('not-enrolled');
      expect((await signIn('prescriber2@demo.test')).statusCode).toBe(200);
    });
  });

  it('confirming needs the code of the new secret: a wrong one, or nothing started, is refused and nothing is enrolled', async () => {
    const auth = cookieOf(await signIn('coordinator@demo.test'));
    const nothing = await injectAs(app, auth, {
      method: 'POST',
      url: '/api/account/second-factor/enrolment/confirm',
      payload: { code: '123456' },
    });
    expect(nothing.statusCode).toBe(409);
    await injectAs(app, auth, { method: 'POST', url: '/api/account/second-factor/enrolment' });
    const wrong = await injectAs(app, auth, {
      method: 'POST',
      url: '/api/account/second-factor/enrolment/confirm',
      payload: { code: '123456' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.issues[0].field).toBe('code');
    // Unconfirmed, it counts for nothing: the password alone still signs in.
    expect((await signIn('coordinator@demo.test')).json().secondFactor).toBe('not-enrolled');
  });
});

describeEachEngine('second factor in production: required for every staff sign-in', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database, { config: testConfig({ KAIROS_MODE: 'production', ...PROD_KEYS }) }));
    const meta = internalMeta('test', clock.now());
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    for (const [email, roles] of [
      ['rn.real@clinic.test', ['nurse']],
      ['md.real@clinic.test', ['medical-director']],
    ] as const)
      await addUser(
        h.database.db,
        { email, displayName: email.split('@')[0] as string, roles: [...roles], password: PASSWORD, site: site.id },
        meta,
      );
  });
  afterAll(async () => app.close());
  const signIn = (email: string, code?: string) =>
    app.inject({ method: 'POST', url: '/api/session', payload: { email, password: PASSWORD, ...(code === undefined ? {} : { code }) } });

  it('a sign-in without a second factor may only set one up: every patient, schedule and admin route answers 403 and is audited', async () => {
    const res = await signIn('rn.real@clinic.test');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ secondFactor: 'enrolment-required' });
    const auth = cookieOf(res);
    for (const url of ['/api/patients', '/api/users', '/api/sessions', '/api/sites']) {
      const refused = await injectAs(app, auth, { method: 'GET', url });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
    }
    const stepUp = await injectAs(app, auth, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email: 'rn.real@clinic.test', password: PASSWORD, purpose: 'dose.double-check' },
    });
    expect(stepUp.statusCode).toBe(403);
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('user_id', '=', auth.userId)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(5);
    expect(denied.every((d) => (d.details as { reason?: string }).reason === 'second factor not set up')).toBe(true);
    // The session, keepalive and enrolment stay open to it.
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    expect((await injectAs(app, auth, { method: 'POST', url: '/api/session/keepalive' })).statusCode).toBe(200);
    const { secret } = await enrol(app, auth, clock);
    // Enrolled, the same sign-in now works.
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/patients' })).statusCode).toBe(200);
    // And the next sign-in needs the code.
    clock.advance(60_000);
    expect((await signIn('rn.real@clinic.test')).json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    const withCode = await signIn('rn.real@clinic.test', await totpCodeAt(secret, clock.now()));
    expect(withCode.json()).toMatchObject({ secondFactor: 'proved' });
  });

  it('a step-up by someone with no second factor is refused in production, naming why, and audited', async () => {
    clock.advance(60_000);
    const rn = await h.database.db.selectFrom('app_user').select('id').where('email', '=', 'rn.real@clinic.test').executeTakeFirstOrThrow();
    const row = await h.database.db.selectFrom('user_second_factor').selectAll().where('user_id', '=', rn.id).executeTakeFirstOrThrow();
    const secret = openSecret(PROD_KEYS.KAIROS_MFA_KEY, rn.id, row.totp_secret_sealed);
    const nurse = cookieOf(await signIn('rn.real@clinic.test', await totpCodeAt(secret, clock.now())));
    const res = await injectAs(app, nurse, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email: 'md.real@clinic.test', password: PASSWORD, purpose: 'dose.double-check' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/has not set up a second factor/);
    const md = await h.database.db.selectFrom('app_user').select('id').where('email', '=', 'md.real@clinic.test').executeTakeFirstOrThrow();
    const event = await h.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('action', '=', 'auth.step-up')
      .where('record_id', '=', md.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ outcome: 'denied', details: { reason: 'no second factor set up' } });
  });

  it('a removed second factor in production puts the sign-in back to enrolment only', async () => {
    clock.advance(60_000);
    const auth = cookieOf(await signIn('md.real@clinic.test'));
    const { recoveryCodes } = await enrol(app, auth, clock);
    clock.advance(60_000);
    const removed = await injectAs(app, auth, {
      method: 'POST',
      url: '/api/account/second-factor/removal',
      payload: { code: recoveryCodes[0] },
    });
    expect(removed.statusCode).toBe(204);
    expect((await injectAs(app, auth, { method: 'GET', url: '/api/patients' })).statusCode).toBe(403);
  });
});
