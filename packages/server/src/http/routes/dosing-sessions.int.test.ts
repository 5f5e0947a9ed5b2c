/**
 * The dosing session through the API on both engines: the state machine and its refusals, the
 * pre-dose checklist, the dose order and its independent double check, vitals (idempotent batches,
 * staff and device), alerts and the recommended pause, discharge readiness and override, and two
 * nurses starting one infusion at once.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { meetChecklistFacts } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('dosing session', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let nurse: TestAuth;
  let prescriber: TestAuth;
  let director: TestAuth;
  let therapist: TestAuth;
  let sessionId: string;
  let patientId: string;
  let otherSessionId: string;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const step = (auth: TestAuth, s: string, body: object = {}) =>
    injectAs(app, auth, { method: 'POST', url: `/api/sessions/${sessionId}/steps`, payload: { step: s, ...body } });
  const vitals = (auth: TestAuth, readings: object[], id = sessionId) =>
    injectAs(app, auth, { method: 'POST', url: `/api/sessions/${id}/vitals`, payload: { readings } });
  const at = (minutes: number) => new Date(clock.nowMs() + minutes * 60_000).toISOString();
  const view = async () =>
    json<{
      state: string;
      allowed: string[];
      pauseRecommended: boolean;
      alerts: { id: string; level: string; kind: string; acknowledgedAt: string | null; details: { episode?: unknown } }[];
      checklist: { complete: boolean; items: { id: string; required: boolean; done: boolean }[] };
      infusion: { infusedMl: number };
      discharge: { ready: boolean; unmet: { id: string }[] } | null;
    }>(await injectAs(app, nurse, { method: 'GET', url: `/api/sessions/${sessionId}` }));
  const stepUp = async (auth: TestAuth, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(
      await injectAs(app, auth, { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } }),
    ).stepUpToken;

  /** Moves the clock, signing everyone in again (sessions end after 15 idle minutes). */
  const advance = async (ms: number) => {
    clock.advance(ms);
    nurse = await signInAs(app, 'nurse@demo.test');
    prescriber = await signInAs(app, 'prescriber@demo.test');
    director = await signInAs(app, 'director@demo.test');
    therapist = await signInAs(app, 'therapist@demo.test');
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    nurse = await signInAs(app, 'nurse@demo.test');
    prescriber = await signInAs(app, 'prescriber@demo.test');
    director = await signInAs(app, 'director@demo.test');
    therapist = await signInAs(app, 'therapist@demo.test');
    const rows = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .select(['s.id', 'p.mrn', 'e.starts_at', 's.patient_id'])
      .where('p.mrn', 'in', ['DEMO-0009', 'DEMO-0011'])
      .orderBy('e.starts_at')
      .execute();
    sessionId = rows.find((r) => r.mrn === 'DEMO-0009')?.id as string;
    patientId = rows.find((r) => r.mrn === 'DEMO-0009')?.patient_id as string;
    otherSessionId = rows.find((r) => r.mrn === 'DEMO-0011')?.id as string;
  });
  afterAll(async () => app.close());

  it('starts scheduled; an illegal step is a 409 with the current state and the allowed steps', async () => {
    const r = await step(nurse, 'start');
    expect(r.statusCode).toBe(409);
    expect(json(r)).toMatchObject({
      error: { code: 'INVALID_TRANSITION', details: { current: 'scheduled', allowed: ['check-in', 'abort'] } },
    });
  });

  it('checks in and begins pre-dose; the infusion cannot start before the checklist, the order and the double check', async () => {
    expect((await step(nurse, 'check-in')).statusCode).toBe(200);
    expect((await step(nurse, 'begin-pre-dose')).statusCode).toBe(200);
    // The demo signs the shipped protocol at load (dosing-safety.int.test.ts closes that gate on purpose).
    const refused = await step(nurse, 'start');
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({
      error: { message: expect.stringContaining('checklist'), details: { code: 'CHECKLIST_INCOMPLETE' } },
    });
  });

  it('a pre-dose hold needs a prescriber override with a reason', async () => {
    const r = await vitals(nurse, [
      { clientId: 'pre-1', measuredAt: at(-5), systolic: 165, diastolic: 95, heartRate: 80, spo2: 98, respiratoryRate: 14 },
    ]);
    expect(r.statusCode).toBe(200);
    const hold = (await view()).alerts.find((a) => a.level === 'hold');
    expect(hold).toBeDefined();
    expect((await injectAs(app, nurse, { method: 'POST', url: `/api/alerts/${hold?.id}/acknowledge`, payload: {} })).statusCode).toBe(403);
    expect((await injectAs(app, prescriber, { method: 'POST', url: `/api/alerts/${hold?.id}/acknowledge`, payload: {} })).statusCode).toBe(
      400,
    );
    expect(
      (
        await injectAs(app, prescriber, {
          method: 'POST',
          url: `/api/alerts/${hold?.id}/acknowledge`,
          payload: { note: 'anxious on arrival; repeat reading will be taken' },
        })
      ).statusCode,
    ).toBe(200);
    await vitals(nurse, [
      { clientId: 'pre-2', measuredAt: at(-2), systolic: 128, diastolic: 80, heartRate: 76, spo2: 98, respiratoryRate: 14 },
    ]);
  });

  it('the checklist: the therapist sets the intention; the benzodiazepine hold is required only when flagged', async () => {
    expect(
      (await injectAs(app, nurse, { method: 'PUT', url: `/api/sessions/${sessionId}/checklist`, payload: { intention: 'x' } })).statusCode,
    ).toBe(403);
    await injectAs(app, therapist, {
      method: 'PUT',
      url: `/api/sessions/${sessionId}/checklist`,
      payload: { intention: 'to meet the memory without being swept away' },
    });
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, nurse, { method, url, payload }),
      { sessionId, patientId },
      clock.nowMs(),
    );
    const c = (await view()).checklist;
    expect(c.items.find((i) => i.id === 'benzodiazepine-hold')?.required).toBe(false);
    expect(c.items.find((i) => i.id === 'pregnancy-test')?.required).toBe(false);
    expect(c.complete).toBe(true);
  });

  it('a prescriber orders the dose from the latest weight; the orderer cannot double-check it; a second licensed user does', async () => {
    expect(
      (
        await injectAs(app, nurse, {
          method: 'POST',
          url: `/api/sessions/${sessionId}/dose-order`,
          payload: { vialMgPerMl: 10, diluentMl: 100 },
        })
      ).statusCode,
    ).toBe(403);
    const order = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/dose-order`,
      payload: { vialMgPerMl: 10, diluentMl: 100 },
    });
    expect(order.statusCode).toBe(200);
    // Demo weight 74.2 kg x 0.5 mg/kg = 37.1 mg, 3.71 mL, 103.71 mL, 155.6 mL/h.
    expect(json(order)).toMatchObject({
      doseOrder: { calculation: { doseMg: 37.1, drawnVolumeMl: 3.71, bagTotalMl: 103.71, rateMlPerHour: 155.6 } },
    });
    // The stored decision records the protocol version and the rule behind it.
    expect(json(order)).toMatchObject({
      doseOrder: { calculation: { protocolVersion: 1, ruleIds: [expect.stringMatching(/^[a-z.-]+@\d+$/)] } },
    });
    expect((await step(nurse, 'start')).statusCode).toBe(409);
    const own = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/dose-order/double-check`,
      payload: { stepUpToken: await stepUp(prescriber, 'prescriber@demo.test', 'dose.double-check') },
    });
    expect(own.statusCode).toBe(403);
    expect(json(own)).toMatchObject({
      error: { code: 'CHECKER_NOT_ALLOWED', message: expect.stringMatching(/^You cannot check your own act/) },
    });
    // The nurse asks, and the wrong person confirms: the checker's problem is named, the nurse's sign-in stays.
    for (const [email, code, message] of [
      [
        'prescriber@demo.test',
        'CHECKER_NOT_ALLOWED',
        /cannot give this check: they did the act being checked \(for a dose, they ordered it\)/,
      ],
      ['therapist@demo.test', 'CHECKER_NOT_ALLOWED', /cannot give this check: it needs a licensed user/],
    ] as const) {
      const wrong = await injectAs(app, nurse, {
        method: 'POST',
        url: `/api/sessions/${sessionId}/dose-order/double-check`,
        payload: { stepUpToken: await stepUp(nurse, email, 'dose.double-check') },
      });
      expect(wrong.statusCode, email).toBe(403);
      expect(json(wrong)).toMatchObject({ error: { code, message: expect.stringMatching(message) } });
      expect((await injectAs(app, nurse, { method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    }
    const stale = await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/dose-order/double-check`,
      payload: { stepUpToken: 'not-a-proof' },
    });
    expect(stale.statusCode).toBe(403);
    expect(json(stale)).toMatchObject({ error: { code: 'STEP_UP_REQUIRED', message: expect.stringMatching(/confirm again/) } });
    const checked = await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/dose-order/double-check`,
      payload: { stepUpToken: await stepUp(nurse, 'director@demo.test', 'dose.double-check') },
    });
    expect(checked.statusCode).toBe(200);
  });

  it('two licensed users starting the same infusion at once: one success, one 409', async () => {
    // The prescriber, not the director: the director runs the demo's live infusion and is at the limit.
    const nurse2 = await signInAs(app, 'prescriber@demo.test');
    const results = await Promise.all([step(nurse, 'start'), step(nurse2, 'start')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await view()).state).toBe('infusing');
  });

  it('the per-runner limit is checked again at the start: at the protocol’s infusionsPerNurse the start is a 409; a signed protocol allowing two lets it through', async () => {
    // The demo's live infusion (DEMO-0010) was started by the director; DEMO-0012's first session is taken to the start.
    const row = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .select(['s.id', 's.patient_id'])
      .where('p.mrn', '=', 'DEMO-0012')
      .orderBy('e.starts_at')
      .executeTakeFirstOrThrow();
    const on = (auth: TestAuth, method: 'POST' | 'PUT', path: string, payload: object) =>
      injectAs(app, auth, { method, url: `/api/sessions/${row.id}${path}`, payload });
    expect((await on(director, 'POST', '/steps', { step: 'check-in' })).statusCode).toBe(200);
    expect((await on(director, 'POST', '/steps', { step: 'begin-pre-dose' })).statusCode).toBe(200);
    expect(
      (
        await vitals(
          nurse,
          [{ clientId: 'limit-pre', measuredAt: at(-1), systolic: 122, diastolic: 78, heartRate: 72, spo2: 98, respiratoryRate: 14 }],
          row.id,
        )
      ).statusCode,
    ).toBe(200);
    // DEMO-0012 is in care team 2: the director (site-wide) records the chair's facts.
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, director, { method, url, payload }),
      { sessionId: row.id, patientId: row.patient_id },
      clock.nowMs(),
    );
    const ready = await on(therapist, 'PUT', '/checklist', { intention: 'to stay with what comes' });
    expect(json<{ checklist: { complete: boolean } }>(ready).checklist.complete).toBe(true);
    expect((await on(prescriber, 'POST', '/dose-order', { vialMgPerMl: 10, diluentMl: 100 })).statusCode).toBe(200);
    expect(
      (await on(nurse, 'POST', '/dose-order/double-check', { stepUpToken: await stepUp(nurse, 'director@demo.test', 'dose.double-check') }))
        .statusCode,
    ).toBe(200);

    const refused = await on(director, 'POST', '/steps', { step: 'start' });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(
          /already running 1 infusion at this site \(Chair \d\).*allows 1 at once per nurse \(scheduling\.infusionsPerNurse\)/,
        ),
        details: { code: 'INFUSION_LIMIT', limit: 1 },
      },
    });
    expect(json<{ state: string }>(await injectAs(app, director, { method: 'GET', url: `/api/sessions/${row.id}` })).state).toBe(
      'pre-dose',
    );

    // The number is the site protocol's: a signed version allowing two infusions per nurse lets the same start through.
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const proposed = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${site.id}/protocol/versions`,
      payload: {
        changes: [{ path: 'scheduling.infusionsPerNurse', value: 2 }],
        reason: 'two chairs side by side in the infusion suite: one nurse runs both',
      },
    });
    expect(proposed.statusCode).toBe(201);
    const version = json<{ version: number }>(proposed).version;
    expect(
      (
        await injectAs(app, director, {
          method: 'POST',
          url: `/api/sites/${site.id}/protocol/versions/${version}/sign`,
          payload: { stepUpToken: await stepUp(director, 'director@demo.test', 'protocol.sign') },
        })
      ).statusCode,
    ).toBe(200);
    const started = await on(director, 'POST', '/steps', { step: 'start' });
    expect(started.statusCode).toBe(200);
    expect(json<{ state: string; protocolVersion: number }>(started)).toMatchObject({ state: 'infusing', protocolVersion: version });
  });

  it('readings are idempotent by client id, in any order; a pause-level reading raises an alert and recommends a pause', async () => {
    await advance(30 * 60_000);
    const batch = [
      { clientId: 'inf-20', measuredAt: at(-10), systolic: 165, diastolic: 95, heartRate: 88, spo2: 97, respiratoryRate: 14 },
      { clientId: 'inf-30', measuredAt: at(0), systolic: 182, diastolic: 104, heartRate: 96, spo2: 97, respiratoryRate: 14 },
      { clientId: 'inf-10', measuredAt: at(-20), systolic: 140, diastolic: 88, heartRate: 84, spo2: 98, respiratoryRate: 15 },
    ];
    expect(json(await vitals(nurse, batch))).toEqual({ stored: 3, duplicates: 0, refused: [] });
    expect(json(await vitals(nurse, batch))).toEqual({ stored: 0, duplicates: 3, refused: [] });
    const v = await view();
    expect(v.pauseRecommended).toBe(true);
    expect(
      v.alerts
        .filter((a) => a.kind === 'vitals:infusing')
        .map((a) => a.level)
        .sort(),
    ).toEqual(['pause']);
    // One episode: raised at the warning (165), escalated at the pause level (182), in the order measured.
    const episode = v.alerts.find((a) => a.kind === 'vitals:infusing');
    expect(episode?.details.episode).toMatchObject({
      key: 'bloodPressure:high',
      readings: 2,
      worst: { systolic: { value: 182 } },
      history: [
        { event: 'raised', level: 'warn', values: { systolic: 165 } },
        { event: 'escalated', level: 'pause', values: { systolic: 182, diastolic: 104 } },
      ],
    });
    expect(v.infusion.infusedMl).toBeCloseTo(77.8, 0);
  });

  it('a scheduled reading not recorded within 5 minutes of its due time raises an overdue alert, once', async () => {
    const { raiseTimedAlerts: raiseOverdueAlerts } = await import('../../services/dosing-session/raise-timed-alerts.js');
    // Readings were recorded at minutes 10, 20 and 30; MOAA/S was due at 15 and 30 and never recorded.
    const first = await raiseOverdueAlerts(h.database.db, clock.now());
    expect(first).toBeGreaterThan(0);
    expect(await raiseOverdueAlerts(h.database.db, clock.now())).toBe(0);
    // Every open session is swept (the demo's live one too); this one has its MOAA/S alerts.
    const overdue = (await view()).alerts.filter((a) => a.kind === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThanOrEqual(first);
    expect(overdue.every((a) => a.level === 'warn')).toBe(true);
  });

  it('pausing needs a reason and clears the recommendation; the nurse resumes once a full set is back below the warning level; stop', async () => {
    expect((await step(nurse, 'pause')).statusCode).toBe(400);
    expect((await step(nurse, 'pause', { reason: 'systolic 182: paused per protocol' })).statusCode).toBe(200);
    expect((await view()).pauseRecommended).toBe(false);
    await advance(5 * 60_000);
    expect(json(await step(nurse, 'resume'))).toMatchObject({ error: { code: 'FORBIDDEN', details: { code: 'RESUME_NEEDS_PRESCRIBER' } } });
    await vitals(nurse, [
      { clientId: 'paused-recheck', measuredAt: at(0), systolic: 138, diastolic: 86, heartRate: 80, spo2: 98, respiratoryRate: 14 },
    ]);
    expect((await step(nurse, 'resume')).statusCode).toBe(200);
    await advance(5 * 60_000);
    expect((await step(nurse, 'stop')).statusCode).toBe(200);
    expect((await view()).state).toBe('observing');
  });

  it('a device token posts readings for its site; a revoked token is refused', async () => {
    const admin = await signInAs(app, 'admin@demo.test');
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const created = json<{ id: string; token: string }>(
      await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId: site.id, name: 'Chair 1 monitor' } }),
    );
    const post = (token: string) =>
      app.inject({
        method: 'POST',
        url: `/api/device/sessions/${sessionId}/vitals`,
        headers: { authorization: `Bearer ${token}` },
        payload: {
          readings: [
            {
              clientId: `dev-${token.slice(-4)}-${clock.nowMs()}`,
              measuredAt: at(0),
              systolic: 130,
              diastolic: 82,
              heartRate: 78,
              spo2: 98,
              respiratoryRate: 14,
            },
          ],
        },
      });
    expect((await post(created.token)).statusCode).toBe(200);
    expect((await injectAs(app, admin, { method: 'DELETE', url: `/api/device-tokens/${created.id}` })).statusCode).toBe(204);
    expect((await post(created.token)).statusCode).toBe(401);
    expect((await post('kdt_forged')).statusCode).toBe(401);

    // Revoked by another instance (this one still remembers the token as live): the transaction
    // that would store the reading reads the revocation, stores nothing and puts the refusal on record.
    const other = json<{ id: string; token: string }>(
      await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId: site.id, name: 'Chair 2 monitor' } }),
    );
    expect((await post(other.token)).statusCode).toBe(200);
    await h.database.db
      .updateTable('device_token')
      .set({ revoked_at: new Date(clock.nowMs()) })
      .where('token_hash', 'like', `${other.id}%`)
      .execute();
    const readings = async () =>
      Number(
        (
          await h.database.db
            .selectFrom('vital_reading')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('session_id', '=', sessionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await readings();
    const refused = await post(other.token);
    expect(refused.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('UNAUTHENTICATED');
    expect(await readings()).toBe(before);
    const recorded = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'details'])
      .where('action', '=', 'device')
      .where('record_id', '=', sessionId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(recorded).toMatchObject({ outcome: 'denied', details: { reason: 'revoked token', device: { name: 'Chair 2 monitor' } } });
  });

  it('discharge waits for readiness (observation time, Aldrete), then discharges', async () => {
    const early = await step(nurse, 'discharge');
    expect(early.statusCode).toBe(409);
    const unmet = (await view()).discharge?.unmet.map((u) => u.id) ?? [];
    expect(unmet.length).toBeGreaterThan(0);
    expect(
      (
        await injectAs(app, nurse, {
          method: 'PUT',
          url: `/api/sessions/${sessionId}/aldrete`,
          payload: { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await injectAs(app, nurse, { method: 'PUT', url: `/api/sessions/${sessionId}/discharge-escort`, payload: { name: 'Sam Rivers' } }))
        .statusCode,
    ).toBe(200);
    await advance(2 * 3_600_000);
    await vitals(nurse, [
      { clientId: 'obs-final', measuredAt: at(0), systolic: 126, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 },
    ]);
    const v = await view();
    expect(v.discharge?.ready).toBe(true);
    expect((await step(nurse, 'discharge')).statusCode).toBe(200);
  });

  it('aborting needs a reason; an aborted session takes no further step', async () => {
    const s2 = (name: string, body: object = {}) =>
      injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${otherSessionId}/steps`, payload: { step: name, ...body } });
    expect((await s2('check-in')).statusCode).toBe(200);
    const aborted = await s2('abort');
    expect(aborted.statusCode).toBe(400);
    expect((await s2('abort', { reason: 'patient unwell on arrival, rebooked' })).statusCode).toBe(200);
    expect((await s2('check-in')).statusCode).toBe(409);
  });

  it('adverse events: a serious one enters the medical director’s review queue, closed with a note', async () => {
    const report = (payload: object) => injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${sessionId}/adverse-events`, payload });
    expect(
      (await report({ kind: 'nausea', severity: 'mild', serious: false, occurredAt: at(-30), actionTaken: 'ondansetron repeated' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await report({ kind: 'other', severity: 'mild', serious: false, occurredAt: at(-30), actionTaken: 'observed' })).statusCode,
    ).toBe(400);
    const serious = await report({
      kind: 'hypertension',
      severity: 'severe',
      serious: true,
      occurredAt: at(-20),
      actionTaken: 'infusion paused; labetalol 10 mg IV; BP settled in 15 min',
    });
    expect(serious.statusCode).toBe(201);
    expect((await injectAs(app, nurse, { method: 'GET', url: '/api/adverse-events/review-queue' })).statusCode).toBe(403);
    const queue = json<{ items: { id: string; kind: string }[] }>(
      await injectAs(app, director, { method: 'GET', url: '/api/adverse-events/review-queue' }),
    );
    expect(queue.items.map((i) => i.kind)).toEqual(['hypertension']);
    expect(
      (
        await injectAs(app, director, {
          method: 'POST',
          url: `/api/adverse-events/${queue.items[0]?.id}/review`,
          payload: { note: 'Reviewed: managed per protocol; no change to the dose plan.' },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      json<{ items: unknown[] }>(await injectAs(app, director, { method: 'GET', url: '/api/adverse-events/review-queue' })).items,
    ).toEqual([]);
    const listed = json<{ items: { kind: string; reviewNote: string | null }[] }>(
      await injectAs(app, nurse, { method: 'GET', url: `/api/sessions/${sessionId}/adverse-events` }),
    );
    expect(listed.items.map((i) => i.kind)).toEqual(['nausea', 'hypertension']);
  });
});
