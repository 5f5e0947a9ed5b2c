import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ACCOUNT_PURPOSES, type StaffAccount, type StaffAccountAct } from '@kairos/api';
import { DEMO_PASSWORD, injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addSite, addStaff } from '../../../test/staff.js';

/** A password the policy accepts (12+ characters, not common, hard to guess). */
const GOOD_PASSWORD = 'violet-harbor-tundra-42';
const NEW_PASSWORD = 'copper-meadow-lantern-77';

describeEachEngine('staff accounts (administrators’ Users page)', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let admin: TestAuth;
  let siteId: string;
  let otherSiteId: string;

  const stepUp = async (as: TestAuth, act: StaffAccountAct, email = 'admin@demo.test', password = DEMO_PASSWORD): Promise<string> => {
    const r = await injectAs(app, as, {
      method: 'POST',
      url: '/api/step-up',
      payload: { email, password, purpose: STAFF_ACCOUNT_PURPOSES[act] },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ stepUpToken: string }>().stepUpToken;
  };
  const accounts = async (as = admin) => {
    const r = await injectAs(app, as, { method: 'GET', url: '/api/staff-accounts' });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: StaffAccount[] }>().items;
  };
  const accountOf = async (email: string) => (await accounts()).find((a) => a.email === email);
  const create = async (payload: Record<string, unknown>, as = admin) =>
    injectAs(app, as, {
      method: 'POST',
      url: '/api/staff-accounts',
      payload: { siteId, password: GOOD_PASSWORD, roles: ['nurse'], stepUpToken: await stepUp(as, 'create'), ...payload },
    });
  const act = async (as: TestAuth, id: string, what: StaffAccountAct, body: Record<string, unknown> = {}, token?: string) => {
    const paths: Record<Exclude<StaffAccountAct, 'create'>, [string, string]> = {
      roles: ['PUT', 'roles'],
      site: ['PUT', 'site'],
      password: ['POST', 'password'],
      secondFactor: ['POST', 'second-factor/reset'],
      deactivate: ['POST', 'deactivate'],
      reactivate: ['POST', 'reactivate'],
    };
    const [method, path] = paths[what as Exclude<StaffAccountAct, 'create'>];
    return injectAs(app, as, {
      method,
      url: `/api/staff-accounts/${id}/${path}`,
      payload: { stepUpToken: token ?? (await stepUp(as, what)), ...body },
    });
  };
  const auditOf = async (action: string, recordId?: string) =>
    h.database.db
      .selectFrom('audit_event')
      .select(['user_id', 'outcome', 'record_id', 'details'])
      .where('action', '=', action)
      .$if(recordId !== undefined, (q) => q.where('record_id', '=', recordId as string))
      .orderBy('seq')
      .execute();
  const fieldOf = (r: LightMyRequestResponse) =>
    r.json<{ error: { details: { issues: { field: string }[] } } }>().error.details.issues[0]?.field;
  const signInStatus = async (email: string, password: string) =>
    (await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } })).statusCode;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    admin = await signInAs(app, 'admin@demo.test');
    siteId = (await injectAs(app, admin, { method: 'GET', url: '/api/sites' })).json<{ items: { id: string }[] }>().items[0]!.id;
    otherSiteId = await addSite(app, 'Northside Clinic');
  });
  afterAll(async () => app.close());

  it('lists the accounts with roles, site, status, second factor and last sign-in', async () => {
    const list = await accounts();
    const me = list.find((a) => a.email === 'admin@demo.test');
    expect(me).toMatchObject({
      displayName: 'Alex Admin',
      roles: ['admin'],
      siteId,
      siteName: 'Kairos Demo Clinic (synthetic)',
      active: true,
      secondFactorEnrolled: false,
      synthetic: true,
    });
    expect(me?.lastSignInAt).not.toBeNull();
    expect(list.find((a) => a.email === 'therapist3@demo.test')?.lastSignInAt).toBeNull();
    expect(list.map((a) => a.displayName)).toEqual([...list.map((a) => a.displayName)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Never a password or its hash.
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/i);
  });

  it('creates a nurse who signs in with the first password; the audit has the after state and no password', async () => {
    const r = await create({ email: 'New.Nurse@Example.org', displayName: 'Nia New, RN' });
    expect(r.statusCode, r.body).toBe(201);
    const created = r.json<StaffAccount>();
    expect(created).toMatchObject({ email: 'new.nurse@example.org', displayName: 'Nia New, RN', roles: ['nurse'], siteId, active: true });
    expect(await signInStatus('new.nurse@example.org', GOOD_PASSWORD)).toBe(200);
    const [event] = await auditOf('staff-account.create', created.id);
    expect(event).toMatchObject({
      user_id: admin.userId,
      outcome: 'allowed',
      details: { before: null, after: { email: 'new.nurse@example.org', roles: ['nurse'], siteId, active: true } },
    });
    expect(JSON.stringify(event)).not.toContain(GOOD_PASSWORD);
  });

  describe('bad input is a 400 naming the field; a duplicate email a 409', () => {
    it.each([
      ['an unknown role', { roles: ['nurse', 'superuser'] }, 'body.roles.1'],
      ['no role', { roles: [] }, 'body.roles'],
      ['a patient is not a staff role', { roles: ['patient'] }, 'body.roles.0'],
      ['an address without @', { email: 'nurse.example.org' }, 'body.email'],
      ['a formula for a name', { displayName: '=HYPERLINK("http://evil.test","click")' }, 'body.displayName'],
      ['a name starting with +', { displayName: '+1 555 0100' }, 'body.displayName'],
      ['a name starting with @', { displayName: '@SUM(A1:A9)' }, 'body.displayName'],
      ['a name starting with -', { displayName: '-2+3' }, 'body.displayName'],
      ['a name with a line break', { displayName: 'Nia\nNew' }, 'body.displayName'],
      ['an empty name', { displayName: '   ' }, 'body.displayName'],
      ['a common password', { password: 'password1234' }, 'body.password'],
      ['a short password', { password: 'short' }, 'body.password'],
      ['an unknown site', { siteId: '00000000-0000-4000-8000-000000000000' }, 'body.siteId'],
      ['an unknown field', { isAdmin: true }, 'body'],
    ])('%s', async (_what, change, field) => {
      const r = await create({ email: `bad-${Math.random().toString(36).slice(2)}@example.org`, displayName: 'Bad Input', ...change });
      expect(r.statusCode, r.body).toBe(400);
      expect(fieldOf(r) ?? r.json<{ error: { message: string } }>().error.message).toContain(field);
    });

    it('a duplicate email, in any case, is a 409 naming the email', async () => {
      const r = await create({ email: 'NURSE@demo.test', displayName: 'Another Nora' });
      expect(r.statusCode).toBe(409);
      expect(fieldOf(r)).toBe('body.email');
    });

    it('hostile text that is not a formula is stored and answered as plain text', async () => {
      const name = '<img src=x onerror=alert(1)> O’Brien; DROP TABLE app_user';
      const r = await create({ email: 'hostile@example.org', displayName: name });
      expect(r.statusCode, r.body).toBe(201);
      expect((await accountOf('hostile@example.org'))?.displayName).toBe(name);
    });
  });

  describe('attempts to break the rules', () => {
    it.each(['director', 'prescriber', 'nurse', 'therapist', 'coordinator'])(
      'a %s is refused every route, and the refusal is audited',
      async (who) => {
        const as = await signInAs(app, `${who}@demo.test`);
        const before = (await auditOf('users.manage')).filter((e) => e.user_id === as.userId && e.outcome === 'denied').length;
        const nurse = await accountOf('nurse2@demo.test');
        const tries = [
          await injectAs(app, as, { method: 'GET', url: '/api/staff-accounts' }),
          await injectAs(app, as, {
            method: 'POST',
            url: '/api/staff-accounts',
            payload: {
              email: `${who}-made@example.org`,
              displayName: 'X',
              roles: ['admin'],
              siteId,
              password: GOOD_PASSWORD,
              stepUpToken: 'x',
            },
          }),
          await injectAs(app, as, {
            method: 'PUT',
            url: `/api/staff-accounts/${as.userId}/roles`,
            payload: { roles: ['admin'], stepUpToken: 'x' },
          }),
          await injectAs(app, as, { method: 'POST', url: `/api/staff-accounts/${nurse?.id}/deactivate`, payload: { stepUpToken: 'x' } }),
          await injectAs(app, as, {
            method: 'POST',
            url: `/api/staff-accounts/${nurse?.id}/password`,
            payload: { password: GOOD_PASSWORD, stepUpToken: 'x' },
          }),
        ];
        expect(tries.map((t) => t.statusCode)).toEqual([403, 403, 403, 403, 403]);
        const after = (await auditOf('users.manage')).filter((e) => e.user_id === as.userId && e.outcome === 'denied').length;
        expect(after - before).toBe(5);
        expect((await accountOf(`${who}@demo.test`))?.roles).not.toContain('admin');
      },
    );

    it('a medical director of another site cannot manage that site’s staff either', async () => {
      await addStaff(h.database.db, new Date(clock.nowMs()), 'director@northside.test', ['medical-director'], otherSiteId);
      const as = await signInAs(app, 'director@northside.test');
      expect((await injectAs(app, as, { method: 'GET', url: '/api/staff-accounts' })).statusCode).toBe(403);
    });

    it('an administrator manages another site’s staff (as they manage every site’s configuration), audited with before and after', async () => {
      const id = await addStaff(h.database.db, new Date(clock.nowMs()), 'coordinator@northside.test', ['coordinator'], otherSiteId);
      expect((await accountOf('coordinator@northside.test'))?.siteName).toBe('Northside Clinic');
      const r = await act(admin, id, 'roles', { roles: ['coordinator', 'therapist', 'coordinator'] });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json<StaffAccount>().roles).toEqual(['coordinator', 'therapist']);
      const moved = await act(admin, id, 'site', { siteId });
      expect(moved.json<StaffAccount>()).toMatchObject({ siteId, siteName: 'Kairos Demo Clinic (synthetic)' });
      expect((await auditOf('staff-account.roles', id))[0]?.details).toEqual({
        before: { roles: ['coordinator'] },
        after: { roles: ['coordinator', 'therapist'] },
      });
      expect((await auditOf('staff-account.site', id))[0]?.details).toEqual({ before: { siteId: otherSiteId }, after: { siteId } });
    });

    it('an unknown account is a 404; a bad id a 400', async () => {
      expect((await act(admin, '00000000-0000-4000-8000-000000000000', 'deactivate')).statusCode).toBe(404);
      expect(
        (await injectAs(app, admin, { method: 'POST', url: '/api/staff-accounts/nope/deactivate', payload: { stepUpToken: 'x' } }))
          .statusCode,
      ).toBe(400);
    });

    it.each([
      ['no step-up at all', async () => ({ stepUpToken: undefined }), 400],
      ['a made-up proof', async () => ({ stepUpToken: 'not-a-proof' }), 403],
      ['a proof for another act', async () => ({ stepUpToken: await stepUp(admin, 'reactivate') }), 403],
      [
        'a stale proof (older than the step-up window)',
        async () => {
          const token = await stepUp(admin, 'roles');
          clock.advance(6 * 60_000);
          return { stepUpToken: token };
        },
        403,
      ],
      [
        'a proof given by someone else (the medical director’s password)',
        async () => ({ stepUpToken: await stepUp(admin, 'roles', 'director@demo.test') }),
        403,
      ],
    ])('%s: refused, nothing changes, and the refusal is audited', async (_what, proof, status) => {
      admin = await signInAs(app, 'admin@demo.test'); // the clock may have moved past the idle timeout
      const target = (await accountOf('therapist2@demo.test'))!;
      const denialsBefore = (await h.database.db.selectFrom('audit_event').select('seq').where('outcome', '=', 'denied').execute()).length;
      const body = { roles: ['admin'], ...(await proof()) };
      const r = await injectAs(app, admin, { method: 'PUT', url: `/api/staff-accounts/${target.id}/roles`, payload: body });
      expect(r.statusCode, r.body).toBe(status);
      if (status === 403) expect(r.json<{ error: { code: string } }>().error.code).toBe('STEP_UP_REQUIRED');
      expect((await accountOf('therapist2@demo.test'))?.roles).toEqual(['therapist']);
      const denialsAfter = (await h.database.db.selectFrom('audit_event').select('seq').where('outcome', '=', 'denied').execute()).length;
      if (status === 403) expect(denialsAfter).toBeGreaterThan(denialsBefore);
    });

    it('a proof works once', async () => {
      const target = (await accountOf('therapist2@demo.test'))!;
      const token = await stepUp(admin, 'roles');
      expect((await act(admin, target.id, 'roles', { roles: ['therapist'] }, token)).statusCode).toBe(200);
      expect((await act(admin, target.id, 'roles', { roles: ['therapist', 'coordinator'] }, token)).statusCode).toBe(403);
    });

    it('an administrator cannot deactivate themselves (audited)', async () => {
      const r = await act(admin, admin.userId, 'deactivate');
      expect(r.statusCode).toBe(403);
      expect((await accountOf('admin@demo.test'))?.active).toBe(true);
      expect((await auditOf('staff-account.deactivate', admin.userId)).at(-1)).toMatchObject({
        outcome: 'denied',
        details: { reason: 'own account' },
      });
    });

    it('the last active administrator keeps the role; with a second administrator it may go', async () => {
      const last = await act(admin, admin.userId, 'roles', { roles: ['coordinator'] });
      expect(last.statusCode).toBe(409);
      expect(last.json<{ error: { message: string } }>().error.message).toMatch(/last active administrator/);
      expect((await auditOf('staff-account.roles', admin.userId)).at(-1)).toMatchObject({
        outcome: 'denied',
        details: { reason: 'last active administrator' },
      });
      // A second administrator, deactivated, does not count.
      const second = (
        await create({ email: 'second.admin@example.org', displayName: 'Sam Second', roles: ['admin'] })
      ).json<StaffAccount>();
      expect((await act(admin, second.id, 'deactivate')).statusCode).toBe(200);
      expect((await act(admin, admin.userId, 'roles', { roles: ['coordinator'] })).statusCode).toBe(409);
      // Active, it does: the first may now step down (and the second puts them back).
      expect((await act(admin, second.id, 'reactivate')).statusCode).toBe(200);
      expect((await act(admin, admin.userId, 'roles', { roles: ['admin', 'coordinator'] })).statusCode).toBe(200);
      const secondAuth = await signInAs(app, 'second.admin@example.org', GOOD_PASSWORD);
      // Their first password was chosen by the first administrator: they choose their own first.
      const own = 'marble-canyon-falcon-58';
      const changed = await injectAs(app, secondAuth, {
        method: 'PUT',
        url: '/api/session/password',
        payload: { currentPassword: GOOD_PASSWORD, newPassword: own },
      });
      expect(changed.statusCode, changed.body).toBe(204);
      expect(
        (
          await act(
            secondAuth,
            admin.userId,
            'roles',
            { roles: ['admin'] },
            await stepUp(secondAuth, 'roles', 'second.admin@example.org', own),
          )
        ).statusCode,
      ).toBe(200);
    });
  });

  it('a deactivated account cannot sign in and its open sign-in ends; reactivated, it signs in again', async () => {
    const nurse = await signInAs(app, 'nurse2@demo.test');
    expect((await injectAs(app, nurse, { method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    const target = (await accountOf('nurse2@demo.test'))!;
    const r = await act(admin, target.id, 'deactivate');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<StaffAccount>().active).toBe(false);
    expect((await injectAs(app, nurse, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    expect(await signInStatus('nurse2@demo.test', DEMO_PASSWORD)).toBe(401);
    const [event] = await auditOf('staff-account.deactivate', target.id);
    expect(event).toMatchObject({ outcome: 'allowed', details: { before: { active: true }, after: { active: false }, signInsEnded: 1 } });
    // Not in the pickers any more, still on the Users page.
    const directory = (await injectAs(app, admin, { method: 'GET', url: '/api/users' })).json<{ items: { id: string }[] }>().items;
    expect(directory.some((d) => d.id === target.id)).toBe(false);
    expect((await act(admin, target.id, 'reactivate')).json<StaffAccount>().active).toBe(true);
    expect(await signInStatus('nurse2@demo.test', DEMO_PASSWORD)).toBe(200);
    // The sign-in deactivation ended stays ended.
    expect((await injectAs(app, nurse, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
  });

  it('a temporary password replaces the old one and ends the open sign-ins; neither reaches the audit trail', async () => {
    const therapist = await signInAs(app, 'therapist3@demo.test');
    const target = (await accountOf('therapist3@demo.test'))!;
    const weak = await act(admin, target.id, 'password', { password: 'therapist3@demo.test' });
    expect(weak.statusCode).toBe(400);
    expect(fieldOf(weak)).toBe('body.password');
    const r = await act(admin, target.id, 'password', { password: NEW_PASSWORD });
    expect(r.statusCode, r.body).toBe(200);
    expect((await injectAs(app, therapist, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    expect(await signInStatus('therapist3@demo.test', DEMO_PASSWORD)).toBe(401);
    expect(await signInStatus('therapist3@demo.test', NEW_PASSWORD)).toBe(200);
    const events = await auditOf('staff-account.password', target.id);
    expect(events.at(-1)).toMatchObject({ outcome: 'allowed', details: { passwordChanged: true, signInsEnded: 1 } });
    expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
  });

  describe('a password an administrator chose is changed by its owner before anything else', () => {
    const OWN_PASSWORD = 'saffron-glacier-violin-93';
    const change = (as: TestAuth, currentPassword: string, newPassword: string, csrf = true) =>
      app.inject({
        method: 'PUT',
        url: '/api/session/password',
        headers: { cookie: as.cookie, ...(csrf ? { 'x-csrf-token': as.csrf } : {}) },
        payload: { currentPassword, newPassword },
      });
    let first: TestAuth;
    let second: TestAuth;

    beforeAll(async () => {
      // therapist3's temporary password is NEW_PASSWORD (the test above).
      first = await signInAs(app, 'therapist3@demo.test', NEW_PASSWORD);
      second = await signInAs(app, 'therapist3@demo.test', NEW_PASSWORD);
    });

    it('the sign-in says so, and everything but the session itself is refused (audited)', async () => {
      expect((await injectAs(app, first, { method: 'GET', url: '/api/session' })).json()).toMatchObject({ passwordChangeRequired: true });
      const refused = await injectAs(app, first, { method: 'GET', url: '/api/patients' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
      expect((await auditOf('patients.read:password-change')).at(-1)).toMatchObject({ outcome: 'denied' });
    });

    it.each([
      ['a wrong current password', 'not-the-password-1', OWN_PASSWORD, 422, 'currentPassword'],
      ['the same password again', NEW_PASSWORD, NEW_PASSWORD, 400, 'body.newPassword'],
      ['a password the policy refuses', NEW_PASSWORD, 'therapist3@demo.test', 400, 'body.newPassword'],
      ['an empty new password', NEW_PASSWORD, '', 400, 'body.newPassword'],
    ])('%s is refused naming the field; the password stays', async (_what, current, next, status, field) => {
      const r = await change(first, current, next);
      expect(r.statusCode, r.body).toBe(status);
      if (status === 422) expect(r.json()).toMatchObject({ error: { details: { field } } });
      else expect(fieldOf(r)).toBe(field);
      expect(await signInStatus('therapist3@demo.test', NEW_PASSWORD)).toBe(200);
    });

    it('without the CSRF header nothing changes', async () => {
      expect((await change(first, NEW_PASSWORD, OWN_PASSWORD, false)).statusCode).toBe(403);
      expect(await signInStatus('therapist3@demo.test', NEW_PASSWORD)).toBe(200);
    });

    it('the owner chooses their own: this sign-in goes on, the other ends, the temporary password no longer works; no password in the audit', async () => {
      expect((await change(first, NEW_PASSWORD, OWN_PASSWORD)).statusCode).toBe(204);
      expect((await injectAs(app, first, { method: 'GET', url: '/api/patients' })).statusCode).toBe(200);
      expect((await injectAs(app, first, { method: 'GET', url: '/api/session' })).json()).toMatchObject({ passwordChangeRequired: false });
      expect((await injectAs(app, second, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
      expect(await signInStatus('therapist3@demo.test', NEW_PASSWORD)).toBe(401);
      expect(await signInStatus('therapist3@demo.test', OWN_PASSWORD)).toBe(200);
      const events = await auditOf('user.password', (await accountOf('therapist3@demo.test'))!.id);
      expect(events.map((e) => [e.outcome, (e.details as { self?: boolean }).self])).toEqual([
        ['denied', true],
        ['allowed', true],
      ]);
      // `second` and the sign-ins the status checks above opened.
      expect((events.at(-1)?.details as { otherSignInsEnded: number }).otherSignInsEnded).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(events)).not.toContain(OWN_PASSWORD);
      expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
    });

    it('a new account must change its first password too', async () => {
      expect(await signInStatus('new.nurse@example.org', GOOD_PASSWORD)).toBe(200);
      const nurse = await signInAs(app, 'new.nurse@example.org', GOOD_PASSWORD);
      expect((await injectAs(app, nurse, { method: 'GET', url: '/api/session' })).json()).toMatchObject({ passwordChangeRequired: true });
    });
  });

  it('a second factor reset removes it and ends the sign-ins', async () => {
    const target = (await accountOf('prescriber2@demo.test'))!;
    await h.database.db
      .insertInto('user_second_factor')
      .values({
        user_id: target.id,
        totp_secret_sealed: 'v1:test',
        created_at: new Date(clock.nowMs()),
        confirmed_at: new Date(clock.nowMs()),
        last_time_step: null,
      })
      .execute();
    expect((await accountOf('prescriber2@demo.test'))?.secondFactorEnrolled).toBe(true);
    const r = await act(admin, target.id, 'secondFactor');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<StaffAccount>().secondFactorEnrolled).toBe(false);
    expect(await h.database.db.selectFrom('user_second_factor').select('user_id').where('user_id', '=', target.id).execute()).toEqual([]);
    expect((await auditOf('staff-account.second-factor', target.id)).at(-1)?.details).toEqual({
      before: { secondFactorEnrolled: true },
      after: { secondFactorEnrolled: false },
    });
  });
});
