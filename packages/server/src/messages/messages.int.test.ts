/**
 * Messages on the demo clinic, through the API and the producers: the demo's sent-message log;
 * the patient page's list (care team only, audited, no bodies); a portal link emailed when staff
 * create one (and not without an address, or with `send: false`), blanked in the outbox once
 * sent, and usable from the email; the mail capture reader; the pre-session instructions the day
 * before a dosing day, once, quoting the site's protocol; a session cancelled after queueing is
 * not announced; the follow-up questionnaire message on the day the +7 questionnaires open.
 */
import { localDateTimeToUtcIso, addDaysToIsoDate, localDateOf } from '@kairos/core';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_START_MS, testConfig, type ManualClock } from '../../test/app.js';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { describeEachEngine } from '../../test/engines.js';
import { createManualClock } from '../clock.js';
import { createLiveBus } from '../events/live-events.js';
import { buildApp } from '../http/build-app.js';
import { cancelEvent } from '../services/scheduling/cancel-event.js';
import { loadDemo } from '../services/demo/load-demo.js';
import { listMeasurementTasks } from '../services/measurement-tasks/internal/measurement-tasks.js';
import { currentProtocol } from '../services/protocol/current-protocol.js';
import type { Actor } from '../services/context.js';
import type { Database } from '../store/database.js';
import { createPortalAccessAndNotify, enqueueFollowUpMessages, enqueuePreSessionMessages, messageSettings } from './producers.js';
import { startMessages, type MessagesRuntime } from './runtime.js';
import { MESSAGE_DELIVERY } from './sender.js';

const TZ = 'America/New_York';
const localNoon = (date: string): number => Date.parse(localDateTimeToUtcIso(date, 12 * 60, TZ));

