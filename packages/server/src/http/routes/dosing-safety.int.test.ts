/**
 * Safety at the chair, as a table of attempts to get past each rule (wrong order, stale data,
 * partial data, implausible data, an unsigned protocol), through the API on both engines.
 *
 * Each row gets a fresh dosing session in the state it needs, makes one attempt, and asserts the
 * status, the error code and the protocol parameter the answer names (with its provenance), and
 * either that the rows it must not touch are unchanged or the exact alert row it must raise. A row
 * fails when its rule is removed: each names the parameter or the rule that refuses it.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions, meetChecklistFacts } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { raiseTimedAlerts } from '../../services/dosing-session/raise-timed-alerts.js';

type Given = 'pre-dose' | 'pre-dose without vitals' | 'infusing' | 'observing';

interface Ctx {
  sessionId: string;
  /** Free for a row's own notes between arrange, attempt and then. */
  notes: Record<string, unknown>;
}

interface AlertRow {
  kind: string;
  level: string;
  /** A threshold parameter among those that fired (vital-sign alerts). */
  parameter?: string;
  protocolVersion: number;
  /** The rule behind it (default the vital-sign rule). */
  rule?: string;
}

/** An answer: an HTTP response, or a service's result when the attempt is the server's own sweep. */
interface Answer {
  statusCode: number;
  body: string;
}

interface Row {
  title: string;
  given: Given;
  /** The pre-dose full set the session was prepared with (default a calm 122/78). */
  preDose?: Record<string, number>;
  arrange?: (c: Ctx) => Promise<void>;
  attempt: (c: Ctx) => Promise<Answer>;
  status: number;
  /** The error code: `details.code` when the error has one, else `code`. */
  code?: string;
  /** A protocol parameter the answer names, with its provenance. */
  parameter?: string;
  /** A field the answer names (`body.readings.0.diastolic`). */
  field?: string;
  /** Tables of the session whose rows must not change (and the session's state). */
  unchanged?: readonly ('vital_reading' | 'session_alert' | 'state' | 'infusion_event')[];
  /** The alert rows the attempt must raise, exactly (`null`: none); overdue-item alerts are left aside. */
  alert?: AlertRow | readonly AlertRow[] | null;
  then?: (c: Ctx, body: Record<string, unknown>) => Promise<void>;
  cleanup?: (c: Ctx) => Promise<void>;
}

