/**
 * Staff credentials (issue 28) on both engines: recorded by the medical director or an
 * administrator with a scanned copy (its reads audited); the bad input of the issue refused naming
 * the field with nothing stored; who may read and record whose; the gates at the session's start,
 * at the dose order and at an assignment, each naming what lapsed; the medical director's override
 * with their own proof and a reason, kept on the session record; and the warnings 60 days ahead.
 */
import type { FastifyInstance } from 'fastify';
import type { Credential, CredentialWarning, DosingSessionView, ScheduleClash } from '@kairos/api';
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions, readyToStart } from '../../../test/dosing-sessions.js';
import { describeEachEngine, fingerprint } from '../../../test/engines.js';
import { addSite, addStaff } from '../../../test/staff.js';
import { DEMO_TIME_ZONE } from '../../services/demo/load-demo.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n').toString('base64');
const PASSWORD = 'kairos-demo-2026';
type Who = 'director' | 'admin' | 'nurse' | 'nurse2' | 'prescriber' | 'coordinator' | 'therapist';
const EMAIL: Record<Who, string> = {
  director: 'director@demo.test',
  admin: 'admin@demo.test',
  nurse: 'nurse@demo.test',
  nurse2: 'nurse2@demo.test',
  prescriber: 'prescriber@demo.test',
  coordinator: 'coordinator@demo.test',
  therapist: 'therapist@demo.test',
};

