/**
 * The FHIR R4 API's reads and searches (issue 25, Must 1) on both engines, against the demo clinic:
 * the CapabilityStatement; Patient, Practitioner, PractitionerRole, Organization, Location and
 * Observation read and search with paging and `_include`; the same permissions and care-team rules
 * as the JSON API; errors as OperationOutcomes naming the parameter; every read and search audited.
 */
import { sealPendingAudit } from '../services/audit.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Bundle, CapabilityStatement, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { FHIR_TYPES } from '../services/fhir/registry.js';

describeEachEngine('FHIR R4 read and search', (h) => {
  let app: FastifyInstance;
  const auth: Record<'director' | 'nurse' | 'admin' | 'therapist', TestAuth> = {} as never;
  let patientWithVitals: string;

  const get = (who: keyof typeof auth | undefined, url: string): Promise<LightMyRequestResponse> =>
    who === undefined ? app.inject({ method: 'GET', url }) : injectAs(app, auth[who], { method: 'GET', url });
  const bundle = (r: LightMyRequestResponse) => JSON.parse(r.body) as Bundle;
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of ['director', 'nurse', 'admin', 'therapist'] as const) auth[who] = await signInAs(app, `${who}@demo.test`);
    const withVitals = await h.database.db
      .selectFrom('vital_reading as v')
      .innerJoin('dosing_session as d', 'd.id', 'v.session_id')
      .select('d.patient_id')
      .where('v.heart_rate', 'is not', null)
      .executeTakeFirstOrThrow();
    patientWithVitals = withVitals.patient_id;
  });
  afterAll(async () => app?.close());

  it('metadata: a CapabilityStatement naming each supported type with read, search and its parameters; public', async () => {
    const r = await get(undefined, '/fhir/R4/metadata');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const cs = JSON.parse(r.body) as CapabilityStatement;
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', format: ['json'], kind: 'instance' });
    const types = cs.rest?.[0]?.resource?.map((x) => x.type);
    expect(types).toEqual(FHIR_TYPES.map((t) => t.type));
    expect(types).toEqual(
      expect.arrayContaining(['Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Observation']),
    );
    const observation = cs.rest?.[0]?.resource?.find((x) => x.type === 'Observation');
    expect(observation?.searchParam?.map((p) => p.name)).toEqual([
      '_id',
      '_lastUpdated',
      'patient',
      'subject',
      'date',
      'code',
      'category',
      'status',
    ]);
    expect(observation?.searchInclude).toEqual(['Observation:patient', 'Observation:subject']);
    expect(observation?.interaction?.map((i) => i.code)).toEqual(['read', 'search-type', 'create']);
    expect(cs.rest?.[0]?.resource?.find((x) => x.type === 'Patient')?.interaction?.map((i) => i.code)).toEqual(['read', 'search-type']);
  });

  it('a search signed out is a 401 OperationOutcome; an administrator (no patient data) is refused patients, 403', async () => {
    const signedOut = await get(undefined, '/fhir/R4/Patient');
    expect(signedOut.statusCode).toBe(401);
    expect(outcome(signedOut)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
    const admin = await get('admin', '/fhir/R4/Patient');
    expect(admin.statusCode).toBe(403);
    expect(outcome(admin).issue[0]?.code).toBe('forbidden');
    expect((await get('admin', `/fhir/R4/Observation?patient=${patientWithVitals}`)).statusCode).toBe(403);
  });

  it('Patient search: the site’s patients for the director, paged with next and previous links that work', async () => {
    const all = bundle(await get('director', '/fhir/R4/Patient?_count=1000'));
    const count = await h.database.db
      .selectFrom('patient')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(all).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: Number(count.n) });
    expect(all.entry).toHaveLength(Number(count.n));
    const first = bundle(await get('director', '/fhir/R4/Patient?_count=2'));
    expect(first.entry).toHaveLength(2);
    const next = first.link?.find((l) => l.relation === 'next')?.url as string;
    expect(next).toMatch(/\/fhir\/R4\/Patient\?_count=2&_offset=2$/);
    const second = bundle(await get('director', next.slice(next.indexOf('/fhir/'))));
    expect(second.entry?.map((e) => e.resource?.id)).toEqual(all.entry?.slice(2, 4).map((e) => e.resource?.id));
    expect(second.link?.find((l) => l.relation === 'previous')?.url).toMatch(/\/fhir\/R4\/Patient\?_count=2$/);
    const p = all.entry?.[0]?.resource as Patient;
    expect(p.identifier?.[0]).toMatchObject({ type: { coding: [{ code: 'MR' }] }, value: expect.any(String) as unknown });
  });

  it('Patient search: a nurse sees only her care teams’ patients; the identifier and name parameters narrow', async () => {
    const nurse = await h.database.db.selectFrom('app_user').select('id').where('email', '=', 'nurse@demo.test').executeTakeFirstOrThrow();
    const team = await h.database.db.selectFrom('care_team_member').select('patient_id').where('user_id', '=', nurse.id).execute();
    const found = bundle(await get('nurse', '/fhir/R4/Patient?_count=1000'));
    expect(new Set(found.entry?.map((e) => e.resource?.id))).toEqual(new Set(team.map((t) => t.patient_id)));
    const one = await h.database.db
      .selectFrom('patient')
      .selectAll()
      .where('id', '=', team[0]?.patient_id as string)
      .executeTakeFirstOrThrow();
    const byMrn = bundle(await get('nurse', `/fhir/R4/Patient?identifier=${encodeURIComponent(one.mrn)}`));
    expect(byMrn.entry?.map((e) => e.resource?.id)).toEqual([one.id]);
    const byName = bundle(await get('nurse', `/fhir/R4/Patient?name=${encodeURIComponent(one.family_name.slice(0, 3).toUpperCase())}`));
    expect(byName.entry?.map((e) => e.resource?.id)).toContain(one.id);
  });

  it('Observation: a patient’s vital signs with their LOINC codes and UCUM units; code and category narrow; _include adds the patient', async () => {
    const vitals = bundle(
      await get('director', `/fhir/R4/Observation?patient=Patient/${patientWithVitals}&category=vital-signs&_count=200`),
    );
    expect(vitals.total).toBeGreaterThan(0);
    const codes = new Set(vitals.entry?.map((e) => (e.resource as Observation).code.coding?.[0]?.code));
    expect([...codes].every((c) => ['85354-9', '8867-4', '9279-1', '2708-6', '8310-5'].includes(c ?? ''))).toBe(true);
    const hr = bundle(
      await get('director', `/fhir/R4/Observation?patient=${patientWithVitals}&code=http://loinc.org|8867-4&_include=Observation:patient`),
    );
    const matches = hr.entry?.filter((e) => e.search?.mode === 'match') ?? [];
    expect(matches.length).toBeGreaterThan(0);
    for (const e of matches) {
      const o = e.resource as Observation;
      expect(o.code.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '8867-4' });
      expect(o.valueQuantity).toMatchObject({ system: 'http://unitsofmeasure.org', code: '/min' });
      expect(o.meta?.profile).toEqual([
        'http://hl7.org/fhir/StructureDefinition/vitalsigns',
        'http://hl7.org/fhir/StructureDefinition/heartrate',
      ]);
    }
    expect(hr.entry?.filter((e) => e.search?.mode === 'include').map((e) => e.resource?.id)).toEqual([patientWithVitals]);
    // Read back by id.
    const id = matches[0]?.resource?.id as string;
    const read = await get('director', `/fhir/R4/Observation/${id}`);
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toEqual(matches[0]?.resource);
  });

  it('Observation: questionnaire totals by their LOINC codes (PHQ-9 44261-6), derived from their responses', async () => {
    const r = await h.database.db
      .selectFrom('questionnaire_response')
      .select(['patient_id', 'id', 'total'])
      .where('instrument', '=', 'phq9')
      .where('total', 'is not', null)
      .executeTakeFirstOrThrow();
    const found = bundle(await get('director', `/fhir/R4/Observation?subject=${r.patient_id}&code=44261-6`));
    const o = found.entry?.map((e) => e.resource as Observation).find((x) => x.id === `score-${r.id}`);
    expect(o).toMatchObject({
      status: 'final',
      category: [{ coding: [{ code: 'survey' }] }],
      valueQuantity: { value: r.total },
      derivedFrom: [{ reference: `QuestionnaireResponse/${r.id}` }],
    });
  });

  it('bad searches are 400 OperationOutcomes naming the parameter; an unknown type or id is a 404; nothing is found outside the site', async () => {
    for (const [url, field] of [
      ['/fhir/R4/Patient?colour=blue', 'colour'],
      ['/fhir/R4/Observation?date=yesterday', 'date'],
      ['/fhir/R4/Observation?date=ne2026-01-01', 'date'],
      ['/fhir/R4/Observation?code:text=pulse', 'code:text'],
      ['/fhir/R4/Patient?_count=5000', '_count'],
      ['/fhir/R4/Patient?_include=Patient:organization', '_include'],
      ['/fhir/R4/Observation?patient=Group/1', 'patient'],
    ] as const) {
      const r = await get('director', url);
      expect(r.statusCode, url).toBe(400);
      expect(outcome(r).issue[0], url).toMatchObject({ severity: 'error', code: 'invalid', expression: [field] });
    }
    const unknown = await get('director', '/fhir/R4/Spaceship');
    expect(unknown.statusCode).toBe(404);
    expect(outcome(unknown).issue[0]?.diagnostics).toContain('Spaceship');
    expect((await get('director', '/fhir/R4/Patient/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('director', '/fhir/R4/Observation/vital-999999999-hr')).statusCode).toBe(404);
  });

  it('every read and search is audited with the patients it returned', async () => {
    const r = await get('director', `/fhir/R4/Observation?patient=${patientWithVitals}&_count=5`);
    // Read events are staged, then sealed into the chain after the answer: sealed here at once.
    await sealPendingAudit(h.database.db);
    const events = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details', 'outcome'])
      .where('request_id', '=', String(r.headers['x-request-id']))
      .execute();
    expect(events).toEqual([
      {
        action: 'fhir.search',
        outcome: 'allowed',
        details: expect.objectContaining({
          resourceType: 'Observation',
          parameters: ['_count', 'patient'],
          patientIds: [patientWithVitals],
        }) as unknown,
      },
    ]);
  });

  it('Organization, Location, Practitioner and PractitionerRole of the site', async () => {
    const org = bundle(await get('nurse', '/fhir/R4/Organization'));
    expect(org.total).toBe(1);
    const locations = bundle(await get('nurse', '/fhir/R4/Location?_count=100'));
    expect(locations.total).toBeGreaterThan(1);
    const staff = bundle(await get('therapist', '/fhir/R4/Practitioner?_count=100'));
    expect(staff.entry?.map((e) => e.resource?.resourceType)).toContain('Practitioner');
    const roles = bundle(await get('therapist', '/fhir/R4/PractitionerRole?role=nurse'));
    expect(roles.total).toBeGreaterThan(0);
    const id = roles.entry?.[0]?.resource?.id as string;
    expect((await get('therapist', `/fhir/R4/Practitioner/${id}`)).statusCode).toBe(200);
  });
});
