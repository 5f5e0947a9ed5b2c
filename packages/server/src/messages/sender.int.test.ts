/**
 * The outbox and the sender against a real SMTP conversation (the local capture server):
 * enqueueing is idempotent, delivery keeps the stored Message-ID and marks the row sent, a portal
 * link does not outlive the sending in the stored body, refusals and a closed port are retried
 * with exponential backoff and end failed, two senders at once send a message once, and the log
 * never names the patient.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/engines.js';
import { startMailCapture, type MailCapture, parseRawMessage } from './capture.js';
import { enqueueMessage, SYSTEM_CAUSE } from './outbox.js';
import { createCaptureTransport } from './runtime.js';
import { backoffMs, deliverDue, MESSAGE_DELIVERY } from './sender.js';
import { bodyForSending, credential, redactCredentials } from './templates.js';
import type { Db } from '../store/database.js';

const FROM = 'Kairos <no-reply@kairos.invalid>';
const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789';

/** A site and one patient with an email address. */
async function seedPatient(db: Db, email = 'river.stone@patients.example') {
  const site = await db.insertInto('site').values({ name: 'Outbox Test Clinic', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
  const patient = await db
    .insertInto('patient')
    .values({
      site_id: site.id,
      mrn: `MSG-${Math.random().toString(36).slice(2, 8)}`,
      given_name: 'River',
      family_name: 'Stone',
      birth_date: '1980-02-03',
      email,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { siteId: site.id, patientId: patient.id, email };
}

let keys = 0;
async function enqueue(
  db: Db,
  p: { siteId: string; patientId: string; email: string },
  now: number,
  body = `Hello River,\n\nOpen this link: ${credential('link', `https://kairos.example/portal/enter?token=${TOKEN}`)}\nOr enter this code: ${credential('code', 'ABCD-EFGH')}\n`,
) {
  return db.transaction().execute((tx) =>
    enqueueMessage(tx, {
      patientId: p.patientId,
      siteId: p.siteId,
      kind: 'portal-link',
      dedupeKey: `test:${++keys}`,
      toAddress: p.email,
      content: { subject: 'Your link to the portal', body },
      messageIdDomain: 'kairos.invalid',
      now: new Date(now),
      cause: SYSTEM_CAUSE,
    }),
  );
}

const rowOf = (db: Db, id: string) => db.selectFrom('message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('message bodies', () => {
  it('strips the credential markers for sending and replaces the credentials for keeping', () => {
    const body = `Link: ${credential('link', 'https://x/portal/enter?token=abc')}\nCode: ${credential('code', 'ABCD-EFGH')}`;
    expect(bodyForSending(body)).toBe('Link: https://x/portal/enter?token=abc\nCode: ABCD-EFGH');
    expect(redactCredentials(body)).toBe('Link: [link removed after sending]\nCode: [code removed after sending]');
  });

  it('the capture decodes quoted-printable bodies and encoded-word subjects', () => {
    const raw = [
      'Message-ID: <a@b>',
      'Subject: =?UTF-8?Q?Caf=C3=A9_time?=',
      'To: x@y.example',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'night=E2=80=99s sl=',
      'eep',
      '',
    ].join('\r\n');
    expect(parseRawMessage(raw)).toMatchObject({ messageId: '<a@b>', subject: 'Café time', to: 'x@y.example', text: 'night’s sleep' });
  });

  it('backs off exponentially from the base, up to the cap', () => {
    expect([1, 2, 3].map((n) => backoffMs(n))).toEqual([
      MESSAGE_DELIVERY.backoffBaseMs,
      2 * MESSAGE_DELIVERY.backoffBaseMs,
      4 * MESSAGE_DELIVERY.backoffBaseMs,
    ]);
    expect(backoffMs(40)).toBe(MESSAGE_DELIVERY.backoffMaxMs);
  });
});

describeEachEngine('the outbox and the sender', (h) => {
  let capture: MailCapture;
  let refusals: { code: number; message: string } | undefined;
  beforeAll(async () => {
    capture = await startMailCapture({ beforeReply: () => refusals });
  });
  afterAll(async () => capture.close());
  const db = () => h.database.db;

  it('a sender whose lease ran out while it was sending changes nothing once another has claimed the message', async () => {
    const p = await seedPatient(db());
    const m = await enqueue(db(), p, T0);
    let release: (() => void) | undefined;
    // A: its send hangs, then fails after the lease has run out.
    const slow = {
      sendMail: () => new Promise((_, reject) => (release = () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })))),
    };
    const a = deliverDue(db(), slow, () => new Date(T0), { from: FROM, leaseMs: 60_000, maxPerPass: 1 });
    await expect.poll(() => release !== undefined).toBe(true);
    // B: the lease ran out; B claims the same message and is still sending when A's failure comes.
    let releaseB: (() => void) | undefined;
    const hanging = { sendMail: () => new Promise<void>((resolve) => (releaseB = resolve)) };
    const b = deliverDue(db(), hanging, () => new Date(T0 + 61_000), { from: FROM, leaseMs: 60_000, maxPerPass: 1 });
    await expect.poll(() => releaseB !== undefined).toBe(true);
    const claimedByB = await rowOf(db(), m.id);
    expect(claimedByB.attempts).toBe(2);
    release?.();
    await expect(a).resolves.toEqual({ sent: 0, retrying: 0, failed: 0 });
    // A's failure did not touch B's lease or the row's error.
    expect(await rowOf(db(), m.id)).toMatchObject({
      state: 'queued',
      attempts: 2,
      next_attempt_at: claimedByB.next_attempt_at,
      last_error: null,
    });
    releaseB?.();
    await expect(b).resolves.toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await rowOf(db(), m.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('enqueueing is idempotent on the dedupe key: one row, and the content made once', async () => {
    const p = await seedPatient(db());
    let made = 0;
    const once = () =>
      db()
        .transaction()
        .execute((tx) =>
          enqueueMessage(tx, {
            patientId: p.patientId,
            siteId: p.siteId,
            kind: 'pre-session',
            dedupeKey: 'pre-session:test-once',
            toAddress: p.email,
            content: async () => ({ subject: `made ${++made}`, body: 'body' }),
            messageIdDomain: 'clinic.example',
            now: new Date(T0),
            cause: SYSTEM_CAUSE,
          }),
        );
    const first = await once();
    const second = await once();
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, messageId: first.messageId, created: false });
    expect(first.messageId).toMatch(/^<[0-9a-f-]{36}@clinic\.example>$/);
    expect(made).toBe(1);
    const rows = await db()
      .selectFrom('message')
      .select(['subject', 'state', 'attempts'])
      .where('dedupe_key', '=', 'pre-session:test-once')
      .execute();
    expect(rows).toEqual([{ subject: 'made 1', state: 'queued', attempts: 0 }]);
    const audit = await db().selectFrom('audit_event').select(['action', 'user_roles']).where('record_id', '=', first.id).execute();
    expect(audit).toEqual([{ action: 'message.enqueue', user_roles: ['system'] }]);
    await deliverDue(db(), createCaptureTransport(capture.port), new Date(T0), { from: FROM });
  });

  it('delivers to the SMTP server with the stored Message-ID, marks the row sent and removes the link from the stored body', async () => {
    const p = await seedPatient(db());
    const m = await enqueue(db(), p, T0);
    capture.clear();
    const transport = createCaptureTransport(capture.port);
    const result = await deliverDue(db(), transport, new Date(T0 + 1000), { from: FROM });
    transport.close();
    expect(result).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = capture.messages();
    expect(capture.messages()).toHaveLength(1);
    expect(mail).toMatchObject({ messageId: m.messageId, to: p.email, subject: 'Your link to the portal', envelope: { to: [p.email] } });
    expect(mail?.text).toContain(`https://kairos.example/portal/enter?token=${TOKEN}`);
    expect(mail?.text).toContain('ABCD-EFGH');
    expect(mail?.text).not.toContain('[[');
    expect(mail?.rawHeaders).toMatch(/^Auto-Submitted: auto-generated$/m);
    const row = await rowOf(db(), m.id);
    expect(row).toMatchObject({ state: 'sent', attempts: 1, last_error: null });
    expect(row.sent_at?.getTime()).toBe(T0 + 1000);
    expect(row.body).not.toContain(TOKEN);
    expect(row.body).not.toContain('ABCD-EFGH');
    expect(row.body).toContain('Open this link: [link removed after sending]');
    // Nothing more is due: a second pass sends nothing.
    expect(await deliverDue(db(), createCaptureTransport(capture.port), new Date(T0 + 2000), { from: FROM })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
  });

  it('a refusing SMTP server: retried with exponential backoff, then failed with the error, and the link removed', async () => {
    const p = await seedPatient(db());
    const m = await enqueue(db(), p, T0);
    refusals = { code: 451, message: 'Try again later' };
    const transport = createCaptureTransport(capture.port);
    try {
      let t = T0 + 1000;
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MESSAGE_DELIVERY.maxAttempts; attempt++) {
        // Not yet due a millisecond before the retry time.
        if (attempt > 1)
          expect(await deliverDue(db(), transport, new Date(t - 1), { from: FROM })).toEqual({ sent: 0, retrying: 0, failed: 0 });
        const r = await deliverDue(db(), transport, new Date(t), { from: FROM });
        const row = await rowOf(db(), m.id);
        expect(row.attempts).toBe(attempt);
        expect(row.last_error).toMatch(/451/);
        if (attempt < MESSAGE_DELIVERY.maxAttempts) {
          expect(r).toEqual({ sent: 0, retrying: 1, failed: 0 });
          expect(row.state).toBe('queued');
          waits.push(row.next_attempt_at.getTime() - t);
          t = row.next_attempt_at.getTime();
        } else {
          expect(r).toEqual({ sent: 0, retrying: 0, failed: 1 });
          expect(row.state).toBe('failed');
          expect(row.sent_at).toBeNull();
          expect(row.body).not.toContain(TOKEN);
          expect(row.body).toContain('[link removed after sending]');
        }
      }
      expect(waits).toEqual(Array.from({ length: MESSAGE_DELIVERY.maxAttempts - 1 }, (_, i) => backoffMs(i + 1)));
      expect(waits[1]).toBe(2 * (waits[0] as number));
      const audit = await db()
        .selectFrom('audit_event')
        .select(['action', 'outcome'])
        .where('record_id', '=', m.id)
        .orderBy('seq')
        .execute();
      expect(audit).toEqual([
        { action: 'message.enqueue', outcome: 'allowed' },
        { action: 'message.fail', outcome: 'failed' },
      ]);
    } finally {
      refusals = undefined;
      transport.close();
    }
  });

  it('a closed port: the connection error is kept on the row and the message retried', async () => {
    const p = await seedPatient(db());
    const m = await enqueue(db(), p, T0);
    const gone = await startMailCapture();
    await gone.close();
    const transport = createCaptureTransport(gone.port);
    const r = await deliverDue(db(), transport, new Date(T0 + 1000), { from: FROM });
    transport.close();
    expect(r).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const row = await rowOf(db(), m.id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1 });
    expect(row.last_error).toMatch(/ECONN|ESOCKET/);
    expect(row.next_attempt_at.getTime()).toBe(T0 + 1000 + backoffMs(1));
    // It goes once the server is back.
    const back = createCaptureTransport(capture.port);
    expect(await deliverDue(db(), back, new Date(T0 + 1000 + backoffMs(1)), { from: FROM })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    back.close();
    expect(await rowOf(db(), m.id)).toMatchObject({ state: 'sent', attempts: 2, last_error: null });
  });

  it('two senders at once send each message once', async () => {
    const p = await seedPatient(db());
    const ids = [(await enqueue(db(), p, T0)).messageId, (await enqueue(db(), p, T0)).messageId, (await enqueue(db(), p, T0)).messageId];
    capture.clear();
    const a = createCaptureTransport(capture.port);
    const b = createCaptureTransport(capture.port);
    const [ra, rb] = await Promise.all([
      deliverDue(db(), a, new Date(T0 + 5000), { from: FROM }),
      deliverDue(db(), b, new Date(T0 + 5000), { from: FROM }),
    ]);
    a.close();
    b.close();
    expect(ra.sent + rb.sent).toBe(3);
    expect(
      capture
        .messages()
        .map((mail) => mail.messageId)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('without a transport (production without KAIROS_SMTP_URL) nothing is claimed: messages stay queued', async () => {
    const p = await seedPatient(db());
    const m = await enqueue(db(), p, T0);
    expect(await deliverDue(db(), undefined, new Date(T0 + 1000), { from: FROM })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await rowOf(db(), m.id)).toMatchObject({ state: 'queued', attempts: 0 });
    await deliverDue(db(), createCaptureTransport(capture.port), new Date(T0 + 1000), { from: FROM });
  });

  it('logs a failure without the address, the subject or the body', async () => {
    const p = await seedPatient(db(), 'secret.person@patients.example');
    await enqueue(db(), p, T0, 'Hello Secret Person, private words');
    let logged = '';
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => ((logged += chunk.toString()), done()) }));
    refusals = { code: 550, message: 'No such user secret.person@patients.example' };
    const transport = createCaptureTransport(capture.port);
    try {
      const r = await deliverDue(db(), transport, new Date(T0 + 1000), { from: FROM, logger });
      expect(r.retrying).toBe(1);
    } finally {
      refusals = undefined;
      transport.close();
    }
    expect(logged).toMatch(/message delivery failed/);
    for (const secret of ['secret.person', 'Secret Person', 'private words', 'Your link']) expect(logged).not.toContain(secret);
    await deliverDue(db(), createCaptureTransport(capture.port), new Date(T0 + 1000 + backoffMs(1)), { from: FROM });
  });
});
