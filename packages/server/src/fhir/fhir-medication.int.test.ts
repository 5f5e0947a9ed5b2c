/**
 * The FHIR R4 medication and record types (issue 25) on both engines, against the demo clinic:
 * MedicationRequest (dose orders), MedicationAdministration (infusions), MedicationStatement (home
 * medications), AdverseEvent, Provenance and AuditEvent: read and search as a role that may, the
 * key fields as Kairos records them, the access rules (permission, care team, the director-only
 * audit trail), a bad parameter, the audit, and FHIR validation of one of each.
 */
import { sealPendingAudit, stageAuditRecords } from '../services/audit.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type {
  AdverseEvent,
  AuditEvent,
  Bundle,
  MedicationAdministration,
  MedicationRequest,
  MedicationStatement,
  OperationOutcome,
  Provenance,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { validateFhir } from '../../test/fhir-validator.js';

const TYPES = ['MedicationRequest', 'MedicationAdministration', 'MedicationStatement', 'AdverseEvent', 'Provenance', 'AuditEvent'] as const;

describeEachEngine('FHIR medication, safety and audit resources', (h) => {
  let app: FastifyInstance;
  const auth: Record<'director' | 'prescriber' | 'nurse' | 'therapist' | 'admin' | 'coordinator', TestAuth> = {} as never;
  /** Ids of the patients the nurse's and the therapist's care teams hold (what they may see). */
  const visible: Record<'nurse' | 'therapist', Set<string>> = { nurse: new Set(), therapist: new Set() };

  const get = (who: keyof typeof auth, url: string): Promise<LightMyRequestResponse> => injectAs(app, auth[who], { method: 'GET', url });
  const bundle = (r: LightMyRequestResponse) => JSON.parse(r.body) as Bundle;
  const resources = async <T extends Resource>(who: keyof typeof auth, url: string): Promise<T[]> => {
    const r = await get(who, url);
    expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
    return (bundle(r).entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as T);
  };
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;
  const patientOf = (ref: string | undefined): string => (ref ?? '').replace(/^Patient\//, '');

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of ['director', 'prescriber', 'nurse', 'therapist', 'admin', 'coordinator'] as const)
      auth[who] = await signInAs(app, `${who}@demo.test`);
    // The therapist leaves the care team of a patient with an adverse event during an infusion (so
    // with an order, an infusion, home medications): the care-team rule then hides the patient's data.
    const leaving = await h.database.db
      .selectFrom('adverse_event as a')
      .innerJoin('dosing_session as d', 'd.id', 'a.session_id')
      .innerJoin('dose_order as o', 'o.session_id', 'd.id')
      .select('a.patient_id')
      .where('d.infusion_started_at', 'is not', null)
      .where('o.double_checked_by', 'is not', null)
      .executeTakeFirstOrThrow();
    const therapist = await h.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'therapist@demo.test')
      .executeTakeFirstOrThrow();
    await h.database.db
      .deleteFrom('care_team_member')
      .where('patient_id', '=', leaving.patient_id)
      .where('user_id', '=', therapist.id)
      .execute();
    for (const who of ['nurse', 'therapist'] as const) {
      const found = bundle(await get(who, '/fhir/R4/Patient?_count=1000'));
      visible[who] = new Set(found.entry?.map((e) => e.resource?.id as string));
    }
  });
  afterAll(async () => app?.close());

  it('MedicationRequest: each dose order as ketamine (RxNorm 6130), the dose in mg of its calculation, the rate, the double check; read back by id', async () => {
    const order = await h.database.db
      .selectFrom('dose_order as o')
      .innerJoin('dosing_session as d', 'd.id', 'o.session_id')
      .select([
        'o.id',
        'o.calculation',
        'o.ordered_by',
        'o.ordered_at',
        'o.double_checked_by',
        'o.double_checked_at',
        'd.patient_id',
        'd.state',
      ])
      .where('o.double_checked_by', 'is not', null)
      .executeTakeFirstOrThrow();
    const calc = order.calculation as { doseMg: number; rateMlPerHour: number; inputs: { minutes: number } };
    const found = await resources<MedicationRequest>(
      'director',
      `/fhir/R4/MedicationRequest?patient=Patient/${order.patient_id}&code=http://www.nlm.nih.gov/research/umls/rxnorm|6130&intent=order&_count=100`,
    );
    const m = found.find((r) => r.id === order.id);
    expect(m).toMatchObject({
      resourceType: 'MedicationRequest',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6130' }] },
      subject: { reference: `Patient/${order.patient_id}` },
      authoredOn: order.ordered_at.toISOString(),
      requester: { reference: `Practitioner/${order.ordered_by}` },
      dosageInstruction: [
        {
          route: { text: 'intravenous' },
          timing: { repeat: { duration: Number(calc.inputs.minutes), durationUnit: 'min' } },
          doseAndRate: [
            {
              doseQuantity: { value: Number(calc.doseMg), system: 'http://unitsofmeasure.org', code: 'mg' },
              rateQuantity: { value: Number(calc.rateMlPerHour), code: 'mL/h' },
            },
          ],
        },
      ],
      note: [{ authorReference: { reference: `Practitioner/${order.double_checked_by}` }, time: order.double_checked_at?.toISOString() }],
    });
    expect(['active', 'completed', 'stopped', 'cancelled']).toContain(m?.status);
    const byStatus = await resources<MedicationRequest>('director', `/fhir/R4/MedicationRequest?status=${m?.status}&_count=1000`);
    expect(byStatus.map((r) => r.id)).toContain(order.id);
    expect(byStatus.every((r) => r.status === m?.status)).toBe(true);
    const read = await get('prescriber', `/fhir/R4/MedicationRequest/${order.id}`);
    if (read.statusCode === 200) expect(JSON.parse(read.body)).toEqual(m);
    const byDirector = await get('director', `/fhir/R4/MedicationRequest/${order.id}`);
    expect(JSON.parse(byDirector.body)).toEqual(m);
    expect(await resources('director', '/fhir/R4/MedicationRequest?code=http://loinc.org|6130')).toEqual([]);
  });

  it('MedicationAdministration: a started infusion, start to stop, the nurse who started it, its order, the mg the pump gave', async () => {
    const s = await h.database.db
      .selectFrom('dosing_session')
      .select(['id', 'patient_id', 'state', 'infusion_started_at', 'infusion_ended_at'])
      .where('infusion_ended_at', 'is not', null)
      .where('state', 'in', ['observing', 'discharged'])
      .executeTakeFirstOrThrow();
    const order = await h.database.db
      .selectFrom('dose_order')
      .select(['id', 'calculation'])
      .where('session_id', '=', s.id)
      .orderBy('ordered_at', 'desc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const starter = await h.database.db
      .selectFrom('infusion_event')
      .select('actor_id')
      .where('session_id', '=', s.id)
      .where('kind', '=', 'start')
      .executeTakeFirstOrThrow();
    const found = await resources<MedicationAdministration>(
      'director',
      `/fhir/R4/MedicationAdministration?subject=${s.patient_id}&status=completed`,
    );
    const a = found.find((r) => r.id === s.id);
    expect(a).toMatchObject({
      status: 'completed',
      medicationCodeableConcept: { coding: [{ code: '6130' }] },
      subject: { reference: `Patient/${s.patient_id}` },
      effectivePeriod: { start: s.infusion_started_at?.toISOString(), end: s.infusion_ended_at?.toISOString() },
      request: { reference: `MedicationRequest/${order.id}` },
      dosage: { route: { text: 'intravenous' }, dose: { system: 'http://unitsofmeasure.org', code: 'mg' }, rateQuantity: { code: 'mL/h' } },
      ...(starter.actor_id === null ? {} : { performer: [{ actor: { reference: `Practitioner/${starter.actor_id}` } }] }),
    });
    // The mg given is the infusion record's "Infused" (the console view's infusedMg), at most the order's dose.
    const view = await get('director', `/api/sessions/${s.id}`);
    expect(view.statusCode).toBe(200);
    expect(a?.dosage?.dose?.value).toBe((JSON.parse(view.body) as { infusion: { infusedMg: number } }).infusion.infusedMg);
    expect(a?.dosage?.dose?.value).toBeLessThanOrEqual(Number((order.calculation as { doseMg: number }).doseMg));
    expect(a?.dosage?.dose?.value).toBeGreaterThan(0);
    expect(JSON.parse((await get('director', `/fhir/R4/MedicationAdministration/${s.id}`)).body)).toEqual(a);
    const dated = await resources<MedicationAdministration>(
      'director',
      `/fhir/R4/MedicationAdministration?effective-time=ge${s.infusion_started_at?.toISOString() ?? ''}&_count=1000`,
    );
    expect(dated.map((r) => r.id)).toContain(s.id);
  });

  it('MedicationStatement: a recorded home medication, active until retired; RxNorm only where the interaction table gives it', async () => {
    const all = await resources<MedicationStatement>('director', '/fhir/R4/MedicationStatement?_count=1000');
    expect(all.length).toBeGreaterThan(0);
    const facts = await h.database.db.selectFrom('patient_fact').selectAll().where('kind', '=', 'medication').execute();
    expect(all.length).toBe(facts.length);
    for (const m of all) {
      const f = facts.find((x) => x.id === m.id);
      expect(f, m.id).toBeDefined();
      expect(m.status).toBe(f?.retired_at === null ? 'active' : 'stopped');
      expect(m.medicationCodeableConcept?.text).toBe(String(f?.data.name));
      for (const c of m.medicationCodeableConcept?.coding ?? []) {
        expect(c.system).toBe('http://www.nlm.nih.gov/research/umls/rxnorm');
        // clinical-facts.md section 11's RxCUIs (benzodiazepines, lamotrigine, naltrexone, theophylline).
        expect(['6470', '2598', '596', '3322', '10355', '2356', '7781', '6960', '28439', '7243', '10438']).toContain(c.code);
      }
    }
    // Lorazepam (a demo patient takes it) is coded 6470; sertraline (every demo patient) is not in the table: text only.
    const lorazepam = all.find((m) => /lorazepam/i.test(m.medicationCodeableConcept?.text ?? ''));
    expect(lorazepam?.medicationCodeableConcept?.coding).toEqual([
      { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6470', display: 'lorazepam' },
    ]);
    const sertraline = all.find((m) => /sertraline/i.test(m.medicationCodeableConcept?.text ?? ''));
    expect(sertraline?.medicationCodeableConcept?.coding).toBeUndefined();
    const active = await resources<MedicationStatement>(
      'director',
      `/fhir/R4/MedicationStatement?status=active&patient=${patientOf(sertraline?.subject?.reference)}`,
    );
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((m) => m.status === 'active' && m.subject?.reference === sertraline?.subject?.reference)).toBe(true);
    expect(JSON.parse((await get('director', `/fhir/R4/MedicationStatement/${sertraline?.id ?? ''}`)).body)).toEqual(sertraline);
  });

  it('AdverseEvent: actual, its kind (Kairos code), when, the recorder, seriousness, severity, outcome; searchable by them', async () => {
    const row = await h.database.db.selectFrom('adverse_event').selectAll().executeTakeFirstOrThrow();
    const found = await resources<AdverseEvent>('director', `/fhir/R4/AdverseEvent?subject=${row.patient_id}&_count=100`);
    const a = found.find((r) => r.id === row.id);
    expect(a).toMatchObject({
      actuality: 'actual',
      event: { coding: [{ system: 'https://kairos.invalid/fhir/CodeSystem/adverse-event-kind', code: row.kind }] },
      subject: { reference: `Patient/${row.patient_id}` },
      date: row.occurred_at.toISOString(),
      recordedDate: row.reported_at.toISOString(),
      recorder: { reference: `Practitioner/${row.reported_by}` },
      seriousness: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness', code: row.serious ? 'serious' : 'non-serious' },
        ],
      },
      severity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: row.severity }] },
      outcome: { coding: [{ code: row.resolved_at === null ? 'ongoing' : 'resolved' }] },
    });
    const bySeverity = await resources<AdverseEvent>(
      'director',
      `/fhir/R4/AdverseEvent?severity=${row.severity}&event=${row.kind}&_count=1000`,
    );
    expect(bySeverity.map((r) => r.id)).toContain(row.id);
    expect(bySeverity.every((r) => r.severity?.coding?.[0]?.code === row.severity && r.event?.coding?.[0]?.code === row.kind)).toBe(true);
    expect(JSON.parse((await get('director', `/fhir/R4/AdverseEvent/${row.id}`)).body)).toEqual(a);
    // The coordinator does not read adverse events (no `adverse-events.read`).
    const refused = await get('coordinator', `/fhir/R4/AdverseEvent`);
    expect(refused.statusCode).toBe(403);
    expect(outcome(refused).issue[0]?.code).toBe('forbidden');
  });

  it('Provenance: each signed note (author, signer) and each double-checked dose order (author, verifier)', async () => {
    const order = await h.database.db
      .selectFrom('dose_order as o')
      .innerJoin('dosing_session as d', 'd.id', 'o.session_id')
      .select(['o.id', 'o.ordered_by', 'o.double_checked_by', 'o.double_checked_at', 'd.patient_id'])
      .where('o.double_checked_by', 'is not', null)
      .executeTakeFirstOrThrow();
    const found = await resources<Provenance>('director', `/fhir/R4/Provenance?patient=${order.patient_id}&_count=1000`);
    const p = found.find((r) => r.id === `dose-${order.id}`);
    expect(p).toMatchObject({
      target: [{ reference: `MedicationRequest/${order.id}` }],
      recorded: order.double_checked_at?.toISOString(),
      activity: { coding: [{ code: 'dose-double-checked' }] },
      agent: [
        { type: { coding: [{ code: 'author' }] }, who: { reference: `Practitioner/${order.ordered_by}` } },
        { type: { coding: [{ code: 'verifier' }] }, who: { reference: `Practitioner/${order.double_checked_by}` } },
      ],
    });
    expect(JSON.parse((await get('director', `/fhir/R4/Provenance/dose-${order.id}`)).body)).toEqual(p);
    // Psychotherapy notes (integration) are never served: no Provenance says one exists.
    const signed = await h.database.db
      .selectFrom('clinical_note')
      .selectAll()
      .where('state', '=', 'signed')
      .where('template', '<>', 'integration')
      .execute();
    const all = await resources<Provenance>('director', '/fhir/R4/Provenance?_count=1000');
    const doubleChecked = await h.database.db
      .selectFrom('dose_order')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('double_checked_by', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(all.length).toBe(signed.length + Number(doubleChecked.n));
    const note = signed[0];
    if (note !== undefined) {
      const n = all.find((r) => r.id === `note-${note.id}`);
      expect(n).toMatchObject({
        target: [{ reference: `DocumentReference/${note.id}` }],
        recorded: note.signed_at?.toISOString(),
        agent: expect.arrayContaining([
          { type: { coding: [expect.objectContaining({ code: 'author' })] }, who: { reference: `Practitioner/${note.created_by}` } },
        ]) as unknown,
      });
    }
    expect((await get('director', '/fhir/R4/Provenance/dose-00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const process = await h.database.db
      .selectFrom('clinical_note')
      .select('id')
      .where('state', '=', 'signed')
      .where('template', '=', 'integration')
      .executeTakeFirst();
    if (process !== undefined) {
      expect(all.map((r) => r.id)).not.toContain(`note-${process.id}`);
      expect((await get('director', `/fhir/R4/Provenance/note-${process.id}`)).statusCode).toBe(404);
    }
  });

  it('AuditEvent: the medical director’s site’s trail (type the action, outcome, agent, entity); the admin and a prescriber are refused', async () => {
    const r = await get('director', '/fhir/R4/MedicationRequest?_count=1');
    // Read events are staged and sealed into the chain shortly after the answer; one staged and not
    // yet sealed (no timer here) is in the trail the AuditEvent search reads: it seals first.
    const director = await h.database.db
      .selectFrom('app_user')
      .select(['id', 'roles'])
      .where('email', '=', 'director@demo.test')
      .executeTakeFirstOrThrow();
    await stageAuditRecords(h.database.db, [
      {
        userId: director.id,
        userRoles: director.roles,
        action: 'fhir.search',
        outcome: 'allowed',
        requestId: 'staged-not-sealed',
        at: new Date(),
      },
    ]);
    const found = await resources<AuditEvent>('director', `/fhir/R4/AuditEvent?type=fhir.search&outcome=0&date=ge2000-01-01&_count=1000`);
    const mine = await h.database.db
      .selectFrom('audit_event')
      .select(['seq', 'user_id', 'action'])
      .where('request_id', '=', String(r.headers['x-request-id']))
      .executeTakeFirstOrThrow();
    const e = found.find((x) => x.id === String(mine.seq));
    expect(e).toMatchObject({
      type: { system: 'https://kairos.invalid/fhir/CodeSystem/audit-action', code: 'fhir.search' },
      action: 'R',
      outcome: '0',
      agent: [{ who: { reference: `Practitioner/${mine.user_id}` }, requestor: true }],
      source: { observer: { display: 'Kairos' } },
    });
    expect(found.every((x) => x.type.code === 'fhir.search' && x.outcome === '0')).toBe(true);
    const staged = await h.database.db
      .selectFrom('audit_event')
      .select('seq')
      .where('request_id', '=', 'staged-not-sealed')
      .executeTakeFirstOrThrow();
    expect(found.map((x) => x.id)).toContain(String(staged.seq));
    expect(JSON.parse((await get('director', `/fhir/R4/AuditEvent/${mine.seq}`)).body)).toEqual(e);
    // A refusal is outcome 4, and names the patient.
    const denied = await resources<AuditEvent>('director', '/fhir/R4/AuditEvent?outcome=4&_count=5');
    expect(denied.every((x) => x.outcome === '4')).toBe(true);
    for (const who of ['admin', 'prescriber', 'nurse'] as const) {
      const refused = await get(who, '/fhir/R4/AuditEvent');
      expect(refused.statusCode, who).toBe(403);
      expect(outcome(refused).issue[0]?.code).toBe('forbidden');
      expect((await get(who, `/fhir/R4/AuditEvent/${mine.seq}`)).statusCode).toBe(403);
    }
    expect((await get('director', '/fhir/R4/AuditEvent/999999999999')).statusCode).toBe(404);
  });

  it('care teams: a nurse or therapist outside the patient’s team finds none of its resources and is refused a read (403); unknown ids are 404', async () => {
    const cases = [
      ['MedicationRequest', (r: MedicationRequest) => r.subject.reference],
      ['MedicationAdministration', (r: MedicationAdministration) => r.subject.reference],
      ['MedicationStatement', (r: MedicationStatement) => r.subject.reference],
      ['AdverseEvent', (r: AdverseEvent) => r.subject.reference],
    ] as const;
    for (const [type, ref] of cases) {
      const subjectOf = ref as (r: Resource) => string | undefined;
      const all = await resources<Resource>('director', `/fhir/R4/${type}?_count=1000`);
      let refusedOnce = false;
      for (const who of ['nurse', 'therapist'] as const) {
        const theirs = await resources<Resource>(who, `/fhir/R4/${type}?_count=1000`);
        for (const x of theirs) expect(visible[who].has(patientOf(subjectOf(x))), `${type} ${x.id}`).toBe(true);
        const outside = all.filter((x) => !visible[who].has(patientOf(subjectOf(x))));
        expect(theirs.length, `${type} ${who}`).toBe(all.length - outside.length);
        if (outside[0] === undefined) continue;
        const refused = await get(who, `/fhir/R4/${type}/${outside[0].id ?? ''}`);
        expect(refused.statusCode, `${type} ${who}`).toBe(403);
        expect(outcome(refused).issue[0]?.code).toBe('forbidden');
        refusedOnce = true;
      }
      expect(refusedOnce, `${type}: a resource outside the nurse's or the therapist's teams`).toBe(true);
      expect((await get('director', `/fhir/R4/${type}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    }
    const provenance = await resources<Provenance>('director', '/fhir/R4/Provenance?_count=1000');
    const therapists = new Set((await resources<Provenance>('therapist', '/fhir/R4/Provenance?_count=1000')).map((p) => p.id));
    const outsideProvenance = provenance.find((p) => !therapists.has(p.id));
    expect(outsideProvenance).toBeDefined();
    expect((await get('therapist', `/fhir/R4/Provenance/${outsideProvenance?.id ?? ''}`)).statusCode).toBe(403);
    // The administrator reads no patient data.
    for (const type of TYPES) expect((await get('admin', `/fhir/R4/${type}`)).statusCode, type).toBe(403);
  });

  it('bad parameters are 400 OperationOutcomes naming them', async () => {
    for (const [url, field] of [
      ['/fhir/R4/MedicationRequest?date=2026', 'date'],
      ['/fhir/R4/MedicationRequest?authoredon=soon', 'authoredon'],
      ['/fhir/R4/MedicationAdministration?effective-time=ne2026-01-01', 'effective-time'],
      ['/fhir/R4/MedicationStatement?code=6130', 'code'],
      ['/fhir/R4/AdverseEvent?patient=1', 'patient'],
      ['/fhir/R4/Provenance?recorded=yesterday', 'recorded'],
      ['/fhir/R4/AuditEvent?agent=Patient/1', 'agent'],
    ] as const) {
      const r = await get('director', url);
      expect(r.statusCode, url).toBe(400);
      expect(outcome(r).issue[0], url).toMatchObject({ severity: 'error', code: 'invalid', expression: [field] });
    }
  });

  it('every search is audited with the patients it returned; _include adds the patient', async () => {
    const r = await get('director', '/fhir/R4/MedicationRequest?_count=3&_include=MedicationRequest:patient');
    const b = bundle(r);
    const patients = [
      ...new Set(
        b.entry?.filter((e) => e.search?.mode === 'match').map((e) => patientOf((e.resource as MedicationRequest).subject.reference)),
      ),
    ];
    expect(new Set(b.entry?.filter((e) => e.search?.mode === 'include').map((e) => e.resource?.id))).toEqual(new Set(patients));
    // Read events are staged, then sealed into the chain after the answer: sealed here at once.
    await sealPendingAudit(h.database.db);
    const events = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('request_id', '=', String(r.headers['x-request-id']))
      .execute();
    expect(events).toEqual([
      {
        action: 'fhir.search',
        details: expect.objectContaining({
          resourceType: 'MedicationRequest',
          patientIds: expect.arrayContaining(patients) as unknown,
        }) as unknown,
      },
    ]);
  });

  it('one resource of each type validates against FHIR R4', async () => {
    const problems: Record<string, string[]> = {};
    for (const type of TYPES) {
      const [one] = await resources<Resource>('director', `/fhir/R4/${type}?_count=1`);
      expect(one, type).toBeDefined();
      problems[type] = validateFhir(one as Resource);
    }
    // And a denied audit event, a retired medication, an infusion in each status where the demo has one.
    for (const url of [
      '/fhir/R4/AuditEvent?outcome=4&_count=1',
      '/fhir/R4/MedicationStatement?status=stopped&_count=1',
      '/fhir/R4/MedicationAdministration?status=in-progress&_count=1',
      '/fhir/R4/MedicationAdministration?status=stopped&_count=1',
      '/fhir/R4/Provenance?_id=x&_count=1',
    ]) {
      const [one] = await resources<Resource>('director', url);
      if (one !== undefined) problems[url] = validateFhir(one);
    }
    expect(Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length > 0))).toEqual({});
  });
});