describeEachEngine('staff credentials', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  const auth = {} as Record<Who, TestAuth>;
  const ids = {} as Record<Who, string>;
  let today: string;
  let sessions: string[];
  let patientId: string;

  const as = (who: Who, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    injectAs(app, auth[who], { method, url, ...(payload === undefined ? {} : { payload }) });
  const proof = async (who: Who, purpose: string, asker: Who = who) => {
    const r = await as(asker, 'POST', '/api/step-up', { email: EMAIL[who], password: PASSWORD, purpose });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ stepUpToken: string }>().stepUpToken;
  };
  const list = async (who: Who, whose: Who) => {
    const r = await as(who, 'GET', `/api/users/${ids[whose]}/credentials`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: Credential[] }>().items;
  };
  const credentialsStored = async () => (await fingerprint(h.database)).staff_credential;
  const denied = async (action: string) =>
    Number(
      (
        await h.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('action', '=', action)
          .where('outcome', '=', 'denied')
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Replaces a person's credential of `kind` by one that expired `daysAgo` days ago (through the API, as the director). */
  const lapse = async (whose: Who, kind: 'acls' | 'dea', daysAgo: number) => {
    for (const c of (await list('director', whose)).filter((x) => x.kind === kind)) {
      const r = await as('director', 'POST', `/api/credentials/${c.id}/remove`, { reason: 'replaced in the test by an expired one' });
      expect(r.statusCode, r.body).toBe(200);
    }
    const expiresOn = addDaysToIsoDate(today, -daysAgo);
    const body =
      kind === 'acls'
        ? { kind, expiresOn, issuedOn: addDaysToIsoDate(expiresOn, -730) }
        : { kind, state: 'NY', number: 'AP5836727', expiresOn, issuedOn: addDaysToIsoDate(expiresOn, -1095) };
    const r = await as('director', 'POST', `/api/users/${ids[whose]}/credentials`, body);
    expect(r.statusCode, r.body).toBe(201);
    return expiresOn;
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    for (const who of Object.keys(EMAIL) as Who[]) {
      auth[who] = await signInAs(app, EMAIL[who]);
      ids[who] = (await h.database.db.selectFrom('app_user').select('id').where('email', '=', EMAIL[who]).executeTakeFirstOrThrow()).id;
    }
    today = localDateOf(clock.now(), DEMO_TIME_ZONE);
    for (const live of await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute()) {
      const r = await as('director', 'POST', `/api/sessions/${live.id}/steps`, {
        step: 'abort',
        reason: 'the credential tests need the runners free',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    sessions = await addDosingSessions(h.database.db, 'DEMO-0009', 3, clock.now());
    patientId = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app?.close());

  it('the demo gives every clinician current credentials: a nurse an RN licence for New York, ACLS and BLS', async () => {
    const mine = await list('nurse', 'nurse');
    expect(mine.map((c) => c.kind).sort()).toEqual(['acls', 'bls', 'licence']);
    expect(mine.every((c) => c.current)).toBe(true);
    expect(mine.find((c) => c.kind === 'licence')?.label).toBe('The registered nurse (RN) licence for New York');
    const prescriber = await list('director', 'prescriber');
    expect(prescriber.map((c) => c.kind).sort()).toEqual(['acls', 'dea', 'licence']);
  });

  describe('recording: the bad input of the issue is refused naming the field, and nothing is stored', () => {
    it.each<[string, object, string]>([
      ['a DEA number with a wrong check digit', { kind: 'dea', state: 'NY', number: 'AB4523763', expiresOn: '2028-01-31' }, 'number'],
      ['a DEA number in the wrong form', { kind: 'dea', state: 'NY', number: 'A12345678', expiresOn: '2028-01-31' }, 'number'],
      ['an expiry before the issue date', { kind: 'acls', issuedOn: '2027-01-10', expiresOn: '2027-01-09' }, 'expiresOn'],
      ['an unknown state code', { kind: 'licence', licenceType: 'RN', state: 'XX', number: 'RN-1', expiresOn: '2028-01-31' }, 'state'],
      ['a licence without its type', { kind: 'licence', state: 'NY', number: 'RN-1', expiresOn: '2028-01-31' }, 'licenceType'],
      [
        'an unknown licence type',
        { kind: 'licence', licenceType: 'WIZARD', state: 'NY', number: 'RN-1', expiresOn: '2028-01-31' },
        'licenceType',
      ],
      ['a DEA registration without a state', { kind: 'dea', number: 'AP5836727', expiresOn: '2028-01-31' }, 'state'],
      ['ACLS with a state', { kind: 'acls', state: 'NY', expiresOn: '2028-01-31' }, 'state'],
      ['no expiry', { kind: 'bls' }, 'expiresOn'],
      ['an expiry that is not a date', { kind: 'bls', expiresOn: '2028-02-30' }, 'expiresOn'],
      ['a number with markup', { kind: 'licence', licenceType: 'RN', state: 'NY', number: '<b>1</b>', expiresOn: '2028-01-31' }, 'number'],
    ])('%s', async (_, body, field) => {
      const before = await credentialsStored();
      const r = await as('director', 'POST', `/api/users/${ids.nurse2}/credentials`, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain(field);
      expect(await credentialsStored()).toBe(before);
    });

    it('a scanned copy that is not a PDF, PNG or JPEG is refused naming the field (audited)', async () => {
      const before = await credentialsStored();
      const refusals = await denied('credential.record');
      const r = await as('director', 'POST', `/api/users/${ids.nurse2}/credentials`, {
        kind: 'bls',
        expiresOn: '2028-01-31',
        document: { fileName: 'card.pdf', content: Buffer.from('<html>not a card</html>').toString('base64') },
      });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.body).toContain('body.document.content');
      expect(await credentialsStored()).toBe(before);
      expect(await denied('credential.record')).toBe(refusals + 1);
    });
  });

  describe('who records and reads whose', () => {
    it.each<[string, Who, 'nurse' | 'nurse2', number]>([
      ['the medical director records a nurse’s', 'director', 'nurse2', 201],
      ['an administrator records a nurse’s', 'admin', 'nurse2', 201],
      ['a nurse may not record her own', 'nurse2', 'nurse2', 403],
      ['a nurse may not record a colleague’s', 'nurse', 'nurse2', 403],
      ['a coordinator may not', 'coordinator', 'nurse2', 403],
      ['a prescriber may not', 'prescriber', 'nurse2', 403],
    ])('%s', async (_, who, whose, status) => {
      const before = await credentialsStored();
      const r = await as(who, 'POST', `/api/users/${ids[whose]}/credentials`, { kind: 'bls', expiresOn: '2028-06-30' });
      expect(r.statusCode, r.body).toBe(status);
      if (status !== 201) expect(await credentialsStored()).toBe(before);
    });

    it.each<[string, Who, Who, number]>([
      ['a nurse reads her own', 'nurse', 'nurse', 200],
      ['the medical director reads a nurse’s', 'director', 'nurse', 200],
      ['a coordinator may not read a nurse’s', 'coordinator', 'nurse', 403],
      ['a therapist may not read a nurse’s', 'therapist', 'nurse', 403],
    ])('%s', async (_, who, whose, status) => {
      expect((await as(who, 'GET', `/api/users/${ids[whose]}/credentials`)).statusCode).toBe(status);
    });

    it('a scanned copy is kept in the database; reading it is audited; only its holder and its managers read it', async () => {
      const r = await as('director', 'POST', `/api/users/${ids.nurse}/credentials`, {
        kind: 'licence',
        licenceType: 'RN',
        state: 'ny',
        number: 'RN-204518',
        issuedOn: '2025-07-01',
        expiresOn: '2027-06-30',
        document: { fileName: 'licence.pdf', content: PDF },
      });
      expect(r.statusCode, r.body).toBe(201);
      const c = r.json<Credential>();
      expect(c.state).toBe('NY');
      expect(c.document).toMatchObject({ fileName: 'licence.pdf', mediaType: 'application/pdf' });
      const reads = async () =>
        (
          await h.database.db
            .selectFrom('audit_event')
            .select('record_id')
            .where('action', '=', 'credential.document-read')
            .where('record_id', '=', c.id)
            .execute()
        ).length;
      const own = await as('nurse', 'GET', `/api/credentials/${c.id}/document`);
      expect(own.statusCode).toBe(200);
      expect(own.headers['content-type']).toBe('application/pdf');
      expect(own.headers['content-disposition']).toMatch(/^attachment; filename="licence.pdf"/);
      expect(own.rawPayload.equals(Buffer.from(PDF, 'base64'))).toBe(true);
      expect((await as('director', 'GET', `/api/credentials/${c.id}/document`)).statusCode).toBe(200);
      expect((await as('therapist', 'GET', `/api/credentials/${c.id}/document`)).statusCode).toBe(403);
      expect((await as('coordinator', 'GET', `/api/credentials/${c.id}/document`)).statusCode).toBe(403);
      expect(await reads()).toBe(2);
    });
  });

  it('another site’s medical director neither reads nor records this site’s staff credentials (refusals audited), nor sees them in her warnings', async () => {
    const otherSite = await addSite(app, 'Lakeside Clinic');
    await addStaff(h.database.db, clock.now(), 'director@lakeside.test', ['medical-director'], otherSite);
    const other = await signInAs(app, 'director@lakeside.test');
    const before = await credentialsStored();
    const refusals = await denied('credential.list');
    expect((await injectAs(app, other, { method: 'GET', url: `/api/users/${ids.nurse2}/credentials` })).statusCode).toBe(403);
    expect(await denied('credential.list')).toBe(refusals + 1);
    const record = await injectAs(app, other, {
      method: 'POST',
      url: `/api/users/${ids.nurse2}/credentials`,
      payload: { kind: 'bls', expiresOn: '2028-06-30' },
    });
    expect(record.statusCode).toBe(403);
    expect(await credentialsStored()).toBe(before);
    const siteId = (await h.database.db.selectFrom('site').select('id').where('synthetic', '=', true).executeTakeFirstOrThrow()).id;
    expect((await injectAs(app, other, { method: 'GET', url: `/api/sites/${siteId}/staff-credentials` })).statusCode).toBe(403);
    const check = await injectAs(app, other, {
      method: 'GET',
      url: `/api/users/${ids.nurse2}/credential-check?duty=iv-runner&date=${today}`,
    });
    expect(check.statusCode).toBe(403);
    const warnings = (await injectAs(app, other, { method: 'GET', url: '/api/credential-warnings' })).json<{ items: CredentialWarning[] }>()
      .items;
    expect(warnings.map((w) => w.holder)).not.toContain('Nate Second, RN');
  });

  it('a copy added later, a refused one naming the field, and a removal with its reason kept', async () => {
    const bls = (await list('director', 'nurse')).find((c) => c.kind === 'bls');
    if (bls === undefined) throw new Error('no BLS');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]).toString('base64');
    const added = await as('director', 'PUT', `/api/credentials/${bls.id}/document`, { fileName: 'bls card', content: png });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json<Credential>().document).toMatchObject({ fileName: 'bls card', mediaType: 'image/png' });
    const bad = await as('director', 'PUT', `/api/credentials/${bls.id}/document`, {
      fileName: 'x.png',
      content: Buffer.from('MZ').toString('base64'),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('body.content');
    expect((await as('nurse', 'PUT', `/api/credentials/${bls.id}/document`, { fileName: 'x.png', content: png })).statusCode).toBe(403);
    // Removed with a reason: kept, no longer listed or counted; a second removal finds nothing.
    const removed = await as('admin', 'POST', `/api/credentials/${bls.id}/remove`, { reason: 'entered twice' });
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await list('nurse', 'nurse')).map((c) => c.id)).not.toContain(bls.id);
    const row = await h.database.db
      .selectFrom('staff_credential')
      .select(['removed_reason', 'removed_by'])
      .where('id', '=', bls.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ removed_reason: 'entered twice', removed_by: ids.admin });
    expect((await as('admin', 'POST', `/api/credentials/${bls.id}/remove`, { reason: 'again' })).statusCode).toBe(404);
    expect((await as('director', 'POST', `/api/credentials/${bls.id}/remove`, { reason: '' })).statusCode).toBe(400);
  });

  it('warnings 60 days ahead: the medical director sees the demo nurse whose ACLS lapses in 45 days; she sees her own; others see none', async () => {
    const warnings = async (who: Who) => (await as(who, 'GET', '/api/credential-warnings')).json<{ items: CredentialWarning[] }>().items;
    const director = await warnings('director');
    expect(director.map((w) => w.message)).toContain(`Nate Second, RN: ACLS expires on ${addDaysToIsoDate(today, 45)} (in 45 days)`);
    expect((await warnings('nurse2')).map((w) => w.message)).toEqual([`ACLS expires on ${addDaysToIsoDate(today, 45)} (in 45 days)`]);
    expect(await warnings('therapist')).toEqual([]);
  });

  describe('the gates of a dosing session', () => {
    it('a nurse whose ACLS lapsed may not start the infusion; the refusal names what lapsed and is audited', async () => {
      const expiredOn = await lapse('nurse', 'acls', 1);
      const check = await as('coordinator', 'GET', `/api/users/${ids.nurse}/credential-check?duty=iv-runner&date=${today}`);
      expect(check.json<{ allowed: boolean; message: string }>()).toMatchObject({
        allowed: false,
        message: `may not run the infusion on ${today}: ACLS expired on ${expiredOn}`,
      });
      const id = sessions[0] as string;
      await readyToStart(
        (method, url, payload) => injectAs(app, auth.director, { method, url, payload }),
        { sessionId: id, patientId },
        clock.nowMs(),
      );
      const refusals = await denied('session.start');
      const r = await as('nurse', 'POST', `/api/sessions/${id}/steps`, { step: 'start' });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json<{ error: { message: string; details: { code: string } } }>().error).toMatchObject({
        message: expect.stringContaining(`Nora Nurse, RN may not run the infusion on ${today}: ACLS expired on ${expiredOn}`),
        details: { code: 'CREDENTIAL_LAPSED' },
      });
      expect(await denied('session.start')).toBe(refusals + 1);
    });

    it.each<[string, Who, Who, number]>([
      ['the nurse herself may not override', 'nurse', 'nurse', 403],
      ['a prescriber may not override', 'prescriber', 'prescriber', 403],
      ['the director may not use a coordinator’s proof', 'director', 'coordinator', 403],
    ])('%s', async (_, actor, prover, status) => {
      const id = sessions[0] as string;
      const token = await proof(prover, 'credentials.override', actor);
      const r = await as(actor, 'POST', `/api/sessions/${id}/credential-override`, {
        userId: ids.nurse,
        duty: 'iv-runner',
        reason: 'ACLS renewal booked',
        stepUpToken: token,
      });
      expect(r.statusCode, r.body).toBe(status);
      expect(await h.database.db.selectFrom('credential_override').select('id').where('session_id', '=', id).execute()).toHaveLength(0);
    });

    it('the medical director overrides with her own proof and a reason; the session record shows it; the nurse then starts', async () => {
      const id = sessions[0] as string;
      const r = await as('director', 'POST', `/api/sessions/${id}/credential-override`, {
        userId: ids.nurse,
        duty: 'iv-runner',
        reason: 'Renewal course attended yesterday; card in the post',
        stepUpToken: await proof('director', 'credentials.override'),
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json<DosingSessionView>().credentialOverrides).toEqual([
        expect.objectContaining({
          holder: 'Nora Nurse, RN',
          duty: 'iv-runner',
          lapses: [expect.stringContaining('ACLS expired on')],
          reason: 'Renewal course attended yesterday; card in the post',
          by: 'Dr. Dana Director',
        }),
      ]);
      const start = await as('nurse', 'POST', `/api/sessions/${id}/steps`, { step: 'start' });
      expect(start.statusCode, start.body).toBe(200);
      // Nothing left to override: a second override is refused.
      const again = await as('director', 'POST', `/api/sessions/${sessions[1]}/credential-override`, {
        userId: ids.nurse2,
        duty: 'iv-runner',
        reason: 'x',
        stepUpToken: await proof('director', 'credentials.override'),
      });
      expect(again.statusCode).toBe(409);
    });

    it('a prescriber whose DEA registration lapsed may not order the dose, naming it', async () => {
      const expiredOn = await lapse('prescriber', 'dea', 3);
      const id = sessions[1] as string;
      for (const step of ['check-in', 'begin-pre-dose'])
        expect((await as('director', 'POST', `/api/sessions/${id}/steps`, { step })).statusCode).toBe(200);
      const before = await h.database.db.selectFrom('dose_order').select('id').where('session_id', '=', id).execute();
      const r = await as('prescriber', 'POST', `/api/sessions/${id}/dose-order`, { vialMgPerMl: 50, diluentMl: 100 });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.body).toContain(
        `Dr. Priya Prescriber may not order the ketamine dose on ${today}: The DEA registration for New York expired on ${expiredOn}`,
      );
      expect(await h.database.db.selectFrom('dose_order').select('id').where('session_id', '=', id).execute()).toEqual(before);
    });

    it('assigning a nurse whose ACLS lapsed to a dosing event clashes, naming it; the director’s override lets it through and is kept', async () => {
      // A booked dosing event of the demo in the coming days, run by someone else, that the nurse is free for.
      const candidates = await h.database.db
        .selectFrom('scheduled_event as e')
        .innerJoin('event_staff as s', (j) => j.onRef('s.event_id', '=', 'e.id').on('s.role', '=', 'licensed-iv-runner'))
        .select(['e.id', 'e.starts_at'])
        .where('e.kind', '=', 'dosing')
        .where('e.state', '=', 'scheduled')
        .where('e.starts_at', '>', new Date(clock.nowMs() + 86_400_000))
        .where('s.user_id', '!=', ids.nurse)
        .orderBy('e.starts_at')
        .execute();
      const body = { staff: { 'licensed-iv-runner': ids.nurse }, reason: 'Nate is off sick' };
      let event: { id: string; starts_at: Date } | undefined;
      let clashes: ScheduleClash[] = [];
      for (const c of candidates) {
        const r = await as('coordinator', 'PATCH', `/api/events/${c.id}`, body);
        expect(r.statusCode, r.body).toBe(409);
        clashes = r.json<{ error: { details: { clashes: ScheduleClash[] } } }>().error.details.clashes;
        if (clashes.every((x) => x.rule === 'credential-lapsed')) {
          event = c;
          break;
        }
      }
      if (event === undefined) throw new Error('no demo dosing event the nurse is free for');
      expect(clashes).toEqual([
        expect.objectContaining({
          rule: 'credential-lapsed',
          who: 'Nora Nurse, RN',
          userId: ids.nurse,
          duty: 'iv-runner',
          message: expect.stringContaining('ACLS expired on'),
        }),
      ]);
      // The coordinator cannot override with her own proof; nothing changes.
      const coordinatorTry = await as('coordinator', 'PATCH', `/api/events/${event.id}`, {
        ...body,
        credentialOverride: { reason: 'urgent', stepUpToken: await proof('coordinator', 'credentials.override') },
      });
      expect(coordinatorTry.statusCode).toBe(403);
      const ok = await as('director', 'PATCH', `/api/events/${event.id}`, {
        ...body,
        credentialOverride: { reason: 'ACLS renewal confirmed by phone', stepUpToken: await proof('director', 'credentials.override') },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const runner = await h.database.db
        .selectFrom('event_staff')
        .select('user_id')
        .where('event_id', '=', event.id)
        .where('role', '=', 'licensed-iv-runner')
        .executeTakeFirstOrThrow();
      expect(runner.user_id).toBe(ids.nurse);
      const kept = await h.database.db.selectFrom('credential_override').selectAll().where('event_id', '=', event.id).execute();
      expect(kept).toEqual([
        expect.objectContaining({
          user_id: ids.nurse,
          duty: 'iv-runner',
          on_date: localDateOf(event.starts_at, DEMO_TIME_ZONE),
          reason: 'ACLS renewal confirmed by phone',
          decided_by: ids.director,
          rule: 'credentials.session-duty@1',
        }),
      ]);
    });

    it('two overrides of the same lapse at once: one is kept, the other refused; hostile text in the reason is kept as typed', async () => {
      const id = sessions[2] as string;
      const hostile = '<script>alert("x")</script> renewal booked; DROP TABLE credential_override;--';
      const [a, b] = await Promise.all(
        [hostile, hostile].map(async (reason) =>
          as('director', 'POST', `/api/sessions/${id}/credential-override`, {
            userId: ids.nurse,
            duty: 'iv-runner',
            reason,
            stepUpToken: await proof('director', 'credentials.override'),
          }),
        ),
      );
      expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
      const refused = [a, b].find((r) => r?.statusCode === 409);
      expect(refused?.json<{ error: { details: { code: string } } }>().error.details.code).toBe('ALREADY_OVERRIDDEN');
      const kept = await h.database.db.selectFrom('credential_override').select('reason').where('session_id', '=', id).execute();
      expect(kept).toEqual([{ reason: hostile }]);
      const view = await as('director', 'GET', `/api/sessions/${id}`);
      expect(view.json<DosingSessionView>().credentialOverrides.map((o) => o.reason)).toEqual([hostile]);
    });

    it('an override counts on its day only: the prescriber’s lapsed DEA registration, let through today, refuses the order tomorrow', async () => {
      const id = sessions[1] as string;
      const r = await as('director', 'POST', `/api/sessions/${id}/credential-override`, {
        userId: ids.prescriber,
        duty: 'orderer',
        reason: 'Renewal filed with the DEA',
        stepUpToken: await proof('director', 'credentials.override'),
      });
      expect(r.statusCode, r.body).toBe(200);
      clock.advance(86_400_000);
      for (const who of Object.keys(EMAIL) as Who[]) auth[who] = await signInAs(app, EMAIL[who]);
      const before = await h.database.db.selectFrom('dose_order').select('id').where('session_id', '=', id).execute();
      const order = await as('prescriber', 'POST', `/api/sessions/${id}/dose-order`, { vialMgPerMl: 50, diluentMl: 100 });
      expect(order.statusCode, order.body).toBe(409);
      expect(order.json<{ error: { details: { code: string } } }>().error.details.code).toBe('CREDENTIAL_LAPSED');
      expect(await h.database.db.selectFrom('dose_order').select('id').where('session_id', '=', id).execute()).toEqual(before);
    });
  });
});
