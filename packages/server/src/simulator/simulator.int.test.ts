/**
 * The monitor simulator through the device API and over HL7 v2 (MLLP, `--hl7`): each scenario raises the alerts it is meant to
 * (normal: none; hypertensive episode: a pause at minute 35; desaturation: a pause at minute 22;
 * hypotension: a warning from minute 23 and a pause at minute 25).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { meetChecklistFacts } from '../../test/dosing-sessions.js';
import { describeEachEngine } from '../../test/engines.js';
import pino from 'pino';
import { startHl7Listener } from '../hl7/mllp-listener.js';
import { runHl7Simulation } from './run-hl7-simulation.js';
import { runSimulation } from './run-simulation.js';
import type { Scenario } from './scenarios.js';

describeEachEngine('monitor simulator', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let url = '';
  let token = '';
  let sessions: string[] = [];
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();

  /** Takes a session through check-in, the checklist, the order and its double check, to infusing. */
  async function startInfusion(sessionId: string): Promise<number> {
    const nurse = await signInAs(app, 'nurse@demo.test');
    const prescriber = await signInAs(app, 'prescriber@demo.test');
    const therapist = await signInAs(app, 'therapist@demo.test');
    const stepTo = async (step: string) =>
      expect((await injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${sessionId}/steps`, payload: { step } })).statusCode).toBe(
        200,
      );
    await stepTo('check-in');
    await stepTo('begin-pre-dose');
    await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/vitals`,
      payload: {
        readings: [
          {
            clientId: 'pre',
            measuredAt: new Date(clock.nowMs() - 60_000).toISOString(),
            systolic: 122,
            diastolic: 78,
            heartRate: 72,
            spo2: 98,
            respiratoryRate: 14,
          },
        ],
      },
    });
    const { patient_id: patientId } = await h.database.db
      .selectFrom('dosing_session')
      .select('patient_id')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, nurse, { method, url, payload }),
      { sessionId, patientId },
      clock.nowMs(),
    );
    await injectAs(app, therapist, {
      method: 'PUT',
      url: `/api/sessions/${sessionId}/checklist`,
      payload: { intention: 'to stay with what comes' },
    });
    expect(
      (
        await injectAs(app, prescriber, {
          method: 'POST',
          url: `/api/sessions/${sessionId}/dose-order`,
          payload: { vialMgPerMl: 10, diluentMl: 100 },
        })
      ).statusCode,
    ).toBe(200);
    const proof = json<{ stepUpToken: string }>(
      await injectAs(app, nurse, {
        method: 'POST',
        url: '/api/step-up',
        payload: { email: 'director@demo.test', password: 'kairos-demo-2026', purpose: 'dose.double-check' },
      }),
    ).stepUpToken;
    expect(
      (
        await injectAs(app, nurse, {
          method: 'POST',
          url: `/api/sessions/${sessionId}/dose-order/double-check`,
          payload: { stepUpToken: proof },
        })
      ).statusCode,
    ).toBe(200);
    await stepTo('start');
    return clock.nowMs();
  }

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const admin: TestAuth = await signInAs(app, 'admin@demo.test');
    token = json<{ token: string }>(
      await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId: site.id, name: 'simulator' } }),
    ).token;
    // The demo signs the shipped defaults at load: the protocol in force is signed.
    const director = await signInAs(app, 'director@demo.test');
    expect(json(await injectAs(app, director, { method: 'GET', url: `/api/sites/${site.id}/protocol/dosing-check` }))).toMatchObject({
      allowed: true,
      signed: true,
      version: 1,
    });
    const rows = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select(['s.id', 'p.mrn'])
      .where('p.mrn', 'in', ['DEMO-0009', 'DEMO-0011'])
      .orderBy('p.mrn')
      .orderBy('s.created_at')
      .orderBy('s.id')
      .execute();
    // Each patient's first session, then each one's second: the first two rows are of two patients
    // with no other session in progress (over HL7 the session is found by the patient's number).
    const first = rows.filter((r, i) => rows.findIndex((x) => x.mrn === r.mrn) === i);
    sessions = [...first, ...rows.filter((r) => !first.includes(r))].map((r) => r.id);
  });
  afterAll(async () => app.close());

  const alertsOf = async (sessionId: string) =>
    (
      await h.database.db
        .selectFrom('session_alert')
        .select(['level', 'details'])
        .where('session_id', '=', sessionId)
        .where('kind', '=', 'vitals:infusing')
        .execute()
    ).flatMap((a) =>
      // Each time an episode reached a level: raised, worsened or escalated (the reading that did it).
      (a.details as { episode: { history: { level?: string; measuredAt?: string }[] } }).episode.history.flatMap((x) =>
        x.level === undefined || x.measuredAt === undefined
          ? []
          : [{ level: x.level, minute: Math.round((Date.parse(x.measuredAt) - startOf.get(sessionId)!) / 60_000) }],
      ),
    );
  const startOf = new Map<string, number>();

  /** The same scenarios over HL7 v2 (MLLP): `simulate-monitor --hl7`, as a monitor gateway on this machine (listed by the demo). */
  async function overHl7(sessionId: string, scenario: Scenario, startMs: number): Promise<void> {
    const { mrn } = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select('p.mrn')
      .where('s.id', '=', sessionId)
      .executeTakeFirstOrThrow();
    const { readingRate, ingest } = app.deviceIntake;
    const listener = await startHl7Listener({
      port: 0,
      host: '127.0.0.1',
      db: () => h.database.db,
      intake: { readingRate, ingest },
      clock,
      logger: pino({ level: 'silent' }),
    });
    try {
      const run = () =>
        runHl7Simulation({
          host: '127.0.0.1',
          port: listener.port,
          mrn,
          scenario,
          speed: 1,
          fromMinute: 0,
          toMinute: 39,
          startMs,
          nowMs: () => clock.nowMs(),
          sleep: async () => undefined,
        });
      const before = await readingsOf(sessionId);
      expect(await run()).toEqual({ sent: 40, accepted: 40, errors: 0 });
      expect(await readingsOf(sessionId)).toBe(before + 40);
      // Sent again: acknowledged, nothing stored twice.
      expect(await run()).toEqual({ sent: 40, accepted: 40, errors: 0 });
      expect(await readingsOf(sessionId)).toBe(before + 40);
    } finally {
      await listener.close();
    }
  }
  const readingsOf = async (sessionId: string) =>
    Number(
      (
        await h.database.db
          .selectFrom('vital_reading')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('session_id', '=', sessionId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.each<[Scenario, 'device API' | 'HL7 v2', number, { level: string; first: number } | null]>([
    // Over HL7 the session is found by the patient's medical record number: the first two are of
    // patients with no other session in progress (a stopped one stays in progress until discharge).
    ['normal', 'HL7 v2', 0, null],
    ['hypertensive-episode', 'HL7 v2', 1, { level: 'pause', first: 35 }],
    ['desaturation', 'device API', 2, { level: 'pause', first: 22 }],
    ['hypotension', 'device API', 3, { level: 'pause', first: 25 }],
  ])('%s through the %s raises the alerts it is meant to', async (scenario, transport, index, expected) => {
    const sessionId = sessions[index] as string;
    const startMs = await startInfusion(sessionId);
    startOf.set(sessionId, startMs);
    clock.advance(40 * 60_000);
    if (transport === 'HL7 v2') await overHl7(sessionId, scenario, startMs);
    else await overDeviceApi(sessionId, scenario, startMs);
    // One infusion at a time per nurse (the site protocol's infusionsPerNurse): stop this one before the next scenario starts another.
    const nurse = await signInAs(app, 'nurse@demo.test');
    expect(
      (await injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${sessionId}/steps`, payload: { step: 'stop' } })).statusCode,
    ).toBe(200);
    const alerts = await alertsOf(sessionId);
    if (expected === null) {
      expect(alerts).toEqual([]);
    } else {
      const pauses = alerts.filter((a) => a.level === expected.level).map((a) => a.minute);
      expect(Math.min(...pauses)).toBe(expected.first);
    }
  });

  async function overDeviceApi(sessionId: string, scenario: Scenario, startMs: number): Promise<void> {
    const result = await runSimulation({
      baseUrl: url,
      token,
      sessionId,
      scenario,
      speed: 1,
      fromMinute: 0,
      toMinute: 39,
      startMs,
      minutesPerBatch: 10,
      sleep: async () => undefined,
    });
    expect(result).toEqual({ posted: 40, stored: 40 });
    const again = await runSimulation({
      baseUrl: url,
      token,
      sessionId,
      scenario,
      speed: 1,
      fromMinute: 0,
      toMinute: 39,
      startMs,
      minutesPerBatch: 40,
      sleep: async () => undefined,
    });
    expect(again.stored).toBe(0);
  }
});