describeEachEngine('dosing safety: attempts to get past the rules at the chair', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteId: string;
  let deviceToken: string;
  const auth: Record<'nurse' | 'prescriber' | 'director' | 'therapist', TestAuth> = {} as never;
  let free: string[] = [];
  let patientId: string;

  const json = <T = Record<string, unknown>>(r: Answer): T => JSON.parse(r.body) as T;
  const signInAll = async () => {
    auth.nurse = await signInAs(app, 'nurse@demo.test');
    auth.prescriber = await signInAs(app, 'prescriber@demo.test');
    auth.director = await signInAs(app, 'director@demo.test');
    auth.therapist = await signInAs(app, 'therapist@demo.test');
  };
  /** Moves the clock, signing everyone in again (sessions end after 15 idle minutes). */
  const advance = async (minutes: number) => {
    clock.advance(minutes * 60_000);
    await signInAll();
  };
  const at = (minutes: number) => new Date(clock.nowMs() + minutes * 60_000).toISOString();
  const on = (who: keyof typeof auth, method: 'GET' | 'POST' | 'PUT', sessionId: string, path: string, payload?: object) =>
    injectAs(app, auth[who], { method, url: `/api/sessions/${sessionId}${path}`, ...(payload ? { payload } : {}) });
  // The medical director works every session (site-wide and licensed); the rows are about the rules, not the roles.
  const step = (sessionId: string, s: string, who: keyof typeof auth = 'director') => on(who, 'POST', sessionId, '/steps', { step: s });
  const vitals = (sessionId: string, readings: unknown[]) => on('director', 'POST', sessionId, '/vitals', { readings });
  const device = (sessionId: string, readings: unknown[]) =>
    app.inject({
      method: 'POST',
      url: `/api/device/sessions/${sessionId}/vitals`,
      headers: { authorization: `Bearer ${deviceToken}` },
      payload: { readings },
    });
  const full = (over: Record<string, number> = {}) => ({
    systolic: 122,
    diastolic: 78,
    heartRate: 72,
    spo2: 98,
    respiratoryRate: 14,
    ...over,
  });
  const stepUp = async (who: keyof typeof auth, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(
      await injectAs(app, auth[who], { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } }),
    ).stepUpToken;
  const view = async (sessionId: string) =>
    json<{
      state: string;
      pauseRecommended: boolean;
      protocolVersion: number;
      alerts: { id: string; kind: string; acknowledgedAt: string | null }[];
    }>(await on('director', 'GET', sessionId, ''));
  const ok = <R extends Answer>(r: R) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };

  /** Proposes a change of the site protocol (as the prescriber); returns the new version number. */
  const propose = async (path: string, value: unknown) =>
    json<{ version: number }>(
      ok(
        await injectAs(app, auth.prescriber, {
          method: 'POST',
          url: `/api/sites/${siteId}/protocol/versions`,
          payload: { changes: [{ path, value }], reason: 'a proposal under test' },
        }),
      ),
    ).version;
  const sign = async (version: number) =>
    ok(
      await injectAs(app, auth.director, {
        method: 'POST',
        url: `/api/sites/${siteId}/protocol/versions/${version}/sign`,
        payload: { stepUpToken: await stepUp('director', 'director@demo.test', 'protocol.sign') },
      }),
    );

  /** Takes a fresh session to the state a row needs. */
  async function given(state: Given, preDose: Record<string, number> = full()): Promise<string> {
    const id = free.shift();
    if (id === undefined) throw new Error('the demo has no scheduled dosing session left for this row');
    ok(await step(id, 'check-in'));
    ok(await step(id, 'begin-pre-dose'));
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, auth.director, { method, url, payload }),
      { sessionId: id, patientId },
      clock.nowMs(),
    );
    ok(await on('director', 'PUT', id, '/checklist', { intention: 'to stay with what comes' }));
    ok(await on('director', 'POST', id, '/dose-order', { vialMgPerMl: 10, diluentMl: 100 }));
    ok(
      await on('director', 'POST', id, '/dose-order/double-check', {
        stepUpToken: await stepUp('director', 'nurse@demo.test', 'dose.double-check'),
      }),
    );
    if (state === 'pre-dose without vitals') return id;
    ok(await vitals(id, [{ clientId: 'pre', measuredAt: at(-1), ...preDose }]));
    for (const a of (await view(id)).alerts.filter((x) => x.acknowledgedAt === null)) {
      ok(
        await injectAs(app, auth.director, {
          method: 'POST',
          url: `/api/alerts/${a.id}/acknowledge`,
          payload: { note: 'anxious on arrival; benefit outweighs the risk' },
        }),
      );
    }
    if (state === 'pre-dose') return id;
    ok(await step(id, 'start'));
    if (state === 'infusing') return id;
    await advance(40);
    ok(await step(id, 'stop'));
    return id;
  }

  /** Counts of the session's rows (and its state) before and after an attempt. */
  async function snapshot(sessionId: string) {
    const count = async (table: 'vital_reading' | 'session_alert' | 'infusion_event') =>
      Number(
        (
          await h.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('session_id', '=', sessionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const s = await h.database.db.selectFrom('dosing_session').select('state').where('id', '=', sessionId).executeTakeFirstOrThrow();
    return {
      vital_reading: await count('vital_reading'),
      session_alert: await count('session_alert'),
      infusion_event: await count('infusion_event'),
      state: s.state,
    };
  }

  /** Every object in a JSON tree. */
  const objectsIn = (node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] => {
    if (Array.isArray(node)) node.forEach((n) => objectsIn(n, out));
    else if (node !== null && typeof node === 'object') {
      out.push(node as Record<string, unknown>);
      Object.values(node).forEach((n) => objectsIn(n, out));
    }
    return out;
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signInAll();
    siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    const admin = await signInAs(app, 'admin@demo.test');
    deviceToken = json<{ token: string }>(
      await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId, name: 'bedside monitor' } }),
    ).token;
    // A fresh dosing session per row (DEMO-0009's, cloned). The medical director (site-wide,
    // licensed) works them; the demo's live infusion, which the director runs, is aborted first so
    // that one infusion at a time per runner leaves room for each row's.
    for (const live of await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute()) {
      ok(await on('director', 'POST', live.id, '/steps', { step: 'abort', reason: 'the safety table needs the runner free' }));
    }
    free = await addDosingSessions(h.database.db, 'DEMO-0009', 60, clock.now());
    patientId = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app.close());

  const calmAfterEnd = (minutesAgo = 2, over: Record<string, number> = {}) => ({
    clientId: `discharge-${minutesAgo}-${Object.values(over).join('-')}`,
    measuredAt: at(-minutesAgo),
    ...full(over),
  });
  /** Observing for long enough, Aldrete scored: only the discharge vital signs decide. */
  const readyButVitals = async (c: Ctx) => {
    await advance(81);
    ok(await on('director', 'PUT', c.sessionId, '/aldrete', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }));
    ok(await on('director', 'PUT', c.sessionId, '/discharge-escort', { name: 'Sam Rivers' }));
  };

  /** The server's minute sweep, as an answer (it has no HTTP route). */
  const sweep = async (): Promise<Answer> => ({
    statusCode: 200,
    body: JSON.stringify({ raised: await raiseTimedAlerts(h.database.db, clock.now(), { messageIdDomain: 'demo.test' }) }),
  });
  const asNurse = (method: 'GET' | 'POST' | 'PUT', sessionId: string, path: string, payload?: object) =>
    on('nurse', method, sessionId, path, payload);
  /** A pause-level reading now (systolic 182): a pause is recommended. */
  const pauseLevel = async (c: Ctx) =>
    ok(await vitals(c.sessionId, [{ clientId: `pause-${clock.nowMs()}`, measuredAt: at(0), ...full({ systolic: 182, diastolic: 104 }) }]));
  const alertsOf = async (sessionId: string) => (await view(sessionId)).alerts.filter((a) => a.acknowledgedAt === null);

  const rows: Row[] = [
    // The protocol in force is the signed one.
    {
      title: 'an unsigned proposal (pause at systolic 250) changes nothing: 230/130 while infusing pauses under signed version 1',
      given: 'infusing',
      arrange: async () => {
        await propose('vitals.inSession.pause.systolicAtLeast', 250);
      },
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'r1', measuredAt: at(0), ...full({ systolic: 230, diastolic: 130 }) }]),
      status: 200,
      alert: { kind: 'vitals:infusing', level: 'pause', parameter: 'vitals.inSession.pause.systolicAtLeast', protocolVersion: 1 },
    },
    {
      title: 'an unsigned proposal never blocks a start that the signed version allows',
      given: 'pre-dose',
      arrange: async () => {
        await propose('dosing.infusionMinutes', 60);
      },
      attempt: (c) => step(c.sessionId, 'start'),
      status: 200,
      then: async (c) => {
        expect((await view(c.sessionId)).protocolVersion).toBe(1);
      },
    },
    {
      title: 'a site that has never signed its protocol refuses the start (this row closes the gate on purpose)',
      given: 'pre-dose',
      arrange: async () => {
        await sql`UPDATE protocol_version SET signed_at = NULL, signed_by = NULL WHERE site_id = ${siteId}`.execute(h.database.db);
      },
      attempt: (c) => step(c.sessionId, 'start'),
      status: 409,
      code: 'PROTOCOL_NOT_SIGNED',
      unchanged: ['state', 'infusion_event'],
      cleanup: async () => {
        await sql`UPDATE protocol_version SET signed_at = now() WHERE site_id = ${siteId} AND version = 1`.execute(h.database.db);
      },
    },

    // A reading is a full set where the protocol asks for one; nothing empty or implausible is stored.
    {
      title: 'a pre-dose reading with only a systolic value is refused, the diastolic named',
      given: 'pre-dose without vitals',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'half', measuredAt: at(0), systolic: 130 }]),
      status: 400,
      code: 'READINGS_REFUSED',
      field: 'body.readings.0.diastolic',
      unchanged: ['vital_reading', 'session_alert'],
    },
    {
      title: 'an empty reading {} is refused, never stored as normal',
      given: 'infusing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'empty', measuredAt: at(0) }]),
      status: 400,
      code: 'READINGS_REFUSED',
      field: 'body.readings.0',
      unchanged: ['vital_reading', 'session_alert'],
    },
    {
      title: 'heart rate 0 alone is refused with the plausible minimum named',
      given: 'infusing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'hr0', measuredAt: at(0), heartRate: 0 }]),
      status: 400,
      code: 'READINGS_REFUSED',
      field: 'body.readings.0.heartRate',
      parameter: 'vitals.plausible.heartRateMin',
      unchanged: ['vital_reading', 'session_alert'],
    },
    {
      title: 'SpO2 150 is refused with the plausible maximum named',
      given: 'infusing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'spo2', measuredAt: at(0), ...full({ spo2: 150 }) }]),
      status: 400,
      code: 'READINGS_REFUSED',
      parameter: 'vitals.plausible.spo2Max',
      unchanged: ['vital_reading', 'session_alert'],
    },
    {
      title: 'blood pressure 80/120 (diastolic above systolic) is refused',
      given: 'infusing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'inverted', measuredAt: at(0), ...full({ systolic: 80, diastolic: 120 }) }]),
      status: 400,
      code: 'READINGS_REFUSED',
      field: 'body.readings.0.diastolic',
      unchanged: ['vital_reading', 'session_alert'],
    },
    {
      title: 'a partial pre-dose set (no SpO2) does not meet the checklist: the start is refused',
      given: 'pre-dose without vitals',
      arrange: async (c) => {
        ok(await vitals(c.sessionId, [{ clientId: 'partial', measuredAt: at(-1), systolic: 122, diastolic: 78, heartRate: 72 }]));
      },
      attempt: (c) => step(c.sessionId, 'start'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'vitals.preDose.fullSetWithinMinutes',
      unchanged: ['state', 'infusion_event'],
    },
    {
      title: 'a pre-dose full set 32 min old is stale: the start is refused',
      given: 'pre-dose',
      arrange: async () => advance(31),
      attempt: (c) => step(c.sessionId, 'start'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'vitals.preDose.fullSetWithinMinutes',
      unchanged: ['state', 'infusion_event'],
    },
    {
      title: 'a stale full set and a recent partial one (no SpO2): only the stale one is a full set, the start is refused',
      given: 'pre-dose',
      arrange: async (c) => {
        await advance(31);
        ok(await vitals(c.sessionId, [{ clientId: 'late-partial', measuredAt: at(-1), systolic: 120, diastolic: 76, heartRate: 70 }]));
      },
      attempt: (c) => step(c.sessionId, 'start'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'vitals.preDose.fullSetWithinMinutes',
      unchanged: ['state', 'infusion_event'],
    },
    {
      title: 'a stale full set and a full set dated 30 s ahead (the monitor clock): not taken yet, the start is refused',
      given: 'pre-dose',
      arrange: async (c) => {
        await advance(31);
        ok(await vitals(c.sessionId, [{ clientId: 'ahead', measuredAt: at(0.5), ...full() }]));
      },
      attempt: (c) => step(c.sessionId, 'start'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'vitals.preDose.fullSetWithinMinutes',
      unchanged: ['state', 'infusion_event'],
    },

    {
      title: 'an infusion stopped the moment it started keeps its console and its observation (no error)',
      given: 'infusing',
      attempt: (c) => step(c.sessionId, 'stop'),
      status: 200,
      then: async (c) => expect((await view(c.sessionId)).state).toBe('observing'),
    },

    // Device batches are judged reading by reading.
    {
      title: 'a device batch with heart rate 0 in one reading stores the 220/120 beside it and raises its alarm',
      given: 'infusing',
      attempt: (c) =>
        device(c.sessionId, [
          { clientId: 'd1', measuredAt: at(0), ...full({ systolic: 220, diastolic: 120 }) },
          { clientId: 'd2', measuredAt: at(0), ...full({ heartRate: 0 }) },
        ]),
      status: 200,
      parameter: 'vitals.plausible.heartRateMin',
      field: 'body.readings.1.heartRate',
      alert: { kind: 'vitals:infusing', level: 'pause', parameter: 'vitals.inSession.pause.systolicAtLeast', protocolVersion: 1 },
      then: async (c, body) => {
        expect(body).toMatchObject({ stored: 1, duplicates: 0, refused: [{ index: 1, clientId: 'd2' }] });
        expect((await view(c.sessionId)).pauseRecommended).toBe(true);
        // Idempotency by client id stays: the same batch again stores nothing and refuses the same reading.
        expect(
          json(
            ok(
              await device(c.sessionId, [
                { clientId: 'd1', measuredAt: at(0), ...full({ systolic: 220, diastolic: 120 }) },
                { clientId: 'd2', measuredAt: at(0), ...full({ heartRate: 0 }) },
              ]),
            ),
          ),
        ).toMatchObject({ stored: 0, duplicates: 1, refused: [{ index: 1 }] });
      },
    },
    {
      title: 'a malformed reading (systolic "high") is refused by index; the rest of the batch is stored',
      given: 'infusing',
      attempt: (c) =>
        device(c.sessionId, [
          { clientId: 'm1', measuredAt: at(0), ...full(), systolic: 'high' },
          { clientId: 'm2', measuredAt: at(0), ...full() },
        ]),
      status: 200,
      field: 'body.readings.0.systolic',
      alert: null,
      then: async (_c, body) => expect(body).toMatchObject({ stored: 1, refused: [{ index: 0, clientId: 'm1' }] }),
    },
    {
      title: 'a reading dated 10 min in the future is refused in its batch',
      given: 'infusing',
      attempt: (c) =>
        device(c.sessionId, [
          { clientId: 'f1', measuredAt: at(10), ...full() },
          { clientId: 'f2', measuredAt: at(0), ...full() },
        ]),
      status: 200,
      field: 'body.readings.0.measuredAt',
      alert: null,
      then: async (_c, body) => expect(body).toMatchObject({ stored: 1, refused: [{ index: 0 }] }),
    },
    {
      title: 'a device batch with no storable reading is a 400 and stores nothing',
      given: 'infusing',
      attempt: (c) =>
        device(c.sessionId, [
          { clientId: 'x1', measuredAt: at(0), heartRate: 0 },
          { clientId: 'x2', measuredAt: at(0) },
        ]),
      status: 400,
      code: 'READINGS_REFUSED',
      parameter: 'vitals.plausible.heartRateMin',
      unchanged: ['vital_reading', 'session_alert'],
    },

    // Hypotension.
    {
      title: '70/40 while infusing pauses (systolic below 80) and recommends a pause',
      given: 'infusing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'low', measuredAt: at(0), ...full({ systolic: 70, diastolic: 40 }) }]),
      status: 200,
      alert: { kind: 'vitals:infusing', level: 'pause', parameter: 'vitals.inSession.pause.systolicBelow', protocolVersion: 1 },
      then: async (c) => expect((await view(c.sessionId)).pauseRecommended).toBe(true),
    },
    {
      title: '85/55 while infusing warns (systolic below 90)',
      given: 'infusing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'lowish', measuredAt: at(0), ...full({ systolic: 85, diastolic: 55 }) }]),
      status: 200,
      alert: { kind: 'vitals:infusing', level: 'warn', parameter: 'vitals.inSession.warn.systolicBelow', protocolVersion: 1 },
    },
    {
      title: '78/50 before dosing is a hold (systolic below 80) that keeps the infusion from starting',
      given: 'pre-dose without vitals',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'pre-low', measuredAt: at(-1), ...full({ systolic: 78, diastolic: 50 }) }]),
      status: 200,
      alert: { kind: 'vitals:pre-dose', level: 'hold', parameter: 'vitals.preDose.hold.systolicBelow', protocolVersion: 1 },
      then: async (c) => {
        const start = await step(c.sessionId, 'start');
        expect(start.statusCode).toBe(409);
        expect(json(start)).toMatchObject({ error: { details: { code: 'CHECKLIST_INCOMPLETE', unmet: [{ id: 'pre-dose-vitals' }] } } });
      },
    },
    {
      title: '79/60 after the infusion escalates (systolic below 80)',
      given: 'observing',
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'obs-low', measuredAt: at(0), ...full({ systolic: 79, diastolic: 60 }) }]),
      status: 200,
      alert: { kind: 'vitals:observing', level: 'escalate', parameter: 'vitals.inSession.pause.systolicBelow', protocolVersion: 1 },
    },

    // Discharge.
    {
      title: 'with no reading after the infusion, discharge is refused: take discharge vital signs (never the pre-dose set against itself)',
      given: 'observing',
      arrange: readyButVitals,
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 409,
      code: 'NOT_READY_FOR_DISCHARGE',
      parameter: 'vitals.discharge.fullSetWithinMinutes',
      unchanged: ['state'],
    },
    {
      title: 'a discharge set taken 16 min before is too old: discharge is refused',
      given: 'observing',
      arrange: async (c) => {
        await readyButVitals(c);
        ok(await vitals(c.sessionId, [calmAfterEnd(16)]));
      },
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 409,
      code: 'NOT_READY_FOR_DISCHARGE',
      parameter: 'vitals.discharge.fullSetWithinMinutes',
      unchanged: ['state'],
    },
    {
      title: 'a set after the infusion without SpO2 is not a discharge set: discharge is refused',
      given: 'observing',
      arrange: async (c) => {
        await readyButVitals(c);
        ok(await vitals(c.sessionId, [{ clientId: 'no-spo2', measuredAt: at(-2), systolic: 124, diastolic: 78, heartRate: 70 }]));
      },
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 409,
      code: 'NOT_READY_FOR_DISCHARGE',
      parameter: 'vitals.discharge.fullSetWithinMinutes',
      unchanged: ['state'],
    },
    {
      title: 'systolic 88 in the discharge set is below the floor of 90: discharge is refused',
      given: 'observing',
      arrange: async (c) => {
        await readyButVitals(c);
        ok(await vitals(c.sessionId, [calmAfterEnd(2, { systolic: 88, diastolic: 58 })]));
      },
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 409,
      code: 'NOT_READY_FOR_DISCHARGE',
      parameter: 'vitals.discharge.systolicAtLeast',
      unchanged: ['state'],
    },
    {
      title: '165/80 at discharge, 43 above the pre-dose 122/78 and at the warning level: discharge is refused',
      given: 'observing',
      arrange: async (c) => {
        await readyButVitals(c);
        ok(await vitals(c.sessionId, [calmAfterEnd(2, { systolic: 165, diastolic: 80 })]));
      },
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 409,
      code: 'NOT_READY_FOR_DISCHARGE',
      parameter: 'vitals.discharge.bloodPressureWithinMmHg',
      unchanged: ['state'],
    },
    {
      title: 'an anxious pre-dose 148/92 does not keep a recovered 126/80 patient from discharge',
      given: 'observing',
      preDose: full({ systolic: 148, diastolic: 92 }),
      arrange: async (c) => {
        await readyButVitals(c);
        ok(await vitals(c.sessionId, [calmAfterEnd(2, { systolic: 126, diastolic: 80 })]));
      },
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 200,
      then: async (c) => expect((await view(c.sessionId)).state).toBe('discharged'),
    },

    // The pump: the rate within 10% of the order is anyone's; beyond it a prescriber's, through step-up.
    {
      title: 'a nurse sets the pump to 2000 mL/h against an ordered 155.6 mL/h: refused, the tolerance named',
      given: 'infusing',
      attempt: (c) => asNurse('POST', c.sessionId, '/rate', { rateMlPerHour: 2000, reason: 'speeding it up' }),
      status: 403,
      code: 'RATE_NEEDS_PRESCRIBER',
      parameter: 'dosing.rateChangeTolerancePercent',
      unchanged: ['infusion_event', 'state'],
    },
    {
      title: 'a prescriber signed in on their own screen still needs a step-up beyond the tolerance',
      given: 'infusing',
      attempt: (c) => on('prescriber', 'POST', c.sessionId, '/rate', { rateMlPerHour: 200, reason: 'faster' }),
      status: 403,
      code: 'RATE_NEEDS_PRESCRIBER',
      parameter: 'dosing.rateChangeTolerancePercent',
      unchanged: ['infusion_event'],
    },
    {
      title: 'a nurse’s step-up is not a prescriber’s: 2000 mL/h stays refused',
      given: 'infusing',
      attempt: async (c) =>
        asNurse('POST', c.sessionId, '/rate', {
          rateMlPerHour: 2000,
          reason: 'speeding it up',
          stepUpToken: await stepUp('nurse', 'nurse@demo.test', 'rate.change'),
        }),
      status: 403,
      code: 'RATE_NEEDS_PRESCRIBER',
      unchanged: ['infusion_event'],
    },
    {
      title: 'a nurse changes the rate within 10% (171 mL/h) with a reason',
      given: 'infusing',
      attempt: (c) => asNurse('POST', c.sessionId, '/rate', { rateMlPerHour: 171, reason: 'pump recalibrated' }),
      status: 200,
      alert: null,
    },
    {
      title:
        'a prescriber’s step-up on the nurse’s tablet allows 2000 mL/h; the bag is infused in about 3 min and the sweep raises the bag alarm once',
      given: 'infusing',
      arrange: async (c) => {
        ok(
          await asNurse('POST', c.sessionId, '/rate', {
            rateMlPerHour: 2000,
            reason: 'bolus ordered by the prescriber',
            stepUpToken: await stepUp('nurse', 'prescriber@demo.test', 'rate.change'),
          }),
        );
        await advance(4);
      },
      attempt: sweep,
      status: 200,
      alert: { kind: 'infusion:bag-complete', level: 'warn', protocolVersion: 1, rule: 'session.bag-complete@1' },
      then: async (c) => {
        const v = json<{ infusion: { infusedMl: number; bagTotalMl: number; infusedMg: number; orderedMg: number } }>(
          ok(await asNurse('GET', c.sessionId, '')),
        );
        expect(v.infusion).toMatchObject({ infusedMl: 103.7, bagTotalMl: 103.71, orderedMg: 37.1, infusedMg: 37.1 });
        await sweep();
        expect((await alertsOf(c.sessionId)).filter((a) => a.kind === 'infusion:bag-complete')).toHaveLength(1);
      },
    },
    {
      title: 'the planned 40 minutes pass without a stop: the sweep raises the planned-end alarm (and the bag alarm) once',
      given: 'infusing',
      arrange: async () => advance(41),
      attempt: sweep,
      status: 200,
      alert: [
        { kind: 'infusion:bag-complete', level: 'warn', protocolVersion: 1, rule: 'session.bag-complete@1' },
        { kind: 'infusion:planned-end', level: 'warn', protocolVersion: 1, rule: 'session.planned-end@1' },
      ],
    },
    {
      title: 'a 10-min pause is not counted: at 45 min with a pause the planned end has not passed',
      given: 'infusing',
      arrange: async (c) => {
        await advance(10);
        ok(await on('nurse', 'POST', c.sessionId, '/steps', { step: 'pause', reason: 'patient asked for a break' }));
      },
      attempt: async (c) => {
        await advance(10);
        ok(await on('nurse', 'POST', c.sessionId, '/steps', { step: 'resume' }));
        await advance(25);
        return sweep();
      },
      status: 200,
      alert: null,
    },

    // Pauses.
    {
      title: 'a nurse declines a recommended pause: refused, a prescriber decides',
      given: 'infusing',
      arrange: async (c) => {
        await pauseLevel(c);
      },
      attempt: (c) => asNurse('POST', c.sessionId, '/decline-pause', { reason: 'looks fine to me' }),
      status: 403,
      code: 'DECLINE_NEEDS_PRESCRIBER',
      unchanged: ['state', 'infusion_event'],
      then: async (c) => {
        expect((await view(c.sessionId)).pauseRecommended).toBe(true);
        const declined = await asNurse('POST', c.sessionId, '/decline-pause', {
          reason: 'a repeat reading in 2 min first',
          stepUpToken: await stepUp('nurse', 'prescriber@demo.test', 'pause.decline'),
        });
        expect(declined.statusCode).toBe(200);
        expect((await view(c.sessionId)).pauseRecommended).toBe(false);
      },
    },
    {
      title: 'a nurse acknowledges a pause-level alert: refused, a prescriber acknowledges it',
      given: 'infusing',
      arrange: async (c) => {
        await pauseLevel(c);
        c.notes.alertId = (await alertsOf(c.sessionId)).find((a) => a.kind === 'vitals:infusing')?.id;
      },
      attempt: (c) => injectAs(app, auth.nurse, { method: 'POST', url: `/api/alerts/${String(c.notes.alertId)}/acknowledge`, payload: {} }),
      status: 403,
      code: 'ACKNOWLEDGE_NEEDS_PRESCRIBER',
      then: async (c) => {
        const byPrescriber = await injectAs(app, auth.nurse, {
          method: 'POST',
          url: `/api/alerts/${String(c.notes.alertId)}/acknowledge`,
          payload: { stepUpToken: await stepUp('nurse', 'prescriber@demo.test', 'alert.acknowledge') },
        });
        expect(byPrescriber.statusCode).toBe(200);
      },
    },
    {
      title: 'after a vital-sign pause a nurse resumes while the latest full set is still at 165/95: refused',
      given: 'infusing',
      arrange: async (c) => {
        await pauseLevel(c);
        ok(await on('nurse', 'POST', c.sessionId, '/steps', { step: 'pause', reason: 'systolic 182: paused per protocol' }));
        await advance(3);
        ok(await vitals(c.sessionId, [{ clientId: 'recheck', measuredAt: at(0), ...full({ systolic: 165, diastolic: 95 }) }]));
      },
      attempt: (c) => asNurse('POST', c.sessionId, '/steps', { step: 'resume' }),
      status: 403,
      code: 'RESUME_NEEDS_PRESCRIBER',
      unchanged: ['state', 'infusion_event'],
      then: async (c) => {
        // A prescriber's step-up and a reason resume it.
        const withoutReason = await asNurse('POST', c.sessionId, '/steps', {
          step: 'resume',
          stepUpToken: await stepUp('nurse', 'prescriber@demo.test', 'pause.resume'),
        });
        expect(withoutReason.statusCode).toBe(400);
        const resumed = await asNurse('POST', c.sessionId, '/steps', {
          step: 'resume',
          reason: 'BP settling; half rate for 10 min',
          stepUpToken: await stepUp('nurse', 'prescriber@demo.test', 'pause.resume'),
        });
        expect(resumed.statusCode).toBe(200);
      },
    },
    {
      title: 'after a vital-sign pause the nurse resumes once a full set is back below the warning level',
      given: 'infusing',
      arrange: async (c) => {
        await pauseLevel(c);
        ok(await on('nurse', 'POST', c.sessionId, '/steps', { step: 'pause', reason: 'systolic 182: paused per protocol' }));
        await advance(3);
        ok(await vitals(c.sessionId, [{ clientId: 'recheck', measuredAt: at(0), ...full({ systolic: 148, diastolic: 88 }) }]));
      },
      attempt: (c) => asNurse('POST', c.sessionId, '/steps', { step: 'resume' }),
      status: 200,
    },
    {
      title:
        'a pause-level alert no prescriber acknowledged for 5 min becomes an urgent task and a message to the prescriber and the medical directors',
      given: 'infusing',
      arrange: async (c) => {
        await pauseLevel(c);
        await advance(4);
        await sweep();
        // At 4 min nothing is escalated yet.
        expect(
          await h.database.db
            .selectFrom('clinical_task')
            .select('id')
            .where('kind', '=', 'unacknowledged-escalation')
            .where(sql<boolean>`details->>'sessionId' = ${c.sessionId}`)
            .execute(),
        ).toEqual([]);
        await advance(1);
      },
      attempt: sweep,
      status: 200,
      alert: null,
      then: async (c) => {
        const tasks = await h.database.db
          .selectFrom('clinical_task')
          .selectAll()
          .where('kind', '=', 'unacknowledged-escalation')
          .where(sql<boolean>`details->>'sessionId' = ${c.sessionId}`)
          .execute();
        expect(tasks).toHaveLength(1);
        const task = tasks[0] as (typeof tasks)[number];
        expect(task).toMatchObject({ urgency: 'urgent' });
        expect(task.details).toMatchObject({ parameter: 'vitals.escalation.unacknowledgedMinutes', protocolVersion: 1 });
        const users = await h.database.db.selectFrom('app_user').select(['id', 'email']).where('id', 'in', task.assignees).execute();
        expect(users.map((u) => u.email)).toContain('director@demo.test');
        const messages = await h.database.db
          .selectFrom('message')
          .select(['to_address', 'body'])
          .where('kind', '=', 'escalation')
          .where('dedupe_key', 'like', `escalation:${task.source_alert_id}:%`)
          .execute();
        expect(messages.map((m) => m.to_address).sort()).toEqual(users.map((u) => u.email).sort());
        expect(messages.every((m) => !m.body.includes('Xen') && !m.body.includes('DEMO-'))).toBe(true);
        expect((await view(c.sessionId)).alerts.find((a) => a.kind === 'vitals:infusing')).toBeDefined();
        // Once per alert: the next sweep adds nothing.
        await sweep();
        expect(
          await h.database.db
            .selectFrom('clinical_task')
            .select('id')
            .where('kind', '=', 'unacknowledged-escalation')
            .where(sql<boolean>`details->>'sessionId' = ${c.sessionId}`)
            .execute(),
        ).toHaveLength(1);
      },
    },

    // The checklist's facts.
    {
      title: 'a high-risk C-SSRS today holds the infusion; a nurse cannot override it',
      given: 'pre-dose',
      arrange: async () => {
        ok(
          await injectAs(app, auth.nurse, {
            method: 'POST',
            url: `/api/patients/${patientId}/questionnaires`,
            payload: {
              instrument: 'cssrs',
              answers: { form: 'since-last-contact', answers: { q1: true, q2: true, q3: true, q4: true, q5: false, q6: false } },
            },
          }),
        );
      },
      attempt: (c) => step(c.sessionId, 'start', 'nurse'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      unchanged: ['state', 'infusion_event'],
      then: async (c, body) => {
        expect(body).toMatchObject({ error: { details: { unmet: [{ id: 'cssrs-today', status: 'hold' }] } } });
        const heldFor = 'high suicide risk on today’s C-SSRS: no infusion unless a prescriber overrides with a reason';
        const byNurse = await asNurse('POST', c.sessionId, '/checklist/override', {
          item: 'cssrs-today',
          heldFor,
          reason: 'patient says fine',
        });
        expect(json(byNurse)).toMatchObject({ error: { code: 'FORBIDDEN', details: { code: 'OVERRIDE_NEEDS_PRESCRIBER' } } });
        const byPrescriber = await asNurse('POST', c.sessionId, '/checklist/override', {
          item: 'cssrs-today',
          heldFor,
          reason: 'assessed by the prescriber: safety plan in place, proceed',
          stepUpToken: await stepUp('nurse', 'prescriber@demo.test', 'checklist.override'),
        });
        expect(byPrescriber.statusCode).toBe(200);
        expect((await step(c.sessionId, 'start', 'nurse')).statusCode).toBe(200);
      },
    },
    {
      title: 'no C-SSRS answered today (a positive PHQ-9 item 9 yesterday): the start is refused',
      given: 'pre-dose',
      arrange: async () => {
        // The C-SSRS the builder entered is moved to yesterday.
        await sql`UPDATE questionnaire_response SET completed_at = completed_at - interval '1 day' WHERE patient_id = ${patientId} AND instrument = 'cssrs'`.execute(
          h.database.db,
        );
      },
      attempt: (c) => step(c.sessionId, 'start', 'nurse'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      unchanged: ['state', 'infusion_event'],
      then: async (_c, body) => expect(body).toMatchObject({ error: { details: { unmet: [{ id: 'cssrs-today', status: 'to-do' }] } } }),
    },
    {
      title: 'a benzodiazepine taken 6 h before is a hold, the protocol’s 12 h named',
      given: 'pre-dose',
      arrange: async (c) => {
        c.notes.factId = json<{ id: string }>(
          ok(
            await injectAs(app, auth.nurse, {
              method: 'POST',
              url: `/api/patients/${patientId}/facts`,
              payload: { kind: 'medication', data: { name: 'Lorazepam', dailyDoseMg: 1 } },
            }),
          ),
        ).id;
        ok(await asNurse('PUT', c.sessionId, '/checklist', { benzodiazepineLastDoseAt: at(-6 * 60) }));
      },
      attempt: (c) => step(c.sessionId, 'start', 'nurse'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'preDose.benzodiazepineLastDoseMinHours',
      unchanged: ['state', 'infusion_event'],
      then: async (_c, body) =>
        expect(body).toMatchObject({
          error: { details: { unmet: expect.arrayContaining([expect.objectContaining({ id: 'benzodiazepine-hold', status: 'hold' })]) } },
        }),
      cleanup: async (c) => {
        ok(
          await injectAs(app, auth.nurse, {
            method: 'DELETE',
            url: `/api/patients/${patientId}/facts/${String(c.notes.factId)}`,
            payload: { reason: 'test row done' },
          }),
        );
        // The lorazepam put the patient's screening on review hold (screening-holds.int.test.ts): released for the next rows.
        const enrollment = await h.database.db
          .selectFrom('dosing_session')
          .select('enrollment_id')
          .where('id', '=', c.sessionId)
          .executeTakeFirstOrThrow();
        ok(
          await injectAs(app, auth.prescriber, {
            method: 'POST',
            url: `/api/enrollments/${enrollment.enrollment_id}/screening/hold/release`,
            payload: { reason: 'test row done', stepUpToken: await stepUp('prescriber', 'prescriber@demo.test', 'screening.release-hold') },
          }),
        );
      },
    },
    {
      title: 'a benzodiazepine dose time in the future is refused, the field named',
      given: 'pre-dose',
      attempt: (c) => asNurse('PUT', c.sessionId, '/checklist', { benzodiazepineLastDoseAt: at(60) }),
      status: 400,
      field: 'body.benzodiazepineLastDoseAt',
    },
    {
      title: 'solids 4 h before: not fasted long enough, the protocol’s 6 h named',
      given: 'pre-dose',
      arrange: async (c) => {
        ok(await asNurse('PUT', c.sessionId, '/checklist', { fasting: { lastSolidsAt: at(-4 * 60), lastClearLiquidsAt: at(-3 * 60) } }));
      },
      attempt: (c) => step(c.sessionId, 'start', 'nurse'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'preDose.fasting.solidsHours',
      unchanged: ['state', 'infusion_event'],
    },
    {
      title: 'no premedication recorded: the start is refused',
      given: 'pre-dose',
      arrange: async () => {
        await sql`DELETE FROM session_medication WHERE purpose = 'premedication' AND session_id IN (SELECT id FROM dosing_session WHERE patient_id = ${patientId} AND state = 'pre-dose')`.execute(
          h.database.db,
        );
      },
      attempt: (c) => step(c.sessionId, 'start', 'nurse'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'preDose.premedicationOffered',
      unchanged: ['state', 'infusion_event'],
    },

    {
      title: 'a session booked 100 days after the work-up: the physical exam and labs are past their 90 days on its date, a checklist hold',
      given: 'pre-dose',
      arrange: async (c) => {
        c.notes.late = (await addDosingSessions(h.database.db, 'DEMO-0009', 1, clock.now(), 100))[0];
        free.unshift(c.notes.late as string);
        c.sessionId = await given('pre-dose');
      },
      attempt: (c) => step(c.sessionId, 'start', 'nurse'),
      status: 409,
      code: 'CHECKLIST_INCOMPLETE',
      parameter: 'screening.itemMaxAgeDays',
      unchanged: ['state', 'infusion_event'],
      then: async (_c, body) => expect(body).toMatchObject({ error: { details: { unmet: [{ id: 'screening-items', status: 'hold' }] } } }),
    },

    // The stop time, adverse-event treatments, the escort at discharge.
    {
      title: 'a stop corrected to before the infusion started is refused, the field named',
      given: 'observing',
      attempt: (c) => asNurse('POST', c.sessionId, '/stop-time', { at: at(-120), reason: 'entered late' }),
      status: 400,
      field: 'body.at',
      unchanged: ['infusion_event'],
    },
    {
      title: 'a stop entered late is corrected by the nurse with a reason; the original stays in the events',
      given: 'observing',
      attempt: (c) =>
        asNurse('POST', c.sessionId, '/stop-time', { at: at(-5), reason: 'pump stopped at the bag’s end; stop pressed late' }),
      status: 200,
      then: async (c) => {
        const v = json<{
          infusionEndedAt: string;
          infusion: { events: { kind: string; details: { originalAt?: string } }[]; runningMinutes: number };
        }>(ok(await asNurse('GET', c.sessionId, '')));
        expect(v.infusionEndedAt).toBe(at(-5));
        expect(v.infusion.events.map((e) => e.kind)).toEqual(['start', 'stop', 'stop-corrected']);
        expect(v.infusion.events.at(-1)?.details.originalAt).toBe(at(0));
        expect(v.infusion.runningMinutes).toBe(35);
      },
    },
    {
      title: 'a treatment given "in the future" is refused with the field named, nothing stored',
      given: 'infusing',
      arrange: async (c) => {
        c.notes.aeId = json<{ id: string }>(
          ok(
            await asNurse('POST', c.sessionId, '/adverse-events', {
              kind: 'nausea',
              severity: 'mild',
              serious: false,
              occurredAt: at(-1),
              actionTaken: 'ondansetron given',
            }),
          ),
        ).id;
      },
      attempt: (c) =>
        asNurse('POST', c.sessionId, '/medications', {
          purpose: 'treatment',
          adverseEventId: c.notes.aeId,
          drug: 'ondansetron',
          dose: 4,
          unit: 'mg',
          route: 'IV',
          givenAt: at(30),
        }),
      status: 400,
      field: 'body.givenAt',
      then: async (c) => {
        expect(
          await h.database.db.selectFrom('session_medication').select('id').where('adverse_event_id', '=', String(c.notes.aeId)).execute(),
        ).toEqual([]);
        ok(
          await asNurse('POST', c.sessionId, '/medications', {
            purpose: 'treatment',
            adverseEventId: c.notes.aeId,
            drug: 'ondansetron',
            dose: 4,
            unit: 'mg',
            route: 'IV',
            givenAt: at(0),
          }),
        );
        const listed = json<{ items: { treatments: { drug: string; dose: number; route: string }[] }[] }>(
          ok(await asNurse('GET', c.sessionId, '/adverse-events')),
        );
        expect(listed.items[0]?.treatments).toMatchObject([{ drug: 'ondansetron', dose: 4, route: 'IV' }]);
      },
    },
    {
      title: 'hypotension reported as an adverse event with its treatment given',
      given: 'infusing',
      attempt: (c) =>
        asNurse('POST', c.sessionId, '/adverse-events', {
          kind: 'hypotension',
          severity: 'moderate',
          serious: false,
          occurredAt: at(-2),
          actionTaken: 'infusion paused, legs raised, fluid bolus',
          treatments: [{ drug: 'sodium chloride 0.9%', dose: 250, unit: 'mL', route: 'IV', givenAt: at(-1) }],
        }),
      status: 201,
    },
    {
      title: 'discharge waits for the escort confirmed at discharge',
      given: 'observing',
      arrange: async (c) => {
        await advance(81);
        ok(
          await on('director', 'PUT', c.sessionId, '/aldrete', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }),
        );
        ok(await vitals(c.sessionId, [calmAfterEnd(2)]));
      },
      attempt: (c) => step(c.sessionId, 'discharge'),
      status: 409,
      code: 'NOT_READY_FOR_DISCHARGE',
      unchanged: ['state'],
      then: async (c, body) => {
        expect(body).toMatchObject({ error: { details: { unmet: [{ id: 'escort', status: 'missing' }] } } });
        ok(await on('director', 'PUT', c.sessionId, '/discharge-escort', { name: 'Sam Rivers' }));
        expect((await step(c.sessionId, 'discharge')).statusCode).toBe(200);
      },
    },

    // A version signed mid-session applies to later sessions; the running one keeps its own.
    {
      title: 'a version signed mid-infusion (pause at 250) does not change the running session: 230/130 still pauses under version 1',
      given: 'infusing',
      arrange: async (c) => {
        c.notes.signed =
          (await sign(await propose('vitals.inSession.pause.systolicAtLeast', 250)), (await view(c.sessionId)).protocolVersion);
        const check = json<{ version: number }>(
          ok(await injectAs(app, auth.nurse, { method: 'GET', url: `/api/sites/${siteId}/protocol/dosing-check` })),
        );
        c.notes.inForce = check.version;
      },
      attempt: (c) => vitals(c.sessionId, [{ clientId: 'mid', measuredAt: at(0), ...full({ systolic: 230, diastolic: 105 }) }]),
      status: 200,
      alert: { kind: 'vitals:infusing', level: 'pause', parameter: 'vitals.inSession.pause.systolicAtLeast', protocolVersion: 1 },
      then: async (c) => {
        // A session started now runs under the signed version: 230/105 only warns there.
        ok(await step(c.sessionId, 'stop'));
        const later = await given('infusing');
        const inForce = c.notes.inForce as number;
        expect(inForce).toBeGreaterThan(1);
        expect((await view(later)).protocolVersion).toBe(inForce);
        ok(await vitals(later, [{ clientId: 'later', measuredAt: at(0), ...full({ systolic: 230, diastolic: 105 }) }]));
        const alert = await h.database.db
          .selectFrom('session_alert')
          .selectAll()
          .where('session_id', '=', later)
          .where('kind', '=', 'vitals:infusing')
          .executeTakeFirstOrThrow();
        expect([alert.level, alert.protocol_version]).toEqual(['warn', inForce]);
        ok(await on('director', 'POST', later, '/steps', { step: 'abort', reason: 'test row done' }));
      },
      cleanup: async () => {
        await sign(await propose('vitals.inSession.pause.systolicAtLeast', 180));
      },
    },
  ];

  it.each(rows)('$title', async (row) => {
    const c: Ctx = { sessionId: await given(row.given, row.preDose), notes: {} };
    try {
      await row.arrange?.(c);
      const before = await snapshot(c.sessionId);
      const alertsBefore = new Set(
        (await h.database.db.selectFrom('session_alert').select('id').where('session_id', '=', c.sessionId).execute()).map((a) => a.id),
      );
      const auditBefore = Number(
        (
          await h.database.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('outcome', '=', 'denied')
            .executeTakeFirstOrThrow()
        ).n,
      );
      const res = await row.attempt(c);
      expect(res.statusCode, res.body).toBe(row.status);
      const body = json(res);
      const error = (body as { error?: { code: string; details?: { code?: string } } }).error;
      if (row.code !== undefined) expect(error?.details?.code ?? error?.code).toBe(row.code);
      if (row.parameter !== undefined) {
        const named = objectsIn(body).find((o) => o.parameter === row.parameter && typeof o.provenance === 'object');
        expect(named, `the answer names ${row.parameter} with its provenance: ${res.body}`).toBeDefined();
        expect((named?.provenance as { kind: string }).kind).toMatch(/^(site-default|brief|source)$/);
      }
      if (row.field !== undefined)
        expect(
          objectsIn(body).some((o) => o.field === row.field),
          `the answer names ${row.field}: ${res.body}`,
        ).toBe(true);
      const after = await snapshot(c.sessionId);
      for (const what of row.unchanged ?? []) expect(after[what], what).toEqual(before[what]);
      if (row.alert !== undefined) {
        const added = (
          await h.database.db.selectFrom('session_alert').selectAll().where('session_id', '=', c.sessionId).orderBy('kind').execute()
        ).filter((a) => !alertsBefore.has(a.id) && a.kind !== 'overdue');
        const expected = row.alert === null ? [] : Array.isArray(row.alert) ? row.alert : [row.alert as AlertRow];
        expect(added.map((a) => ({ kind: a.kind, level: a.level, protocolVersion: a.protocol_version }))).toEqual(
          expected.map((e) => ({ kind: e.kind, level: e.level, protocolVersion: e.protocolVersion })),
        );
        for (const [i, e] of expected.entries()) {
          const a = added[i] as (typeof added)[number];
          if (e.parameter !== undefined)
            expect((a.details as { fired: { parameter: string }[] }).fired.map((f) => f.parameter)).toContain(e.parameter);
          expect(a.rule_ids).toEqual(e.rule !== undefined ? [e.rule] : ['monitoring.vital-signs@2', 'monitoring.alert-episode@1']);
        }
      }
      if (row.status === 403 || row.status === 409 || row.code === 'READINGS_REFUSED') {
        // Every refusal of an act is on the record, though its transaction rolled back.
        const auditAfter = Number(
          (
            await h.database.db
              .selectFrom('audit_event')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('outcome', '=', 'denied')
              .executeTakeFirstOrThrow()
          ).n,
        );
        expect(auditAfter).toBeGreaterThan(auditBefore);
      }
      await row.then?.(c, body);
    } finally {
      await row.cleanup?.(c);
      // Leave no infusion running (one per nurse at a time) for the next row.
      const state = (await view(c.sessionId)).state;
      if (!['discharged', 'aborted'].includes(state))
        ok(await on('director', 'POST', c.sessionId, '/steps', { step: 'abort', reason: 'test row done' }));
    }
  });

  it('closer monitoring: a patient on phenelzine or with controlled hypertension has vital signs due every 5 min, and the console says why', async () => {
    const add = async (payload: object) =>
      json<{ id: string }>(ok(await injectAs(app, auth.nurse, { method: 'POST', url: `/api/patients/${patientId}/facts`, payload }))).id;
    const facts = [
      await add({ kind: 'medication', data: { name: 'Nardil' } }),
      await add({ kind: 'condition', data: { code: 'controlled-hypertension' } }),
    ];
    const id = await given('infusing');
    try {
      await advance(11);
      const v = json<{
        monitoring: {
          closer: { reasons: string[]; everyMinutes: number } | null;
          items: { minuteFromStart: number; reasons: string[] }[];
          overdue: { item: { minuteFromStart: number } }[];
        };
      }>(ok(await on('nurse', 'GET', id, '')));
      expect(v.monitoring.closer).toMatchObject({ everyMinutes: 5 });
      expect(v.monitoring.closer?.reasons).toEqual(['Nardil (an MAOI)', 'controlled hypertension']);
      expect(
        v.monitoring.items
          .filter((i) => i.reasons.includes('vitals-closer-monitoring'))
          .map((i) => i.minuteFromStart)
          .slice(0, 2),
      ).toEqual([5, 10]);
      // The 5-min reading was not taken: overdue at 11 min (5 min past due, inclusive window).
      expect(v.monitoring.overdue.map((o) => o.item.minuteFromStart)).toContain(5);
      // Controlled hypertension is no contraindication: screening ignores it.
    } finally {
      ok(await on('director', 'POST', id, '/steps', { step: 'abort', reason: 'test done' }));
      for (const f of facts)
        ok(
          await injectAs(app, auth.nurse, {
            method: 'DELETE',
            url: `/api/patients/${patientId}/facts/${f}`,
            payload: { reason: 'test done' },
          }),
        );
    }
  });

  it('interaction flags follow the signed protocol in force, never a proposal', async () => {
    const patient = await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
    const details = async () =>
      json<{ medications: { data: { name: string }; interactions: { class: string }[] }[] }>(
        await injectAs(app, auth.nurse, { method: 'GET', url: `/api/patients/${patient.id}/details` }),
      );
    const loadFlagged = async () =>
      (await details()).medications.some((m) => m.interactions.some((i) => i.class === 'benzodiazepine-load'));
    ok(
      await injectAs(app, auth.nurse, {
        method: 'POST',
        url: `/api/patients/${patient.id}/facts`,
        payload: { kind: 'medication', data: { name: 'Diazepam', dailyDoseMg: 10 } },
      }),
    );
    expect(await loadFlagged()).toBe(true); // 10 mg/day diazepam-equivalent is above the shipped 8
    const version = await propose('medications.benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay', 12);
    expect(await loadFlagged()).toBe(true); // a proposal changes nothing
    await sign(version);
    expect(await loadFlagged()).toBe(false); // the signed version in force does
  });
});
