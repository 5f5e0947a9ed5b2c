/**
 * The HL7 v2 listener over MLLP (issue 26) on both engines, driven by a real HL7 client library
 * (@medplum/hl7's Hl7Client) as a monitor gateway would: a monitor's ORU^R01 becomes readings of
 * the patient's session in progress, classified and alarmed as the JSON device route does, and
 * acknowledged AA only once committed; each row after that an attempt to get past the rules
 * (an unknown patient, no session, another site's patient, an observation refused, a message
 * that is not an ORU^R01, an unlisted sender) and raw sockets sending what no client library would
 * (garbage bytes, an oversized frame, a frame without its end): AR, AE or a dropped connection,
 * nothing stored, the listener alive.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { mllpFrame, startHl7Listener, type Hl7Listener } from './mllp-listener.js';

const SYS = '150021^MDC_PRESS_BLD_NONINV_SYS^MDC';
const DIA = '150022^MDC_PRESS_BLD_NONINV_DIA^MDC';
const HR = '147842^MDC_ECG_HEART_RATE^MDC';
const SPO2 = '150456^MDC_PULS_OXIM_SAT_O2^MDC';
const MMHG = '266016^MDC_DIM_MMHG^MDC';
const BPM = '264864^MDC_DIM_BEAT_PER_MIN^MDC';
const PCT = '262688^MDC_DIM_PERCENT^MDC';

/** HL7 DTM of an instant, in UTC with its offset. */
const dtm = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;

