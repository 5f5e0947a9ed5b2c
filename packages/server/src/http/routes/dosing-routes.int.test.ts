/**
 * Intramuscular and oral/sublingual dosing sessions (issue 29) through the API on both engines:
 * the route the site's signed protocol offers, the dose entered in mg and checked against the site
 * maximum mg/kg, the session's course without an infusion (giving the dose leads to observing; no
 * pause, resume, rate or stop), the monitoring schedule and the observation counted from the
 * administration, and the table of attempts to get past each rule (a route not offered or offered
 * only by an unsigned proposal, a dose above the maximum, a product without its strength, fields of
 * another route, the wrong person, an order out of step, a protocol changed since the order, two
 * gives at once, hostile text). Every refused attempt leaves the session's rows as they were.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions, meetChecklistFacts } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { validateFhir } from '../../../test/fhir-validator.js';
import { setUpStock, type TestStock } from '../../../test/stock.js';
import type { MedicationAdministration, MedicationRequest } from '@medplum/fhirtypes';

interface Answer {
  statusCode: number;
  body: string;
}

interface View {
  state: string;
  route: string;
  allowed: string[];
  infusionStartedAt: string | null;
  infusionEndedAt: string | null;
  doseOrder: { calculation: Record<string, unknown> } | null;
  infusion: { events: unknown[]; bagTotalMl: number | null; orderedRateMlPerHour: number | null };
  monitoring: { items: { kind: string; minuteFromStart: number }[] } | null;
  discharge: { ready: boolean; unmet: { id: string }[]; minimumObservationEndsAt?: string } | null;
  alerts: { kind: string; level: string }[];
}

describeEachEngine('dosing routes: intramuscular and oral/sublingual sessions', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteId: string;
  let patientId: string;
  let weightKg: number;
  let free: string[] = [];
  const auth: Record<'nurse' | 'prescriber' | 'director' | 'therapist' | 'coordinator', TestAuth> = {} as never;

  const json = <T = Record<string, unknown>>(r: Answer): T => JSON.parse(r.body) as T;
  const ok = <R extends Answer>(r: R) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const signInAll = async () => {
    auth.nurse = await signInAs(app, 'nurse@demo.test');
    auth.prescriber = await signInAs(app, 'prescriber@demo.test');
    auth.director = await signInAs(app, 'director@demo.test');
    auth.therapist = await signInAs(app, 'therapist@demo.test');
    auth.coordinator = await signInAs(app, 'coordinator@demo.test');
  };
  const advance = async (minutes: number) => {
    clock.advance(minutes * 60_000);
    await signInAll();
  };
  const at = (minutes: number) => new Date(clock.nowMs() + minutes * 60_000).toISOString();
  const on = (who: keyof typeof auth, method: 'GET' | 'POST' | 'PUT', sessionId: string, path: string, payload?: object) =>
    injectAs(app, auth[who], { method, url: `/api/sessions/${sessionId}${path}`, ...(payload ? { payload } : {}) });
  const view = async (id: string) => json<View>(ok(await on('director', 'GET', id, '')));
  const stepUp = async (email: string, purpose: string) =>
    json<{ stepUpToken: string }>(
      ok(
        await injectAs(app, auth.director, {
          method: 'POST',
          url: '/api/step-up',
          payload: { email, password: 'kairos-demo-2026', purpose },
        }),
      ),
    ).stepUpToken;
  const full = (over: Record<string, number> = {}) => ({
    systolic: 122,
    diastolic: 78,
    heartRate: 72,
    spo2: 98,
    respiratoryRate: 14,
    ...over,
  });

  /** Proposes the routes the site offers (as the prescriber) and, unless `unsigned`, signs them (as the medical director). */
  const offerRoutes = async (routes: string[], unsigned = false) => {
    const version = json<{ version: number }>(
      ok(
        await injectAs(app, auth.prescriber, {
          method: 'POST',
          url: `/api/sites/${siteId}/protocol/versions`,
          payload: { changes: [{ path: 'dosing.routesEnabled', value: routes }], reason: 'the clinic offers injections and troches' },
        }),
      ),
    ).version;
    if (!unsigned)
      ok(
        await injectAs(app, auth.director, {
          method: 'POST',
          url: `/api/sites/${siteId}/protocol/versions/${version}/sign`,
          payload: { stepUpToken: await stepUp('director@demo.test', 'protocol.sign') },
        }),
      );
    return version;
  };

  /** A fresh session checked in, its checklist met, a calm pre-dose full set a minute ago: ready for a dose order. */
  const preDose = async () => {
    const id = free.shift();
    if (id === undefined) throw new Error('no free session left');
    ok(await on('director', 'POST', id, '/steps', { step: 'check-in' }));
    ok(await on('director', 'POST', id, '/steps', { step: 'begin-pre-dose' }));
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, auth.director, { method, url, payload }),
      { sessionId: id, patientId },
      clock.nowMs(),
    );
    ok(await on('director', 'PUT', id, '/checklist', { intention: 'to stay with what comes' }));
    ok(await on('director', 'POST', id, '/vitals', { readings: [{ clientId: `pre-${id}`, measuredAt: at(-1), ...full() }] }));
    return id;
  };
  const doubleCheck = async (id: string) =>
    ok(await on('director', 'POST', id, '/dose-order/double-check', { stepUpToken: await stepUp('nurse@demo.test', 'dose.double-check') }));

  /** The session's rows an attempt must leave as they were. */
  const rows = async (id: string) => {
    const db = h.database.db;
    const count = async (table: 'dose_order' | 'infusion_event' | 'vital_reading' | 'session_transition') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('session_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const s = await db
      .selectFrom('dosing_session')
      .select(['state', 'route', 'infusion_started_at', 'infusion_ended_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      orders: await count('dose_order'),
      pump: await count('infusion_event'),
      readings: await count('vital_reading'),
      transitions: await count('session_transition'),
      ...s,
    };
  };
  const refusedWith = (r: Answer, status: number, code: string | undefined, field?: string) => {
    expect(r.statusCode, r.body).toBe(status);
    const { error } = json<{
      error: { code: string; message: string; details?: { code?: string; field?: string; issues?: { field: string }[] } };
    }>(r);
    if (code !== undefined) expect(error.details?.code ?? error.code, r.body).toBe(code);
    if (field !== undefined) expect([error.details?.field, ...(error.details?.issues ?? []).map((i) => i.field)], r.body).toContain(field);
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signInAll();
    siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    for (const live of await h.database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute())
      ok(await on('director', 'POST', live.id, '/steps', { step: 'abort', reason: 'the route tests need the runner free' }));
    free = await addDosingSessions(h.database.db, 'DEMO-0009', 14, clock.now());
    patientId = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow()).id;
    const weight = await h.database.db
      .selectFrom('patient_vitals')
      .select('weight_kg')
      .where('patient_id', '=', patientId)
      .where('weight_kg', 'is not', null)
      .orderBy('measured_at', 'desc')
      .executeTakeFirstOrThrow();
    weightKg = Number(weight.weight_kg);
  });
  afterAll(async () => app.close());

  describe('the route the signed protocol offers', () => {
    /** An intramuscular order on a fresh session: 422 naming the route, nothing stored. */
    const imOrderRefusedAsNotOffered = async () => {
      const id = await preDose();
      const before = await rows(id);
      refusedWith(
        await on('director', 'POST', id, '/dose-order', { route: 'IM', doseMg: 30, vialMgPerMl: 50 }),
        422,
        'ROUTE_NOT_ENABLED',
        'body.route',
      );
      expect(await rows(id)).toEqual(before);
    };
    it('IV only by default: an intramuscular order is refused naming the route, nothing stored', async () => {
      await imOrderRefusedAsNotOffered();
    });
    it('an unsigned proposal offering IM changes nothing: the protocol in force is the signed one', async () => {
      await offerRoutes(['IV', 'IM', 'SL'], true);
      await imOrderRefusedAsNotOffered();
    });
    it('once signed, an intramuscular dose is ordered in mg, with its mg/kg and the volume drawn; the session takes the route', async () => {
      await offerRoutes(['IV', 'IM', 'SL']);
      const id = await preDose();
      const v = json<View>(ok(await on('director', 'POST', id, '/dose-order', { route: 'IM', doseMg: 30, vialMgPerMl: 50 })));
      expect(v.route).toBe('IM');
      expect(v.doseOrder?.calculation).toMatchObject({
        route: 'IM',
        doseMg: 30,
        mgPerKg: Math.round((30 / weightKg) * 100) / 100,
        drawnVolumeMl: 0.6,
        ruleIds: ['fixed-dose@1'],
      });
      expect(v.allowed).toEqual(['start', 'abort']);
      expect(v.infusion.bagTotalMl).toBeNull();
    });
  });

  describe('bad orders: a 4xx naming the field, nothing stored', () => {
    let target: string;
    beforeAll(async () => {
      target = await preDose();
    });
    const attempts: [title: string, payload: () => object, status: number, code: string | undefined, field: string][] = [
      [
        'above the site maximum mg/kg',
        () => ({ route: 'IM', doseMg: Math.ceil(weightKg * 1.0) + 1, vialMgPerMl: 50 }),
        422,
        'DOSE_ABOVE_MAXIMUM',
        'body.doseMg',
      ],
      [
        'a sublingual product without a strength',
        () => ({ route: 'SL', doseMg: 40, form: 'troche' }),
        422,
        'PRODUCT_INCOMPLETE',
        'body.strengthMg',
      ],
      [
        'a sublingual product without its form',
        () => ({ route: 'SL', doseMg: 40, strengthMg: 100 }),
        422,
        'PRODUCT_INCOMPLETE',
        'body.form',
      ],
      ['an intramuscular dose without its vial', () => ({ route: 'IM', doseMg: 30 }), 422, 'PRODUCT_INCOMPLETE', 'body.vialMgPerMl'],
      [
        'an intramuscular dose from a vial the label does not know',
        () => ({ route: 'IM', doseMg: 30, vialMgPerMl: 25 }),
        422,
        'VIAL_UNKNOWN',
        'body.vialMgPerMl',
      ],
      ['an intramuscular order without its mg', () => ({ route: 'IM', vialMgPerMl: 50 }), 400, undefined, 'body.doseMg'],
      [
        'a diluent on an intramuscular order',
        () => ({ route: 'IM', doseMg: 30, vialMgPerMl: 50, diluentMl: 100 }),
        400,
        undefined,
        'body.diluentMl',
      ],
      [
        'an mg/kg on a sublingual order',
        () => ({ route: 'SL', doseMg: 40, form: 'troche', strengthMg: 100, mgPerKg: 0.5 }),
        400,
        undefined,
        'body.mgPerKg',
      ],
      ['a route Kairos does not know', () => ({ route: 'IN', doseMg: 30 }), 400, undefined, 'body.route'],
      [
        'hostile text as the form',
        () => ({ route: 'SL', doseMg: 40, form: '<img src=x onerror=alert(1)>', strengthMg: 100 }),
        400,
        undefined,
        'body.form',
      ],
      ['a negative dose', () => ({ route: 'SL', doseMg: -40, form: 'troche', strengthMg: 100 }), 400, undefined, 'body.doseMg'],
    ];
    it.each(attempts)('%s', async (_title, payload, status, code, field) => {
      const id = target;
      const before = await rows(id);
      refusedWith(await on('director', 'POST', id, '/dose-order', payload()), status, code, field);
      expect(await rows(id)).toEqual(before);
    });
    it.each([
      ['the nurse', 'nurse'],
      ['the therapist', 'therapist'],
      ['the coordinator', 'coordinator'],
    ] as const)('%s may not order an intramuscular dose', async (_title, who) => {
      const id = target;
      const before = await rows(id);
      expect((await on(who, 'POST', id, '/dose-order', { route: 'IM', doseMg: 30, vialMgPerMl: 50 })).statusCode).toBe(403);
      expect(await rows(id)).toEqual(before);
    });
  });

  describe('an intramuscular session from order to discharge', () => {
    let id: string;
    let stock: TestStock;
    it('the dose is not given before its double check', async () => {
      id = await preDose();
      ok(await on('director', 'POST', id, '/dose-order', { route: 'IM', doseMg: 30, vialMgPerMl: 50 }));
      const before = await rows(id);
      expect((await on('director', 'POST', id, '/steps', { step: 'start' })).statusCode).toBe(409);
      expect(await rows(id)).toEqual(before);
    });
    it('a whole mL is drawn from a 50 mg/mL vial for the 0.6 mL order (more is allowed: the rest is wasted)', async () => {
      stock = await setUpStock(app, auth.director, siteId);
      const drawn = json<{ draws: { id: string; drawn: { ul: number } }[] }>(
        ok(await on('director', 'POST', id, '/stock/draw', { lotId: stock.lotId, locationId: stock.safeId, volumeMl: 1 })),
      );
      expect(drawn.draws.map((d) => d.drawn.ul)).toEqual([1000]);
    });
    it('given: straight to observing, the administration its start and its end, no pump event', async () => {
      await doubleCheck(id);
      const v = json<View>(ok(await on('nurse', 'POST', id, '/steps', { step: 'start' })));
      expect(v.state).toBe('observing');
      expect(v.infusionStartedAt).toBe(clock.now().toISOString());
      expect(v.infusionEndedAt).toBe(clock.now().toISOString());
      expect(v.allowed).toEqual(['discharge', 'abort']);
      expect(v.infusion.events).toEqual([]);
    });
    it('the monitoring schedule counts the site’s 40 minutes from the administration', async () => {
      const v = await view(id);
      const minutes = (kind: string) => (v.monitoring?.items ?? []).filter((i) => i.kind === kind).map((i) => i.minuteFromStart);
      expect(minutes('moaas')).toEqual([15, 30, 40, 55, 70]);
      expect(minutes('cadss6')).toEqual([35]);
      // (vital signs after the window recur until discharge: listed up to now)
      expect(minutes('vitals')).toEqual([10, 20, 30, 40]);
    });
    it.each([
      ['pause', { step: 'pause', reason: 'nausea' }, '/steps'],
      ['resume', { step: 'resume' }, '/steps'],
      ['stop', { step: 'stop' }, '/steps'],
      ['a pump rate', { rateMlPerHour: 100, reason: 'slower' }, '/rate'],
      ['a corrected stop time', { at: new Date(0).toISOString(), reason: 'entered late' }, '/stop-time'],
      ['giving it again', { step: 'start' }, '/steps'],
      ['a new dose order', { route: 'IM', doseMg: 20, vialMgPerMl: 50 }, '/dose-order'],
    ])('without an infusion there is no %s: refused, nothing changed', async (_title, payload, path) => {
      const before = await rows(id);
      const r = await on('director', 'POST', id, path, payload);
      expect(r.statusCode, r.body).toBe(409);
      expect(await rows(id)).toEqual(before);
    });
    it('the injection gave the ordered 0.6 mL: the rest (0.4 mL, 20 mg) is wasted with a witness, and the draw is accounted for', async () => {
      const before = json<{ draws: { id: string }[]; givenIfWastedNow: { ul: number } | null; wasteOpen: boolean }>(
        ok(await on('director', 'GET', id, '/stock')),
      );
      expect(before.wasteOpen).toBe(true);
      expect(before.givenIfWastedNow?.ul).toBe(600);
      const drawId = before.draws[0]?.id as string;
      // Too little wasted: drawn must equal given + wasted.
      expect(
        (
          await on('director', 'POST', id, '/stock/waste', {
            drawId,
            volumeMl: 0.3,
            reason: 'rest of the syringe',
            stepUpToken: await stepUp('nurse@demo.test', 'stock.waste-witness'),
          })
        ).statusCode,
      ).toBeGreaterThanOrEqual(400);
      const after = json<{ draws: { state: string; given: { ul: number }; wasted: { ul: number } }[] }>(
        ok(
          await on('director', 'POST', id, '/stock/waste', {
            drawId,
            volumeMl: 0.4,
            reason: 'rest of the syringe',
            stepUpToken: await stepUp('nurse@demo.test', 'stock.waste-witness'),
          }),
        ),
      );
      expect(after.draws[0]).toMatchObject({ state: 'reconciled', given: { ul: 600 }, wasted: { ul: 400 } });
    });
    it('a pause-level reading after the injection escalates to the prescriber (nothing to pause)', async () => {
      await advance(10);
      ok(
        await on('nurse', 'POST', id, '/vitals', {
          readings: [{ clientId: 'im-10', measuredAt: at(0), ...full({ systolic: 186, diastolic: 112 }) }],
        }),
      );
      const v = await view(id);
      expect(v.alerts.map((a) => [a.kind, a.level])).toContainEqual(['vitals:observing', 'escalate']);
    });
    it('discharge waits for two hours from the administration', async () => {
      const given = new Date((await view(id)).infusionStartedAt as string).getTime();
      await advance(60);
      ok(await on('director', 'POST', id, '/vitals', { readings: [{ clientId: 'im-70', measuredAt: at(-1), ...full() }] }));
      ok(await on('director', 'PUT', id, '/aldrete', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }));
      ok(await on('director', 'PUT', id, '/discharge-escort', { name: 'Sam Rivers' }));
      const early = await view(id);
      expect(early.discharge?.unmet.map((u) => u.id)).toContain('observation-after-start');
      expect(early.discharge?.minimumObservationEndsAt).toBe(new Date(given + 120 * 60_000).toISOString());
      expect((await on('director', 'POST', id, '/steps', { step: 'discharge' })).statusCode).toBe(409);
    });
    it('two hours after the injection, with the escalation acknowledged and calm vital signs, the patient goes home', async () => {
      await advance(51);
      for (const a of json<{ alerts: { id: string; acknowledgedAt: string | null }[] }>(ok(await on('director', 'GET', id, ''))).alerts)
        if (a.acknowledgedAt === null)
          ok(
            await injectAs(app, auth.director, {
              method: 'POST',
              url: `/api/alerts/${a.id}/acknowledge`,
              payload: { note: 'settled after ten minutes' },
            }),
          );
      ok(await on('director', 'POST', id, '/vitals', { readings: [{ clientId: 'im-121', measuredAt: at(-1), ...full() }] }));
      const v = json<View>(ok(await on('nurse', 'POST', id, '/steps', { step: 'discharge' })));
      expect(v.state).toBe('discharged');
    });
    it('the Outcomes page counts the session by its route', async () => {
      const o = json<{ safety: { sessionsByRoute: { route: string; sessions: number }[] } }>(
        ok(await injectAs(app, auth.director, { method: 'GET', url: `/api/sites/${siteId}/program-outcomes` })),
      );
      expect(o.safety.sessionsByRoute.find((r) => r.route === 'IM')?.sessions).toBeGreaterThanOrEqual(1);
      expect(o.safety.sessionsByRoute.find((r) => r.route === 'IV')?.sessions).toBeGreaterThanOrEqual(1);
    });
    it('FHIR: the administration and its order carry the intramuscular route in SNOMED CT, the instant and the mg; both validate', async () => {
      const given = (await view(id)).infusionStartedAt;
      const admin = json<MedicationAdministration>(
        ok(await injectAs(app, auth.director, { method: 'GET', url: `/fhir/R4/MedicationAdministration/${id}` })),
      );
      expect(validateFhir(admin)).toEqual([]);
      expect(admin).toMatchObject({
        status: 'completed',
        effectiveDateTime: given,
        dosage: { route: { coding: [{ system: 'http://snomed.info/sct', code: '78421000' }] }, dose: { value: 30, code: 'mg' } },
      });
      expect(admin.effectivePeriod).toBeUndefined();
      const order = json<MedicationRequest>(
        ok(await injectAs(app, auth.director, { method: 'GET', url: `/fhir/R4/${admin.request?.reference ?? ''}` })),
      );
      expect(validateFhir(order)).toEqual([]);
      expect(order.dosageInstruction?.[0]).toMatchObject({
        route: { coding: [{ code: '78421000' }], text: 'intramuscular' },
        doseAndRate: [{ doseQuantity: { value: 30 } }],
      });
      expect(order.dosageInstruction?.[0]?.doseAndRate?.[0]?.rateQuantity).toBeUndefined();
    });
  });

  describe('an oral/sublingual session', () => {
    it('ordered from troches, given, observing: its calculation says how many troches', async () => {
      const id = await preDose();
      const v = json<View>(
        ok(await on('director', 'POST', id, '/dose-order', { route: 'SL', doseMg: 50, form: 'troche', strengthMg: 100 })),
      );
      expect(v.route).toBe('SL');
      expect(v.doseOrder?.calculation).toMatchObject({ route: 'SL', doseMg: 50, amount: { value: 0.5, per: 'troche' } });
      await doubleCheck(id);
      expect(json<View>(ok(await on('nurse', 'POST', id, '/steps', { step: 'start' }))).state).toBe('observing');
      // The site keeps its vials in Kairos, but a compounded sublingual dose is not drawn from them: discharge does not wait for a draw.
      const conditions = json<{ discharge: { conditions: { id: string; status: string }[] } }>(ok(await on('director', 'GET', id, '')))
        .discharge.conditions;
      expect(conditions.find((c) => c.id === 'ketamine-accounted')?.status).toBe('not-applicable');
    });
    it('two gives at once: one is taken, the other refused; one transition recorded', async () => {
      const id = await preDose();
      ok(await on('director', 'POST', id, '/dose-order', { route: 'SL', doseMg: 50, form: 'solution', strengthMg: 10 }));
      await doubleCheck(id);
      const answers = await Promise.all([
        on('nurse', 'POST', id, '/steps', { step: 'start' }),
        on('director', 'POST', id, '/steps', { step: 'start' }),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      const given = await h.database.db
        .selectFrom('session_transition')
        .select('to_state')
        .where('session_id', '=', id)
        .where('from_state', '=', 'pre-dose')
        .execute();
      expect(given).toEqual([{ to_state: 'observing' }]);
    });
    it('a route the signed protocol no longer offers is not given, though ordered before the change', async () => {
      const id = await preDose();
      ok(await on('director', 'POST', id, '/dose-order', { route: 'SL', doseMg: 50, form: 'troche', strengthMg: 100 }));
      await doubleCheck(id);
      await offerRoutes(['IV', 'IM']);
      const before = await rows(id);
      refusedWith(await on('nurse', 'POST', id, '/steps', { step: 'start' }), 409, 'ROUTE_NOT_ENABLED');
      expect(await rows(id)).toEqual(before);
      // The refusal is audited, with the protocol version that refused it.
      const audited = await h.database.db
        .selectFrom('audit_event')
        .select(['outcome', 'details'])
        .where('record_id', '=', id)
        .where('action', '=', 'session.start')
        .execute();
      expect(audited).toContainEqual({ outcome: 'denied', details: expect.objectContaining({ code: 'ROUTE_NOT_ENABLED', route: 'SL' }) });
      await offerRoutes(['IV', 'IM', 'SL']);
    });
  });
});
