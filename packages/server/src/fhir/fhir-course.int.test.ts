/**
 * The FHIR R4 resources of a patient's course (issue 25) on both engines, against the demo clinic:
 * EpisodeOfCare (enrollments), Encounter (the events of a booked course), Group (cohorts),
 * Condition (recorded diagnoses and conditions) and Consent (consent signatures): read and search,
 * the mapping of their key fields, the access rules (permission, care team, unknown id), bad
 * parameters, the audit, and one of each validating.
 */
import { sealPendingAudit } from '../services/audit.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Bundle, Condition, Consent, Encounter, EpisodeOfCare, Group, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { programCohortLabel } from '@kairos/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { TEST_START_MS, buildDemoApp } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { validateFhir } from '../../test/fhir-validator.js';

const KAIROS = 'https://kairos.invalid/fhir/CodeSystem';
const PATIENT_TYPES = ['EpisodeOfCare', 'Encounter', 'Condition', 'Consent'] as const;

describeEachEngine('FHIR R4 course resources', (h) => {
  let app: FastifyInstance;
  const auth: Record<'director' | 'nurse' | 'admin', TestAuth> = {} as never;
  /** A patient with a booked course, a PTSD diagnosis and a consent signature, outside the reach of `auth.nurse` (a nurse or therapist). */
  let outsider: string;

  const get = (who: keyof typeof auth, url: string): Promise<LightMyRequestResponse> => injectAs(app, auth[who], { method: 'GET', url });
  const bundle = (r: LightMyRequestResponse) => {
    expect(r.statusCode, r.body).toBe(200);
    return JSON.parse(r.body) as Bundle;
  };
  const resources = <T extends Resource>(b: Bundle): T[] =>
    (b.entry ?? []).filter((e) => e.search?.mode !== 'include').map((e) => e.resource as T);
  const outcome = (r: LightMyRequestResponse) => JSON.parse(r.body) as OperationOutcome;

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    for (const who of ['director', 'admin'] as const) auth[who] = await signInAs(app, `${who}@demo.test`);
    // A nurse or therapist, and a patient with a course, a diagnosis and a consent outside their reach: not on
    // their care teams, not assigned to any of their events, no emergency access.
    for (const email of ['nurse@demo.test', 'nurse2@demo.test', 'therapist@demo.test', 'therapist2@demo.test', 'therapist3@demo.test']) {
      const user = await h.database.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      const { rows } = await sql<{ id: string }>`
        SELECT p.id FROM patient p
         WHERE NOT EXISTS (SELECT 1 FROM care_team_member c WHERE c.patient_id = p.id AND c.user_id = ${user.id})
           AND NOT EXISTS (SELECT 1 FROM scheduled_event ev JOIN enrollment e ON e.id = ev.enrollment_id
                             JOIN event_staff s ON s.event_id = ev.id WHERE e.patient_id = p.id AND s.user_id = ${user.id})
           AND NOT EXISTS (SELECT 1 FROM emergency_access x WHERE x.patient_id = p.id AND x.user_id = ${user.id})
           AND EXISTS (SELECT 1 FROM scheduled_event ev JOIN enrollment e ON e.id = ev.enrollment_id WHERE e.patient_id = p.id)
           AND EXISTS (SELECT 1 FROM patient_fact f WHERE f.patient_id = p.id AND f.kind = 'diagnosis')
           AND EXISTS (SELECT 1 FROM consent_signature cs JOIN enrollment e ON e.id = cs.enrollment_id WHERE e.patient_id = p.id)
         ORDER BY p.id LIMIT 1`.execute(h.database.db);
      if (rows[0] === undefined) continue;
      outsider = rows[0].id;
      auth.nurse = await signInAs(app, email);
      break;
    }
    expect(outsider).toBeDefined();
  });
  afterAll(async () => app?.close());

  it('EpisodeOfCare: an enrollment with its patient, program template as type, status from its state, period; read back', async () => {
    const e = await h.database.db
      .selectFrom('enrollment')
      .selectAll()
      .where('patient_id', '=', outsider)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    const found = resources<EpisodeOfCare>(bundle(await get('director', `/fhir/R4/EpisodeOfCare?patient=Patient/${outsider}&_count=100`)));
    const episode = found.find((x) => x.id === e.id);
    const status = {
      'in-treatment': 'active',
      'follow-up': 'active',
      completed: 'finished',
      ineligible: 'cancelled',
      withdrawn: 'cancelled',
    }[e.state as string];
    expect(episode).toMatchObject({
      resourceType: 'EpisodeOfCare',
      status: status ?? 'planned',
      patient: { reference: `Patient/${outsider}` },
      managingOrganization: { reference: `Organization/${e.site_id}` },
      type: [{ coding: [{ system: `${KAIROS}/program-template`, code: e.program_template }] }],
      period: { start: e.created_at.toISOString() },
      meta: { lastUpdated: e.updated_at.toISOString() },
    });
    const read = await get('director', `/fhir/R4/EpisodeOfCare/${e.id}`);
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toEqual(episode);
    // status and type narrow; _include adds the patient.
    const active = resources<EpisodeOfCare>(bundle(await get('director', '/fhir/R4/EpisodeOfCare?status=active&_count=1000')));
    expect(active.every((x) => x.status === 'active')).toBe(true);
    const typed = bundle(
      await get(
        'director',
        `/fhir/R4/EpisodeOfCare?patient=${outsider}&type=${encodeURIComponent(`${KAIROS}/program-template|${e.program_template}`)}&_include=EpisodeOfCare:patient`,
      ),
    );
    expect(resources<EpisodeOfCare>(typed).map((x) => x.id)).toContain(e.id);
    expect(typed.entry?.filter((x) => x.search?.mode === 'include').map((x) => x.resource?.id)).toEqual([outsider]);
  });

  it('Encounter: a program event, class AMB, type its kind, period, location, staff, episode, status by its state and times', async () => {
    const ev = await h.database.db
      .selectFrom('scheduled_event as ev')
      .innerJoin('enrollment as e', 'e.id', 'ev.enrollment_id')
      .selectAll('ev')
      .where('e.patient_id', '=', outsider)
      .where('ev.kind', '=', 'dosing')
      .where((eb) => eb.exists(eb.selectFrom('event_staff as s').select('s.user_id').whereRef('s.event_id', '=', 'ev.id')))
      .orderBy('ev.starts_at')
      .executeTakeFirstOrThrow();
    const staff = await h.database.db.selectFrom('event_staff').selectAll().where('event_id', '=', ev.id).execute();
    const found = resources<Encounter>(bundle(await get('director', `/fhir/R4/Encounter?subject=${outsider}&type=dosing&_count=100`)));
    expect(found.every((x) => x.type?.[0]?.coding?.[0]?.code === 'dosing')).toBe(true);
    const enc = found.find((x) => x.id === ev.id);
    const now = TEST_START_MS;
    const status =
      ev.state === 'cancelled'
        ? 'cancelled'
        : now < ev.starts_at.getTime()
          ? 'planned'
          : now < ev.ends_at.getTime()
            ? 'in-progress'
            : 'finished';
    expect(enc).toMatchObject({
      status,
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [{ coding: [{ system: `${KAIROS}/program-event`, code: 'dosing' }], text: ev.title }],
      subject: { reference: `Patient/${outsider}` },
      episodeOfCare: [{ reference: `EpisodeOfCare/${ev.enrollment_id}` }],
      period: { start: ev.starts_at.toISOString(), end: ev.ends_at.toISOString() },
      location: [{ location: { reference: `Location/${ev.chair_id ?? ev.room_id ?? ''}` } }],
      serviceProvider: { reference: `Organization/${ev.site_id}` },
    });
    expect(new Set(enc?.participant?.map((p) => p.individual?.reference))).toEqual(new Set(staff.map((s) => `Practitioner/${s.user_id}`)));
    expect(enc?.participant?.[0]?.type?.[0]?.coding?.[0]?.system).toBe(`${KAIROS}/program-role`);
    const read = await get('director', `/fhir/R4/Encounter/${ev.id}`);
    expect(JSON.parse(read.body)).toEqual(enc);
    const byStatus = resources<Encounter>(
      bundle(await get('director', `/fhir/R4/Encounter?patient=${outsider}&status=${status}&_count=100`)),
    );
    expect(byStatus.map((x) => x.id)).toContain(ev.id);
    expect(byStatus.every((x) => x.status === status)).toBe(true);
    const byDate = resources<Encounter>(
      bundle(await get('director', `/fhir/R4/Encounter?patient=${outsider}&date=${ev.starts_at.toISOString().slice(0, 10)}`)),
    );
    expect(byDate.map((x) => x.id)).toContain(ev.id);
  });

  it('Group: a cohort of persons named as the JSON API labels it; its members only the patients the reader may see', async () => {
    const c = await h.database.db
      .selectFrom('cohort as c')
      .selectAll('c')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('scheduled_event as ev')
            .innerJoin('enrollment as e', 'e.id', 'ev.enrollment_id')
            .select('ev.id')
            .whereRef('ev.cohort_id', '=', 'c.id')
            .where('e.patient_id', '=', outsider),
        ),
      )
      .executeTakeFirstOrThrow();
    const { rows: members } = await sql<{ patient_id: string }>`
      SELECT DISTINCT e.patient_id FROM scheduled_event ev JOIN enrollment e ON e.id = ev.enrollment_id WHERE ev.cohort_id = ${c.id}`.execute(
      h.database.db,
    );
    const read = await get('director', `/fhir/R4/Group/${c.id}`);
    const director = JSON.parse(read.body) as Group;
    // The read's audit event names every member returned.
    // Read events are staged, then sealed into the chain after the answer: sealed here at once.
    await sealPendingAudit(h.database.db);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('request_id', '=', String(read.headers['x-request-id']))
      .where('action', '=', 'fhir.read')
      .executeTakeFirstOrThrow();
    expect(new Set((audited.details as { patientIds: string[] }).patientIds)).toEqual(new Set(members.map((m) => m.patient_id)));
    expect(director).toMatchObject({
      resourceType: 'Group',
      type: 'person',
      actual: true,
      active: c.state !== 'cancelled',
      name: programCohortLabel(c.program_template, c.start_date),
      code: { coding: [{ system: `${KAIROS}/program-template`, code: c.program_template }] },
    });
    expect(new Set(director.member?.map((m) => m.entity.reference))).toEqual(new Set(members.map((m) => `Patient/${m.patient_id}`)));
    // The nurse may read the schedule, but sees only her care teams' patients among the members.
    const nurseView = JSON.parse((await get('nurse', `/fhir/R4/Group/${c.id}`)).body) as Group;
    const visible = bundle(await get('nurse', '/fhir/R4/Patient?_count=1000'));
    const visibleIds = new Set(visible.entry?.map((e) => `Patient/${e.resource?.id ?? ''}`));
    expect(nurseView.member?.map((m) => m.entity.reference) ?? []).not.toContain(`Patient/${outsider}`);
    expect((nurseView.member ?? []).every((m) => visibleIds.has(m.entity.reference ?? ''))).toBe(true);
    const nurseGroups = resources<Group>(bundle(await get('nurse', '/fhir/R4/Group?_count=1000')));
    for (const g of nurseGroups) expect((g.member ?? []).every((m) => visibleIds.has(m.entity.reference ?? ''))).toBe(true);
    // member= finds only through a visible patient.
    expect(bundle(await get('director', `/fhir/R4/Group?member=${outsider}`)).entry?.map((e) => e.resource?.id)).toContain(c.id);
    expect(bundle(await get('nurse', `/fhir/R4/Group?member=${outsider}`)).total).toBe(0);
    // code narrows.
    const byCode = resources<Group>(bundle(await get('director', `/fhir/R4/Group?code=${c.program_template}&_count=1000`)));
    expect(byCode.every((g) => g.code?.coding?.[0]?.code === c.program_template)).toBe(true);
  });

  it('Condition: a PTSD diagnosis in ICD-10-CM with the table’s text and SNOMED CT beside it, on the problem list; retired is inactive', async () => {
    const f = await h.database.db
      .selectFrom('patient_fact')
      .selectAll()
      .where('patient_id', '=', outsider)
      .where('kind', '=', 'diagnosis')
      .executeTakeFirstOrThrow();
    const code = (f.data as { code: string }).code;
    expect(code).toMatch(/^F43\.1/);
    const found = resources<Condition>(bundle(await get('director', `/fhir/R4/Condition?patient=${outsider}&code=47505003`)));
    const c = found.find((x) => x.id === f.id);
    const text = { 'F43.10': 'Post-traumatic stress disorder, unspecified', 'F43.12': 'Post-traumatic stress disorder, chronic' }[code];
    expect(c).toMatchObject({
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
      code: {
        coding: [
          { system: 'http://hl7.org/fhir/sid/icd-10-cm', code, ...(text === undefined ? {} : { display: text }) },
          { system: 'http://snomed.info/sct', code: '47505003' },
        ],
      },
      subject: { reference: `Patient/${outsider}` },
      recordedDate: f.recorded_at.toISOString(),
    });
    const byIcd = resources<Condition>(
      bundle(
        await get(
          'director',
          `/fhir/R4/Condition?subject=${outsider}&code=${encodeURIComponent(`http://hl7.org/fhir/sid/icd-10-cm|${code}`)}`,
        ),
      ),
    );
    expect(byIcd.map((x) => x.id)).toContain(f.id);
    expect(bundle(await get('director', `/fhir/R4/Condition?patient=${outsider}&category=encounter-diagnosis`)).total).toBe(0);
    // Retired: inactive, and found by clinical-status.
    await h.database.db
      .updateTable('patient_fact')
      .set({ retired_at: new Date(TEST_START_MS - 60_000), retire_reason: 'test' })
      .where('id', '=', f.id)
      .execute();
    const retired = JSON.parse((await get('director', `/fhir/R4/Condition/${f.id}`)).body) as Condition;
    expect(retired.clinicalStatus?.coding?.[0]?.code).toBe('inactive');
    expect(retired.meta?.lastUpdated).toBe(new Date(TEST_START_MS - 60_000).toISOString());
    const inactive = resources<Condition>(bundle(await get('director', `/fhir/R4/Condition?patient=${outsider}&clinical-status=inactive`)));
    expect(inactive.map((x) => x.id)).toEqual([f.id]);
    await h.database.db.updateTable('patient_fact').set({ retired_at: null, retire_reason: null }).where('id', '=', f.id).execute();
  });

  it('Consent: a signature as an active consent to treatment, signed by the patient, naming the document, its version and hash', async () => {
    const s = await h.database.db
      .selectFrom('consent_signature as cs')
      .innerJoin('enrollment as e', 'e.id', 'cs.enrollment_id')
      .innerJoin('consent_document as d', 'd.id', 'cs.document_id')
      .select(['cs.id', 'cs.signed_at', 'cs.document_hash', 'd.title', 'd.version', 'e.site_id'])
      .where('e.patient_id', '=', outsider)
      .executeTakeFirstOrThrow();
    const found = resources<Consent>(bundle(await get('director', `/fhir/R4/Consent?patient=${outsider}&status=active`)));
    const c = found.find((x) => x.id === s.id);
    expect(c).toMatchObject({
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment' }] },
      category: [{ coding: [{ system: `${KAIROS}/consent-category`, code: 'treatment' }] }],
      patient: { reference: `Patient/${outsider}` },
      performer: [{ reference: `Patient/${outsider}` }],
      dateTime: s.signed_at.toISOString(),
      sourceAttachment: { title: `${s.title} (version ${s.version})` },
    });
    expect(c?.policyRule?.text).toContain(s.document_hash);
    expect(JSON.parse((await get('director', `/fhir/R4/Consent/${s.id}`)).body)).toEqual(c);
    expect(bundle(await get('director', `/fhir/R4/Consent?patient=${outsider}&status=inactive`)).total).toBe(0);
  });

  it('access: without patients.read a 403 OperationOutcome; a nurse outside the care team finds nothing and is refused a read (403, audited); an unknown id 404', async () => {
    const ids: Record<(typeof PATIENT_TYPES)[number], string> = {
      EpisodeOfCare: (
        await h.database.db.selectFrom('enrollment').select('id').where('patient_id', '=', outsider).executeTakeFirstOrThrow()
      ).id,
      Encounter: (
        await h.database.db
          .selectFrom('scheduled_event as ev')
          .innerJoin('enrollment as e', 'e.id', 'ev.enrollment_id')
          .select('ev.id')
          .where('e.patient_id', '=', outsider)
          .executeTakeFirstOrThrow()
      ).id,
      Condition: (
        await h.database.db
          .selectFrom('patient_fact')
          .select('id')
          .where('patient_id', '=', outsider)
          .where('kind', '=', 'diagnosis')
          .executeTakeFirstOrThrow()
      ).id,
      Consent: (
        await h.database.db
          .selectFrom('consent_signature as cs')
          .innerJoin('enrollment as e', 'e.id', 'cs.enrollment_id')
          .select('cs.id')
          .where('e.patient_id', '=', outsider)
          .executeTakeFirstOrThrow()
      ).id,
    };
    for (const type of PATIENT_TYPES) {
      const admin = await get('admin', `/fhir/R4/${type}?patient=${outsider}`);
      expect(admin.statusCode, type).toBe(403);
      expect(outcome(admin).issue[0]?.code, type).toBe('forbidden');
      expect(bundle(await get('nurse', `/fhir/R4/${type}?patient=${outsider}`)).total, type).toBe(0);
      const all = resources(bundle(await get('nurse', `/fhir/R4/${type}?_count=1000`)));
      expect(
        all.map((r) => r.id),
        type,
      ).not.toContain(ids[type]);
      const read = await get('nurse', `/fhir/R4/${type}/${ids[type]}`);
      expect(read.statusCode, type).toBe(403);
      expect(outcome(read).issue[0]?.code, type).toBe('forbidden');
      // Read events are staged, then sealed into the chain after the answer: sealed here at once.
      await sealPendingAudit(h.database.db);
      const refusals = await h.database.db
        .selectFrom('audit_event')
        .select(['action', 'outcome'])
        .where('request_id', '=', String(read.headers['x-request-id']))
        .execute();
      expect(refusals, type).toContainEqual({ action: 'fhir.read', outcome: 'denied' });
      expect((await get('director', `/fhir/R4/${type}/00000000-0000-4000-8000-000000000000`)).statusCode, type).toBe(404);
      expect((await get('director', `/fhir/R4/${type}/not-a-uuid`)).statusCode, type).toBe(404);
    }
    // Group: schedule.read (the administrator has none); an unknown cohort is a 404.
    expect((await get('admin', '/fhir/R4/Group')).statusCode).toBe(403);
    expect((await get('director', '/fhir/R4/Group/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('bad parameters are 400 OperationOutcomes naming the parameter', async () => {
    for (const [url, field] of [
      ['/fhir/R4/EpisodeOfCare?subject=x', 'subject'],
      ['/fhir/R4/EpisodeOfCare?date=yesterday', 'date'],
      ['/fhir/R4/Encounter?date=ne2026-01-01', 'date'],
      ['/fhir/R4/Encounter?class=AMB', 'class'],
      ['/fhir/R4/Group?_include=Group:member', '_include'],
      ['/fhir/R4/Group?member=Group/1', 'member'],
      ['/fhir/R4/Condition?code:text=ptsd', 'code:text'],
      ['/fhir/R4/Condition?recorded-date=2026-13-01', 'recorded-date'],
      ['/fhir/R4/Consent?scope=treatment', 'scope'],
    ] as const) {
      const r = await get('director', url);
      expect(r.statusCode, url).toBe(400);
      expect(outcome(r).issue[0], url).toMatchObject({ severity: 'error', code: 'invalid', expression: [field] });
    }
  });

  it('a search is audited with the patients it returned', async () => {
    for (const type of PATIENT_TYPES) {
      const r = await get('director', `/fhir/R4/${type}?patient=${outsider}&_count=5`);
      expect(r.statusCode).toBe(200);
      // Read events are staged, then sealed into the chain after the answer: sealed here at once.
      await sealPendingAudit(h.database.db);
      const events = await h.database.db
        .selectFrom('audit_event')
        .select(['action', 'details', 'outcome'])
        .where('request_id', '=', String(r.headers['x-request-id']))
        .execute();
      expect(events, type).toEqual([
        {
          action: 'fhir.search',
          outcome: 'allowed',
          details: expect.objectContaining({ resourceType: type, parameters: ['_count', 'patient'], patientIds: [outsider] }) as unknown,
        },
      ]);
    }
  });

  it('one of each type validates (FHIR R4, @medplum/core)', async () => {
    const problems: Record<string, string[]> = {};
    for (const url of [
      `/fhir/R4/EpisodeOfCare?patient=${outsider}&_count=1`,
      `/fhir/R4/Encounter?patient=${outsider}&type=dosing&_count=1`,
      `/fhir/R4/Encounter?status=cancelled&_count=1`,
      `/fhir/R4/Group?member=${outsider}&_count=1`,
      `/fhir/R4/Condition?patient=${outsider}&_count=1`,
      `/fhir/R4/Condition?code=${encodeURIComponent(`${KAIROS}/condition|`)}&_count=1`,
      `/fhir/R4/Consent?patient=${outsider}&_count=1`,
    ]) {
      const [r] = resources(bundle(await get('director', url)));
      if (r === undefined) continue;
      problems[url] = validateFhir(r);
    }
    expect(Object.keys(problems).length).toBeGreaterThanOrEqual(5);
    expect(Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length > 0))).toEqual({});
  });
});