interface MessageItem {
  id: string;
  kind: string;
  subject: string;
  to: string;
  state: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

async function buildMessagesApp(database: Database) {
  const clock = createManualClock(TEST_START_MS);
  await loadDemo(database.db, clock.now());
  const config = testConfig();
  const logger = pino({ level: 'silent' });
  const messages = await startMessages({ config, database, clock, logger });
  const bus = await createLiveBus();
  const app = await buildApp({ config, database, clock, logger, startedAtMs: clock.nowMs(), bus, messages });
  app.addHook('onClose', async () => {
    await messages.close();
    await bus.close();
  });
  await app.ready();
  return { app, clock, messages };
}

describeEachEngine('patient messages', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let messages: MessagesRuntime;
  let coordinator: TestAuth;
  let director: TestAuth;
  const db = () => h.database.db;
  const settings = messageSettings(testConfig());
  const patientId = async (mrn: string) =>
    (await db().selectFrom('patient').select('id').where('mrn', '=', mrn).executeTakeFirstOrThrow()).id;
  const list = async (auth: TestAuth, mrn: string) =>
    injectAs(app, auth, { method: 'GET', url: `/api/patients/${await patientId(mrn)}/messages` });
  // Signed in afresh: the tests move the clock past a session's idle timeout.
  const items = async (mrn: string) =>
    (await list(await signInAs(app, 'coordinator@demo.test'), mrn)).json<{ items: MessageItem[] }>().items;
  const actorOf = async (email: string): Promise<Actor> => {
    const u = await db().selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
  };
  const mailTo = async (mrn: string) => {
    const p = await db().selectFrom('patient').select('email').where('mrn', '=', mrn).executeTakeFirstOrThrow();
    return (messages.capture?.messages() ?? []).filter((m) => m.envelope.to.includes(p.email ?? '-'));
  };

  beforeAll(async () => {
    ({ app, clock, messages } = await buildMessagesApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    director = await signInAs(app, 'director@demo.test');
  }, 120_000);
  afterAll(async () => app.close());

  it('the demo has a sent-message log: portal links, pre-session instructions, a questionnaire, and one failed with its error', async () => {
    expect((await items('DEMO-0009')).map((m) => [m.kind, m.state])).toEqual(
      expect.arrayContaining([
        ['portal-link', 'sent'],
        ['pre-session', 'sent'],
      ]),
    );
    expect((await items('DEMO-0013')).map((m) => [m.kind, m.state])).toEqual(expect.arrayContaining([['follow-up-questionnaire', 'sent']]));
    const [failed] = await items('DEMO-0011');
    expect(failed).toMatchObject({ kind: 'portal-link', state: 'failed', attempts: MESSAGE_DELIVERY.maxAttempts, sentAt: null });
    expect(failed?.lastError).toMatch(/550/);
    const stored = await db().selectFrom('message').select('body').execute();
    expect(stored.filter((m) => /token=/.test(m.body))).toEqual([]);
  });

  it('lists a patient’s messages for the care team, audited, without bodies; says when there is no email address', async () => {
    const res = await list(coordinator, 'DEMO-0009');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ email: string | null; delivery: string; maxAttempts: number; items: Record<string, unknown>[] }>();
    expect(body).toMatchObject({ delivery: 'capture', maxAttempts: MESSAGE_DELIVERY.maxAttempts });
    expect(body.email).toMatch(/@patients\.demo\.test$/);
    expect(Object.keys(body.items[0] ?? {}).sort()).toEqual([
      'attempts',
      'createdAt',
      'id',
      'kind',
      'lastError',
      'nextAttemptAt',
      'sentAt',
      'state',
      'subject',
      'to',
    ]);
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'patient_id'])
      .where('user_id', '=', coordinator.userId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'patient.messages.read', patient_id: await patientId('DEMO-0009') });
    expect((await list(coordinator, 'DEMO-0001')).json()).toMatchObject({ email: null, items: [] });
    // Outside the care team, and for the admin (no patient data): refused.
    expect((await list(await signInAs(app, 'therapist3@demo.test'), 'DEMO-0009')).statusCode).toBe(403);
    expect((await list(await signInAs(app, 'admin@demo.test'), 'DEMO-0009')).statusCode).toBe(403);
  });

  it('emails a portal link staff create for a patient with an address; the emailed link opens the portal; the outbox keeps no usable link', async () => {
    const id = await patientId('DEMO-0007');
    const res = await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${id}/portal-access`, payload: {} });
    expect(res.statusCode).toBe(201);
    const created = res.json<{
      link: string;
      code: string;
      message: { id: string; to: string; state: string } | null;
      messageNotSent: string | null;
    }>();
    expect(created.message).toMatchObject({ state: 'queued' });
    expect(created.messageNotSent).toBeNull();
    await messages.sweep();
    const [mail] = await mailTo('DEMO-0007');
    expect(mail?.subject).toMatch(/patient portal/);
    expect(mail?.text).toContain(created.link);
    expect(mail?.text).toContain(`${created.code.slice(0, 4)}-${created.code.slice(4)}`);
    const row = await db()
      .selectFrom('message')
      .selectAll()
      .where('id', '=', created.message?.id as string)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'sent', kind: 'portal-link', message_id: mail?.messageId });
    expect(row.body).not.toContain(created.link);
    expect(row.body).not.toContain(created.code.slice(4));
    expect(row.body).toContain('[link removed after sending]');
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { token } });
    expect(entered.statusCode).toBe(200);
  });

  it('sends no portal-link message to a patient without an address, or when asked not to', async () => {
    const none = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${await patientId('DEMO-0001')}/portal-access`,
      payload: {},
    });
    expect(none.json()).toMatchObject({ message: null, messageNotSent: 'no-email' });
    const notAsked = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${await patientId('DEMO-0008')}/portal-access`,
      payload: { send: false },
    });
    expect(notAsked.json()).toMatchObject({ message: null, messageNotSent: 'not-requested' });
    expect(await items('DEMO-0008')).toEqual([]);
  });

  it('production without the clinic’s public address: the link is not emailed (no whole link to give), the code is still issued', async () => {
    const pid = await patientId('DEMO-0008');
    const before = (await items('DEMO-0008')).length;
    const production = messageSettings({ ...testConfig(), mode: 'production' });
    expect(production.publicUrl).toBeUndefined();
    const meta = { requestId: 'no-public-address', clientAddress: '127.0.0.1', now: clock.now() };
    const refused = await createPortalAccessAndNotify(
      db(),
      await actorOf('coordinator@demo.test'),
      pid,
      { send: true, requireAddress: true },
      production,
      meta,
    );
    expect(refused).toMatchObject({ message: null, messageNotSent: 'no-public-address' });
    expect(refused.code).toMatch(/^[A-Z0-9]{8}$/);
    expect((await items('DEMO-0008')).length).toBe(before);
    // With the address (or outside production) the same request queues the email.
    const sent = await createPortalAccessAndNotify(
      db(),
      await actorOf('coordinator@demo.test'),
      pid,
      { send: true, requireAddress: true },
      messageSettings({ ...testConfig({ KAIROS_PUBLIC_URL: 'https://kairos.clinic.example' }), mode: 'production' }),
      meta,
    );
    expect(sent).toMatchObject({ messageNotSent: null, message: { state: 'queued' } });
  });

  it('the mail capture reader (demo/test): the captured mail for audit readers, audited as an export; refused to others', async () => {
    const email = (await db().selectFrom('patient').select('email').where('mrn', '=', 'DEMO-0007').executeTakeFirstOrThrow())
      .email as string;
    const res = await injectAs(app, director, { method: 'GET', url: `/api/dev/mail?to=${encodeURIComponent(email)}` });
    expect(res.statusCode).toBe(200);
    const mail = res.json<{ items: { messageId: string; to: string; subject: string; text: string; rawHeaders: string }[] }>().items;
    expect(mail).toHaveLength(1);
    expect(mail[0]?.rawHeaders).toMatch(/^Message-ID: /m);
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('user_id', '=', director.userId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'dev-mail.export', details: { count: 1, patientIds: [await patientId('DEMO-0007')] } });
    expect((await injectAs(app, coordinator, { method: 'GET', url: '/api/dev/mail' })).statusCode).toBe(403);
  });

  it('pre-session instructions go the day before a dosing day, once, quoting the site’s fasting hours, the escort and held medications', async () => {
    // The next-week retreat (DEMO-0011, DEMO-0012): day 2 is its first dosing day.
    const siteId = (await db().selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    const proposed = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions`,
      payload: { changes: [{ path: 'preDose.fasting.solidsHours', value: 8 }], reason: 'our anaesthetist asks for 8 hours' },
    });
    expect(proposed.statusCode).toBe(201);
    // In force once the medical director signs it.
    const proof = (
      await injectAs(app, director, {
        method: 'POST',
        url: '/api/step-up',
        payload: { email: 'director@demo.test', password: 'kairos-demo-2026', purpose: 'protocol.sign' },
      })
    ).json<{ stepUpToken: string }>().stepUpToken;
    expect(
      (
        await injectAs(app, director, {
          method: 'POST',
          url: `/api/sites/${siteId}/protocol/versions/${proposed.json<{ version: number }>().version}/sign`,
          payload: { stepUpToken: proof },
        })
      ).statusCode,
    ).toBe(200);
    const nurse = await signInAs(app, 'nurse@demo.test');
    const p12 = await patientId('DEMO-0012');
    expect(
      (
        await injectAs(app, nurse, {
          method: 'PUT',
          url: `/api/patients/${p12}/escort`,
          payload: { name: 'Sam Rivers', phone: '555-0199', relationship: 'partner' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await injectAs(app, nurse, {
          method: 'POST',
          url: `/api/patients/${p12}/facts`,
          payload: { kind: 'medication', data: { name: 'Lorazepam', dailyDoseMg: 1 } },
        })
      ).statusCode,
    ).toBe(201);
    const dosing = await db()
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'en.patient_id')
      .select(['e.id', 'e.starts_at', 'p.mrn'])
      .where('p.mrn', 'in', ['DEMO-0011', 'DEMO-0012'])
      .where('e.kind', '=', 'dosing')
      .orderBy('e.starts_at')
      .execute();
    const first = dosing.filter((e) => e.starts_at.getTime() === dosing[0]?.starts_at.getTime());
    expect(first.map((e) => e.mrn).sort()).toEqual(['DEMO-0011', 'DEMO-0012']);
    const day = localDateOf(first[0]?.starts_at as Date, TZ);
    const keys = first.map((e) => `pre-session:${e.id}:${day}`);
    const queuedFor = async () =>
      db().selectFrom('message').select(['dedupe_key', 'body', 'patient_id']).where('dedupe_key', 'in', keys).execute();

    clock.set(localNoon(addDaysToIsoDate(day, -2)));
    await enqueuePreSessionMessages(db(), clock.now(), settings);
    expect(await queuedFor()).toEqual([]);
    clock.set(localNoon(addDaysToIsoDate(day, -1)));
    expect(await enqueuePreSessionMessages(db(), clock.now(), settings)).toBeGreaterThanOrEqual(2);
    clock.advance(3_600_000);
    await enqueuePreSessionMessages(db(), clock.now(), settings);
    const queued = await queuedFor();
    expect(queued.map((q) => q.dedupe_key).sort()).toEqual([...keys].sort());

    const { config } = await currentProtocol(db(), siteId, clock.now());
    expect(config.preDose.fasting.solidsHours.value).toBe(8);
    const of12 = queued.find((q) => q.patient_id === p12)?.body ?? '';
    const of11 = queued.find((q) => q.patient_id !== p12)?.body ?? '';
    expect(of12).toContain(`no solid food in the ${config.preDose.fasting.solidsHours.value} hours before`);
    expect(of12).toContain(`until ${config.preDose.fasting.clearLiquidsHours.value} hours before`);
    expect(of12).toContain('Sam Rivers (partner) is on record to take you home');
    expect(of12).toContain(
      `Lorazepam: the last dose at least ${config.preDose.benzodiazepineLastDoseMinHours.value} hours before the session`,
    );
    expect(of12).toMatch(/Please arrive by \d{1,2}:\d{2} [AP]M E[SD]T/);
    expect(of12).toMatch(/Do not drive/);
    expect(of11).toContain('no one is on record yet to take you home');
    expect(of11).toContain('as your prescriber told you');

    // Cancelled before it went out: not sent, and staff see why.
    const cancelled = first.find((e) => e.mrn === 'DEMO-0011');
    await cancelEvent(db(), await actorOf('coordinator@demo.test'), cancelled?.id as string, 'patient unwell', {
      requestId: 'test',
      clientAddress: '127.0.0.1',
      now: clock.now(),
    });
    await messages.sweep();
    const [mail12] = (await mailTo('DEMO-0012')).filter((m) => /tomorrow/.test(m.subject ?? ''));
    expect(mail12?.text).toContain('Sam Rivers');
    expect(mail12?.text).not.toContain('[[');
    const pre11 = (await items('DEMO-0011')).find((m) => m.kind === 'pre-session');
    expect(pre11).toMatchObject({ state: 'failed', lastError: 'not sent: the session was cancelled' });
    expect((await mailTo('DEMO-0011')).filter((m) => /tomorrow/.test(m.subject ?? ''))).toEqual([]);
  });

  it('a follow-up questionnaire message goes when the +7 questionnaires open, once, with a portal link issued by the system', async () => {
    const enrollment = await db()
      .selectFrom('enrollment as e')
      .innerJoin('patient as p', 'p.id', 'e.patient_id')
      .select(['e.id', 'e.patient_id'])
      .where('p.mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    const all = await listMeasurementTasks(db(), enrollment.id, '2099-01-01');
    const week = all.filter((t) => t.purposes.includes('follow-up') && t.labels.some((l) => l.startsWith('+7 days')));
    expect(week.length).toBeGreaterThan(0);
    const opensOn = week[0]?.opensOn as string;
    const key = `follow-up:${enrollment.id}:${week[0]?.date}`;
    const ofKey = () => db().selectFrom('message').selectAll().where('dedupe_key', '=', key).execute();

    clock.set(localNoon(addDaysToIsoDate(opensOn, -1)));
    await enqueueFollowUpMessages(db(), clock.now(), settings);
    expect(await ofKey()).toEqual([]);
    const linksBefore = await db().selectFrom('portal_access').select('id').where('patient_id', '=', enrollment.patient_id).execute();

    clock.set(localNoon(opensOn));
    await enqueueFollowUpMessages(db(), clock.now(), settings);
    await enqueueFollowUpMessages(db(), clock.now(), settings);
    const [row] = await ofKey();
    expect(await ofKey()).toHaveLength(1);
    expect(row).toMatchObject({ kind: 'follow-up-questionnaire', state: 'queued' });
    expect(row?.body).toContain(`${week.length} short questionnaires`);
    const links = await db()
      .selectFrom('portal_access')
      .select(['id', 'created_by'])
      .where('patient_id', '=', enrollment.patient_id)
      .execute();
    expect(links).toHaveLength(linksBefore.length + 1);
    expect(links.find((l) => !linksBefore.some((b) => b.id === l.id))?.created_by).toBeNull();

    await messages.sweep();
    const [mail] = (await mailTo('DEMO-0009')).filter((m) => m.messageId === row?.message_id);
    expect(mail?.subject).toMatch(/follow-up questionnaires/);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    expect((await app.inject({ method: 'POST', url: '/api/portal/session', payload: { token } })).statusCode).toBe(200);
    const sent = (await ofKey())[0];
    expect(sent?.state).toBe('sent');
    expect(sent?.body).toContain('[link removed after sending]');
  });
});
