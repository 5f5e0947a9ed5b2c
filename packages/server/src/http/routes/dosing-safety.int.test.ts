/**
 * Safety at the chair, as a table of attempts to get past each rule (wrong order, stale data,
 * partial data, implausible data, an unsigned protocol), through the API on both engines.
 *
 * Each row gets a fresh dosing session in the state it needs, makes one attempt, and asserts the
 * status, the error code and the protocol parameter the answer names (with its provenance), and
 * either that the rows it must not touch are unchanged or the exact alert row it must raise. A row
 * fails when its rule is removed: each names the parameter or the rule that refuses it.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';

type Given = 'pre-dose' | 'pre-dose without vitals' | 'infusing' | 'observing';

interface Ctx {
  sessionId: string;
  /** Free for a row's own notes between arrange, attempt and then. */
  notes: Record<string, unknown>;
}

interface AlertRow {
  kind: string;
  level: string;
  /** A threshold parameter among those that fired. */
  parameter: string;
  protocolVersion: number;
}

interface Row {
  title: string;
  given: Given;
  /** The pre-dose full set the session was prepared with (default a calm 122/78). */
  preDose?: Record<string, number>;
  arrange?: (c: Ctx) => Promise<void>;
  attempt: (c: Ctx) => Promise<LightMyRequestResponse>;
  status: number;
  /** The error code: `details.code` when the error has one, else `code`. */
  code?: string;
  /** A protocol parameter the answer names, with its provenance. */
  parameter?: string;
  /** A field the answer names (`body.readings.0.diastolic`). */
  field?: string;
  /** Tables of the session whose rows must not change (and the session's state). */
  unchanged?: readonly ('vital_reading' | 'session_alert' | 'state' | 'infusion_event')[];
  /** The one alert row the attempt must raise (`null`: none). */
  alert?: AlertRow | null;
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

  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
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
  const device = (sessionId: string, readings: unknown[]) => app.inject({ method: 'POST', url: `/api/device/sessions/${sessionId}/vitals`, headers: { authorization: `Bearer ${deviceToken}` }, payload: { readings } });
  const full = (over: Record<string, number> = {}) => ({ systolic: 122, diastolic: 78, heartRate: 72, spo2: 98, respiratoryRate: 14, ...over });
  const stepUp = async (who: keyof typeof auth, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(await injectAs(app, auth[who], { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } })).stepUpToken;
  const view = async (sessionId: string) => json<{ state: string; pauseRecommended: boolean; protocolVersion: number; alerts: { id: string; kind: string; acknowledgedAt: string | null }[] }>(await on('director', 'GET', sessionId, ''));
  const ok = (r: LightMyRequestResponse) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };

  /** Proposes a change of the site protocol (as the prescriber); returns the new version number. */
  const propose = async (path: string, value: unknown) =>
    json<{ version: number }>(ok(await injectAs(app, auth.prescriber, { method: 'POST', url: `/api/sites/${siteId}/protocol/versions`, payload: { changes: [{ path, value }], reason: 'a proposal under test' } }))).version;
  const sign = async (version: number) =>
    ok(await injectAs(app, auth.director, { method: 'POST', url: `/api/sites/${siteId}/protocol/versions/${version}/sign`, payload: { stepUpToken: await stepUp('director', 'director@demo.test', 'protocol.sign') } }));

  /** Takes a fresh session to the state a row needs. */
  async function given(state: Given, preDose: Record<string, number> = full()): Promise<string> {
    const id = free.shift();
    if (id === undefined) throw new Error('the demo has no scheduled dosing session left for this row');
    ok(await step(id, 'check-in'));
    ok(await step(id, 'begin-pre-dose'));
    ok(await on('director', 'PUT', id, '/checklist', { fastingConfirmed: true, escortConfirmed: true, premedication: 'ondansetron 4 mg IV', intention: 'to stay with what comes' }));
    ok(await on('director', 'POST', id, '/dose-order', { vialMgPerMl: 10, diluentMl: 100 }));
    ok(await on('director', 'POST', id, '/dose-order/double-check', { stepUpToken: await stepUp('director', 'nurse@demo.test', 'dose.double-check') }));
    if (state === 'pre-dose without vitals') return id;
    ok(await vitals(id, [{ clientId: 'pre', measuredAt: at(-1), ...preDose }]));
    for (const a of (await view(id)).alerts.filter((x) => x.acknowledgedAt === null)) {
      ok(await injectAs(app, auth.director, { method: 'POST', url: `/api/alerts/${a.id}/acknowledge`, payload: { note: 'anxious on arrival; benefit outweighs the risk' } }));
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
      Number((await h.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow()).n);
    const s = await h.database.db.selectFrom('dosing_session').select('state').where('id', '=', sessionId).executeTakeFirstOrThrow();
    return { vital_reading: await count('vital_reading'), session_alert: await count('session_alert'), infusion_event: await count('infusion_event'), state: s.state };
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
    deviceToken = json<{ token: string }>(await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId, name: 'bedside monitor' } })).token;
    // A fresh dosing session per row (DEMO-0009's, cloned). The medical director (site-wide,
    // licensed) works them; the demo's live infusion, which the director runs, is aborted first so
    // that one infusion at a time per runner leaves room for each row's.
    for (const live of await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute()) {
      ok(await on('director', 'POST', live.id, '/steps', { step: 'abort', reason: 'the safety table needs the runner free' }));
    }
    free = await addDosingSessions(h.database.db, 'DEMO-0009', 30, clock.now());
  });
  afterAll(async () => app.close());

  const calmAfterEnd = (minutesAgo = 2, over: Record<string, number> = {}) => ({ clientId: `discharge-${minutesAgo}-${Object.values(over).join('-')}`, measuredAt: at(-minutesAgo), ...full(over) });
  /** Observing for long enough, Aldrete scored: only the discharge vital signs decide. */
  const readyButVitals = async (c: Ctx) => {
    await advance(81);
    ok(await on('director', 'PUT', c.sessionId, '/aldrete', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }));
  };

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
      attempt: (c) => device(c.sessionId, [{ clientId: 'd1', measuredAt: at(0), ...full({ systolic: 220, diastolic: 120 }) }, { clientId: 'd2', measuredAt: at(0), ...full({ heartRate: 0 }) }]),
      status: 200,
      parameter: 'vitals.plausible.heartRateMin',
      field: 'body.readings.1.heartRate',
      alert: { kind: 'vitals:infusing', level: 'pause', parameter: 'vitals.inSession.pause.systolicAtLeast', protocolVersion: 1 },
      then: async (c, body) => {
        expect(body).toMatchObject({ stored: 1, duplicates: 0, refused: [{ index: 1, clientId: 'd2' }] });
        expect((await view(c.sessionId)).pauseRecommended).toBe(true);
        // Idempotency by client id stays: the same batch again stores nothing and refuses the same reading.
        expect(json(ok(await device(c.sessionId, [{ clientId: 'd1', measuredAt: at(0), ...full({ systolic: 220, diastolic: 120 }) }, { clientId: 'd2', measuredAt: at(0), ...full({ heartRate: 0 }) }])))).toMatchObject({ stored: 0, duplicates: 1, refused: [{ index: 1 }] });
      },
    },
    {
      title: 'a malformed reading (systolic "high") is refused by index; the rest of the batch is stored',
      given: 'infusing',
      attempt: (c) => device(c.sessionId, [{ clientId: 'm1', measuredAt: at(0), ...full(), systolic: 'high' }, { clientId: 'm2', measuredAt: at(0), ...full() }]),
      status: 200,
      field: 'body.readings.0.systolic',
      alert: null,
      then: async (_c, body) => expect(body).toMatchObject({ stored: 1, refused: [{ index: 0, clientId: 'm1' }] }),
    },
    {
      title: 'a reading dated 10 min in the future is refused in its batch',
      given: 'infusing',
      attempt: (c) => device(c.sessionId, [{ clientId: 'f1', measuredAt: at(10), ...full() }, { clientId: 'f2', measuredAt: at(0), ...full() }]),
      status: 200,
      field: 'body.readings.0.measuredAt',
      alert: null,
      then: async (_c, body) => expect(body).toMatchObject({ stored: 1, refused: [{ index: 0 }] }),
    },
    {
      title: 'a device batch with no storable reading is a 400 and stores nothing',
      given: 'infusing',
      attempt: (c) => device(c.sessionId, [{ clientId: 'x1', measuredAt: at(0), heartRate: 0 }, { clientId: 'x2', measuredAt: at(0) }]),
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

    // A version signed mid-session applies to later sessions; the running one keeps its own.
    {
      title: 'a version signed mid-infusion (pause at 250) does not change the running session: 230/130 still pauses under version 1',
      given: 'infusing',
      arrange: async (c) => {
        c.notes.signed = (await sign(await propose('vitals.inSession.pause.systolicAtLeast', 250)), (await view(c.sessionId)).protocolVersion);
        const check = json<{ version: number }>(ok(await injectAs(app, auth.nurse, { method: 'GET', url: `/api/sites/${siteId}/protocol/dosing-check` })));
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
        const alert = await h.database.db.selectFrom('session_alert').selectAll().where('session_id', '=', later).where('kind', '=', 'vitals:infusing').executeTakeFirstOrThrow();
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
      const alertsBefore = new Set((await h.database.db.selectFrom('session_alert').select('id').where('session_id', '=', c.sessionId).execute()).map((a) => a.id));
      const auditBefore = Number((await h.database.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('outcome', '=', 'denied').executeTakeFirstOrThrow()).n);
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
      if (row.field !== undefined) expect(objectsIn(body).some((o) => o.field === row.field), `the answer names ${row.field}: ${res.body}`).toBe(true);
      const after = await snapshot(c.sessionId);
      for (const what of row.unchanged ?? []) expect(after[what], what).toEqual(before[what]);
      if (row.alert !== undefined) {
        const added = (await h.database.db.selectFrom('session_alert').selectAll().where('session_id', '=', c.sessionId).execute()).filter((a) => !alertsBefore.has(a.id));
        if (row.alert === null) expect(added).toEqual([]);
        else {
          expect(added).toHaveLength(1);
          const a = added[0] as (typeof added)[number];
          expect({ kind: a.kind, level: a.level, protocolVersion: a.protocol_version }).toEqual({ kind: row.alert.kind, level: row.alert.level, protocolVersion: row.alert.protocolVersion });
          expect((a.details as { fired: { parameter: string }[] }).fired.map((f) => f.parameter)).toContain(row.alert.parameter);
          expect(a.rule_ids).toEqual(['monitoring.vital-signs@2']);
        }
      }
      if (row.status >= 400) {
        // Every refusal is on the record, though its transaction rolled back.
        const auditAfter = Number((await h.database.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('outcome', '=', 'denied').executeTakeFirstOrThrow()).n);
        expect(auditAfter).toBeGreaterThan(auditBefore);
      }
      await row.then?.(c, body);
    } finally {
      await row.cleanup?.(c);
      // Leave no infusion running (one per nurse at a time) for the next row.
      const state = (await view(c.sessionId)).state;
      if (!['discharged', 'aborted'].includes(state)) ok(await on('director', 'POST', c.sessionId, '/steps', { step: 'abort', reason: 'test row done' }));
    }
  });

  it('interaction flags follow the signed protocol in force, never a proposal', async () => {
    const patient = await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
    const details = async () =>
      json<{ medications: { data: { name: string }; interactions: { class: string }[] }[] }>(await injectAs(app, auth.nurse, { method: 'GET', url: `/api/patients/${patient.id}/details` }));
    const loadFlagged = async () => (await details()).medications.some((m) => m.interactions.some((i) => i.class === 'benzodiazepine-load'));
    ok(await injectAs(app, auth.nurse, { method: 'POST', url: `/api/patients/${patient.id}/facts`, payload: { kind: 'medication', data: { name: 'Diazepam', dailyDoseMg: 10 } } }));
    expect(await loadFlagged()).toBe(true); // 10 mg/day diazepam-equivalent is above the shipped 8
    const version = await propose('medications.benzodiazepineLoad.thresholdDiazepamEquivalentMgPerDay', 12);
    expect(await loadFlagged()).toBe(true); // a proposal changes nothing
    await sign(version);
    expect(await loadFlagged()).toBe(false); // the signed version in force does
  });
});