describeEachEngine('HL7 v2 over MLLP', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let listener: Hl7Listener;
  let client: Hl7Client;
  let admin: TestAuth;
  let director: TestAuth;
  let sessionId: string;
  let mrn: string;
  let siteId: string;
  let n = 0;

  /** An ORU^R01 for `patientMrn` with the given OBX lines (`code|value|unit`), taken a second ago. */
  const oru = (patientMrn: string, obx: [code: string, value: string, unit: string][], controlId = `MSG${String(++n)}`) =>
    Hl7Message.parse(
      [
        `MSH|^~\\&|B40|CHAIR2|KAIROS|CLINIC|${dtm(clock.nowMs())}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
        `PID|||${patientMrn}^^^CLINIC^MR||Synthetic^Patient`,
        `OBR|1|||182777000^monitoring of patient^SCT|||${dtm(clock.nowMs() - 1_000)}`,
        ...obx.map(([code, value, unit], i) => `OBX|${String(i + 1)}|NM|${code}|1.0.1.${String(i + 1)}|${value}|${unit}|||||R`),
      ].join('\r'),
    );
  const send = (message: Hl7Message) => client.sendAndWait(message, { timeoutMs: 10_000 });
  const msa = (ack: Hl7Message) => ({
    code: ack.getSegment('MSA')?.getField(1)?.toString(),
    controlId: ack.getSegment('MSA')?.getField(2)?.toString(),
  });
  const errs = (ack: Hl7Message) =>
    ack.getAllSegments('ERR').map((e) => ({
      at: e.getField(2)?.toString() ?? '',
      code: e.getField(3)?.getComponent(1) ?? '',
      severity: e.getField(4)?.toString() ?? '',
      text: e.getField(8)?.toString() ?? '',
    }));
  const readings = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('vital_reading')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('session_id', '=', sessionId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Raw bytes on a fresh socket: what comes back and whether the listener closed the connection. */
  const raw = (bytes: Buffer, waitMs = 1_500, then?: Buffer): Promise<{ reply: string; closed: boolean }> =>
    new Promise((resolve) => {
      const socket: Socket = connect(listener.port, '127.0.0.1');
      let reply = '';
      let closed = false;
      socket.on('data', (d) => (reply += d.toString('utf8')));
      socket.on('close', () => {
        closed = true;
        resolve({ reply, closed });
      });
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        socket.write(bytes);
        // A second write a moment later: most likely a chunk of its own at the listener.
        if (then !== undefined) setTimeout(() => socket.write(then), 150);
      });
      setTimeout(() => {
        if (!closed) {
          socket.destroy();
          resolve({ reply, closed: false });
        }
      }, waitMs);
    });

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    admin = await signInAs(app, 'admin@demo.test');
    director = await signInAs(app, 'director@demo.test');
    const row = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.site_id', 'p.mrn'])
      .where('s.state', '=', 'infusing')
      .executeTakeFirstOrThrow();
    ({ id: sessionId, site_id: siteId, mrn } = row);
    const { readingRate, ingest } = app.deviceIntake;
    listener = await startHl7Listener({
      port: 0,
      host: '127.0.0.1',
      db: () => h.database.db,
      intake: { readingRate, ingest },
      clock,
      logger: pino({ level: 'silent' }),
      frameTimeoutMs: 300,
    });
    client = new Hl7Client({ host: '127.0.0.1', port: listener.port });
  });
  afterAll(async () => {
    await client?.close();
    await listener?.close();
    await app?.close();
  });

  it('a monitor’s vital signs are stored as one reading and acknowledged AA; the same message again stores nothing new and is AA again', async () => {
    const before = await readings();
    const message = oru(mrn, [
      [SYS, '124', MMHG],
      [DIA, '78', MMHG],
      [HR, '71', BPM],
      [SPO2, '98', PCT],
    ]);
    const ack = await send(message);
    expect(msa(ack)).toEqual({ code: 'AA', controlId: message.getSegment('MSH')?.getField(10)?.toString() });
    expect(ack.getSegment('MSH')?.getField(9)?.toString()).toBe('ACK^R01^ACK');
    expect(errs(ack)).toEqual([]);
    expect(await readings()).toBe(before + 1);
    const stored = await h.database.db
      .selectFrom('vital_reading')
      .select(['systolic', 'diastolic', 'heart_rate', 'spo2', 'source'])
      .where('session_id', '=', sessionId)
      .where('client_id', 'like', `hl7:${msa(ack).controlId ?? ''}@%`)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ systolic: 124, diastolic: 78, heart_rate: 71, spo2: 98, source: 'device' });
    // Resent (the monitor heard no ACK): AA, nothing stored twice.
    expect(msa(await send(message)).code).toBe('AA');
    expect(await readings()).toBe(before + 1);
  });

  it('220/120 raises the same blood-pressure alert on the console as the JSON device route', async () => {
    const ack = await send(
      oru(mrn, [
        [SYS, '220', MMHG],
        [DIA, '120', MMHG],
      ]),
    );
    expect(msa(ack).code).toBe('AA');
    const view = (await injectAs(app, director, { method: 'GET', url: `/api/sessions/${sessionId}` })).json<{
      alerts: { kind: string; level: string }[];
    }>();
    expect(view.alerts.some((a) => a.kind.startsWith('vitals:') && ['pause', 'escalate'].includes(a.level))).toBe(true);
  });

  it('one observation refused keeps the others: AE naming that OBX; an unknown code is ignored with a warning', async () => {
    const before = await readings();
    const ack = await send(
      oru(mrn, [
        [HR, '72', BPM],
        [SPO2, '97.5', PCT],
        ['99999^MDC_VENDOR_THING^MDC', '3', BPM],
      ]),
    );
    expect(msa(ack).code).toBe('AE');
    expect(errs(ack)).toEqual([
      expect.objectContaining({ at: 'OBX^2^5', code: '102', severity: 'E' }),
      expect.objectContaining({ at: 'OBX^3^3', code: '103', severity: 'W' }),
    ]);
    expect(await readings()).toBe(before + 1);
  });

  it('a value the protocol finds implausible refuses the reading of that time (the intake judges a reading whole): AE naming the OBX and the observations not recorded with it', async () => {
    const before = await readings();
    const ack = await send(
      oru(mrn, [
        [HR, '900', BPM],
        [SPO2, '96', PCT],
      ]),
    );
    expect(msa(ack).code).toBe('AE');
    expect(errs(ack)).toEqual([expect.objectContaining({ at: 'OBX^1^5', severity: 'E' })]);
    expect(errs(ack)[0]?.text).toMatch(/^OBX 1: heart rate .+; the reading of OBX 1, 2 was not recorded$/);
    expect(await readings()).toBe(before);
  });

  it('a monitor that restarted its control ids: a reused id with readings of a later time is stored, not taken for a resend', async () => {
    const before = await readings();
    expect(msa(await send(oru(mrn, [[HR, '75', BPM]], 'RESTARTED-1'))).code).toBe('AA');
    clock.advance(60_000);
    expect(msa(await send(oru(mrn, [[HR, '76', BPM]], 'RESTARTED-1'))).code).toBe('AA');
    expect(await readings()).toBe(before + 2);
  });

  it('only unknown codes for an unknown patient: AE naming the patient, nothing stored', async () => {
    const ack = await send(oru('NO-SUCH-MRN', [['12345-6^Something^LN', '1', '/min^^UCUM']]));
    expect(msa(ack).code).toBe('AE');
    expect(errs(ack).map((e) => e.at)).toEqual(['OBX^1^3', 'PID^1^3']);
  });

  it('only an unknown code: AA with the warning, nothing stored', async () => {
    const before = await readings();
    const ack = await send(oru(mrn, [['12345-6^Something^LN', '1', '/min^^UCUM']]));
    expect(msa(ack).code).toBe('AA');
    expect(errs(ack)).toEqual([expect.objectContaining({ at: 'OBX^1^3', severity: 'W' })]);
    expect(await readings()).toBe(before);
  });

  describe('whose readings: AE, nothing stored, the refusal audited', () => {
    it.each([
      ['an unknown medical record number', async () => 'NO-SUCH-MRN', /no patient of this site has this medical record number/],
      [
        'a patient without a session in progress',
        async () =>
          (
            await h.database.db
              .selectFrom('patient as p')
              .select('p.mrn')
              .where('p.site_id', '=', siteId)
              .where((eb) =>
                eb.not(
                  eb.exists(
                    eb
                      .selectFrom('dosing_session as s')
                      .select('s.id')
                      .whereRef('s.patient_id', '=', 'p.id')
                      .where('s.state', 'in', ['checked-in', 'pre-dose', 'infusing', 'observing']),
                  ),
                ),
              )
              .executeTakeFirstOrThrow()
          ).mrn,
        /no dosing session in progress here/,
      ],
    ])('%s', async (_title, mrnOf, words) => {
      const before = await h.database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('outcome', '=', 'denied')
        .executeTakeFirstOrThrow();
      const ack = await send(oru(await mrnOf(), [[HR, '70', BPM]]));
      expect(msa(ack).code).toBe('AE');
      expect(errs(ack)).toEqual([expect.objectContaining({ at: 'PID^1^3', code: '204', severity: 'E' })]);
      expect(errs(ack)[0]?.text).toMatch(words);
      const after = await h.database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('outcome', '=', 'denied')
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBeGreaterThan(Number(before.n));
    });
  });

  it.each([
    ['an ADT^A01', 'ADT^A01^ADT_A01', '2.6', 'MSH^1^9', '200'],
    ['an ORU of another event', 'ORU^R30^ORU_R30', '2.6', 'MSH^1^9', '201'],
    ['HL7 version 3', 'ORU^R01^ORU_R01', '3.0', 'MSH^1^12', '203'],
  ])('%s is rejected (AR) and the connection stays open for the next message', async (_title, type, version, at, code) => {
    const ack = await send(
      Hl7Message.parse(
        `MSH|^~\\&|B40|CHAIR2|KAIROS|CLINIC|${dtm(clock.nowMs())}||${type}|X${String(++n)}|P|${version}\rPID|||${mrn}^^^C^MR`,
      ),
    );
    expect(msa(ack).code).toBe('AR');
    expect(errs(ack)).toEqual([expect.objectContaining({ at, code, severity: 'E' })]);
    expect(msa(await send(oru(mrn, [[HR, '70', BPM]]))).code).toBe('AA');
  });

  describe('bytes no client library would send: the connection dropped or AR, nothing stored, the listener alive', () => {
    it.each([
      ['garbage bytes before any frame', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), true],
      [
        'a frame larger than 1 MiB',
        Buffer.concat([Buffer.from([0x0b]), Buffer.alloc(1024 * 1024 + 10, 0x41), Buffer.from([0x1c, 0x0d])]),
        true,
      ],
      [
        'a frame without its end block',
        Buffer.concat([Buffer.from([0x0b]), Buffer.from('MSH|^~\\&|A|B|C|D|20261207||ORU^R01|1|P|2.6')]),
        true,
      ],
      ['a start block inside a frame', Buffer.from([0x0b, 0x41, 0x0b, 0x41, 0x1c, 0x0d]), true],
      ['an end block without its carriage return', Buffer.from([0x0b, 0x41, 0x1c, 0x41]), true],
    ])('%s', async (_title, bytes, dropped) => {
      const before = await readings();
      const r = await raw(bytes);
      expect(r.closed).toBe(dropped);
      expect(r.reply).toBe('');
      expect(await readings()).toBe(before);
      // Still listening: the client library's next message is stored.
      expect(msa(await send(oru(mrn, [[HR, '69', BPM]]))).code).toBe('AA');
    });

    it('an end block whose carriage return is missing at the start of the next chunk drops the connection', async () => {
      const before = await readings();
      const message = oru(mrn, [[HR, '66', BPM]]).toString();
      const r = await raw(
        Buffer.concat([Buffer.from([0x0b]), Buffer.from(message), Buffer.from([0x1c])]),
        1_500,
        Buffer.from([0x0b, 0x41]),
      );
      // The first message was complete up to its FS: answered or not, the stray start block ends the connection.
      expect(r.closed).toBe(true);
      expect(await readings()).toBeLessThanOrEqual(before + 1);
    });

    it('a frame holding no HL7 message is answered AR, and the same connection then takes a valid message', async () => {
      const r = await raw(Buffer.concat([mllpFrame('hello, is anyone there?'), mllpFrame(oru(mrn, [[HR, '68', BPM]]).toString())]));
      const acks = r.reply.split('\x1c\r').filter((a) => a !== '');
      expect(acks.map((a) => /MSA\|(\w\w)/.exec(a)?.[1])).toEqual(['AR', 'AA']);
      expect(acks[0]).toMatch(/not an HL7 v2 message/);
    });
  });

  it('a sender not on the site’s list gets AR and the connection closes; the refusal is audited; listed again, it is taken', async () => {
    const list = (await injectAs(app, admin, { method: 'GET', url: '/api/hl7-senders' })).json<{
      items: { id: string; address: string; revokedAt: string | null }[];
      listenerPort: number | null;
    }>();
    const local = list.items.find((s) => s.address === '127.0.0.1' && s.revokedAt === null);
    expect(local).toBeDefined();
    const removed = await injectAs(app, admin, { method: 'DELETE', url: `/api/hl7-senders/${local?.id ?? ''}` });
    expect(removed.statusCode, removed.body).toBe(204);
    const before = await readings();
    const r = await raw(mllpFrame(oru(mrn, [[HR, '70', BPM]]).toString()));
    expect(r.closed).toBe(true);
    expect(r.reply).toMatch(/MSA\|AR\|/);
    expect(r.reply).toMatch(/not on any site's list of HL7 senders/);
    expect(await readings()).toBe(before);
    const refusals = () =>
      h.database.db
        .selectFrom('audit_event')
        .select(['action', 'details'])
        .where('record_type', '=', 'hl7_sender')
        .where('outcome', '=', 'denied')
        .orderBy('seq')
        .execute();
    expect(await refusals()).toHaveLength(1);
    // Again within the minute: refused, counted, not a second record; a minute on, recorded with the count.
    expect((await raw(mllpFrame(oru(mrn, [[HR, '70', BPM]]).toString()))).reply).toMatch(/MSA\|AR\|/);
    expect(await refusals()).toHaveLength(1);
    clock.advance(61_000);
    expect((await raw(mllpFrame(oru(mrn, [[HR, '70', BPM]]).toString()))).reply).toMatch(/MSA\|AR\|/);
    const recorded = await refusals();
    expect(recorded).toHaveLength(2);
    expect(recorded[1]?.details).toMatchObject({ channel: 'hl7-mllp', refusedSinceLastRecord: 1 });
    const added = await injectAs(app, admin, {
      method: 'POST',
      url: '/api/hl7-senders',
      payload: { siteId, name: 'Chair monitors', address: '127.0.0.0/8' },
    });
    expect(added.statusCode, added.body).toBe(201);
    await client.close();
    client = new Hl7Client({ host: '127.0.0.1', port: listener.port });
    expect(msa(await send(oru(mrn, [[HR, '70', BPM]]))).code).toBe('AA');
  });

  it.each([
    ['an address that is not one', { address: 'monitor.local' }, 'body.address'],
    ['a network too wide', { address: '10.0.0.0/4' }, 'body.address'],
    ['an address inside a listed network', { address: '127.0.0.9' }, 'body.address'],
    ['an empty name', { name: '' }, 'body.name'],
  ])('the sender list refuses %s, naming the field; nothing stored', async (_title, change, field) => {
    const before = (await injectAs(app, admin, { method: 'GET', url: '/api/hl7-senders' })).json<{ items: unknown[] }>().items.length;
    const r = await injectAs(app, admin, {
      method: 'POST',
      url: '/api/hl7-senders',
      payload: { siteId, name: 'Monitor', address: '10.9.8.7', ...change },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(JSON.stringify(r.json())).toContain(field);
    expect((await injectAs(app, admin, { method: 'GET', url: '/api/hl7-senders' })).json<{ items: unknown[] }>().items).toHaveLength(
      before,
    );
  });

  it('only an administrator keeps the list: a nurse and the medical director are refused', async () => {
    for (const who of ['nurse@demo.test', 'director@demo.test']) {
      const auth = await signInAs(app, who);
      expect((await injectAs(app, auth, { method: 'GET', url: '/api/hl7-senders' })).statusCode).toBe(403);
      expect(
        (await injectAs(app, auth, { method: 'POST', url: '/api/hl7-senders', payload: { siteId, name: 'x', address: '10.1.1.1' } }))
          .statusCode,
      ).toBe(403);
    }
  });
});
