/**
 * A monitor posts vital signs as FHIR Observations (issue 25, Must 2) on both engines: validated
 * (the validator's issues, then Kairos's), then stored, classified and alarmed exactly as through
 * the JSON device route (the same intake); idempotent by identifier. Each row an attempt to get
 * past the rules: a staff session instead of a device, an invalid resource, a unit to convert, an
 * implausible value, a patient without a session, another site's patient, malformed JSON.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Observation, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';

describeEachEngine('FHIR Observation from a monitor', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let director: TestAuth;
  let token: string;
  let sessionId: string;
  let patientId: string;
  let mrn: string;
  let siteId: string;
  let n = 0;

  const post = (body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: '/fhir/R4/Observation',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
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
  const heartRate = (value: number, extra: Partial<Observation> = {}): Observation => ({
    resourceType: 'Observation',
    status: 'final',
    identifier: [{ system: 'urn:monitor:chair-2', value: `hr-${++n}` }],
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: new Date(clock.nowMs() - 1_000).toISOString(),
    valueQuantity: { value, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
    ...extra,
  });
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    director = await signInAs(app, 'director@demo.test');
    const row = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.site_id', 'p.id as patient_id', 'p.mrn'])
      .where('s.state', '=', 'infusing')
      .executeTakeFirstOrThrow();
    ({ id: sessionId, site_id: siteId, patient_id: patientId, mrn } = row);
    const admin = await signInAs(app, 'admin@demo.test');
    token = (await injectAs(app, admin, { method: 'POST', url: '/api/device-tokens', payload: { siteId, name: 'Chair 2 monitor' } })).json<{
      token: string;
    }>().token;
  });
  afterAll(async () => app?.close());

  it('a heart rate is stored (201, Location), served back by GET as stored, and a second post of the same identifier stores nothing (200)', async () => {
    const before = await readings();
    const o = heartRate(72);
    const r = await post(o);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const stored = JSON.parse(r.body) as Observation;
    expect(stored).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      valueQuantity: { value: 72, code: '/min' },
      subject: { reference: `Patient/${patientId}` },
    });
    expect(r.headers.location).toMatch(new RegExp(`/fhir/R4/Observation/${stored.id ?? ''}$`));
    const read = await injectAs(app, director, { method: 'GET', url: `/fhir/R4/Observation/${stored.id ?? ''}` });
    expect(JSON.parse(read.body)).toEqual(stored);
    expect(await readings()).toBe(before + 1);
    const again = await post(o);
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toEqual(stored);
    expect(await readings()).toBe(before + 1);
  });

  it('220/120 by MRN raises the same blood-pressure alert as the JSON route', async () => {
    const r = await post({
      ...heartRate(0),
      identifier: [{ value: `bp-${++n}` }],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: { identifier: { system: `urn:uuid:${siteId}`, value: mrn } },
      valueQuantity: undefined,
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: { value: 220, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
        },
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
          valueQuantity: { value: 120, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
        },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const view = (await injectAs(app, director, { method: 'GET', url: `/api/sessions/${sessionId}` })).json<{
      alerts: { kind: string; level: string }[];
    }>();
    expect(view.alerts.some((a) => a.kind.startsWith('vitals:') && ['pause', 'escalate'].includes(a.level))).toBe(true);
  });

  it.each([
    ['the validator refuses a value that is not a number', () => heartRate('fast' as unknown as number), 400, 'Observation.value'],
    [
      'a temperature in [degF] is not converted',
      () =>
        heartRate(98.6, {
          code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] },
          valueQuantity: { value: 98.6, system: 'http://unitsofmeasure.org', code: '[degF]' },
        }),
      400,
      'Observation.valueQuantity.code',
    ],
    ['no identifier', () => heartRate(70, { identifier: undefined }), 400, 'Observation.identifier'],
    ['a heart rate of 0 is implausible (as the JSON route says)', () => heartRate(0), 400, 'Observation.valueQuantity.value'],
    [
      'a patient with no session in progress',
      () => heartRate(70, { subject: { reference: 'Patient/00000000-0000-4000-8000-000000000000' } }),
      400,
      'Observation.subject',
    ],
    [
      'an MRN of another site',
      () => heartRate(70, { subject: { identifier: { system: 'urn:uuid:00000000-0000-4000-8000-000000000000', value: 'DEMO-0010' } } }),
      400,
      'Observation.subject.identifier.system',
    ],
    ['not an Observation', () => ({ resourceType: 'Patient' }), 400, 'Observation.resourceType'],
  ] as const)('refused, nothing stored: %s (%s naming %s)', async (_title, make, status, field) => {
    const before = await readings();
    const r = await post(make());
    expect(r.statusCode, r.body).toBe(status);
    const o = outcome(r);
    expect(o.resourceType).toBe('OperationOutcome');
    expect(o.issue.map((i) => (i.expression ?? []).join())).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
    expect(await readings()).toBe(before);
  });

  it('a staff session is not a device (401); malformed JSON is a 400 OperationOutcome; the listener of the JSON route is untouched', async () => {
    const asStaff = await injectAs(app, director, { method: 'POST', url: '/fhir/R4/Observation', payload: heartRate(70) });
    expect(asStaff.statusCode).toBe(401);
    expect(outcome(asStaff).issue[0]?.code).toBe('login');
    const malformed = await post('{"resourceType": "Observation",');
    expect(malformed.statusCode).toBe(400);
    expect(outcome(malformed).resourceType).toBe('OperationOutcome');
    const ok = await post(heartRate(75));
    expect(ok.statusCode).toBe(201);
  });
});
