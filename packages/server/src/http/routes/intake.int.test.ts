/**
 * From referral to eligibility through the API, on both engines: every enrollment transition
 * rule, the consent gate, screening recomputation, override and decision rules, portal access.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('intake: referral to eligibility', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let coordinator: TestAuth;
  let prescriber: TestAuth;
  let director: TestAuth;
  let nurse: TestAuth;
  let siteId: string;
  let patientId: string;
  let enrollmentId: string;

  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const stepUp = async (auth: TestAuth, email: string, purpose: string): Promise<string> => {
    const r = await injectAs(app, auth, { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } });
    expect(r.statusCode).toBe(200);
    return json<{ stepUpToken: string }>(r).stepUpToken;
  };
  const screening = async () =>
    json<{
      assessment: { decision: string; checks: { id: string; outcome: string }[] } | null;
      canDecide: { eligible: boolean; why: string[] };
    }>(await injectAs(app, coordinator, { method: 'GET', url: `/api/enrollments/${enrollmentId}/screening` }));

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    prescriber = await signInAs(app, 'prescriber@demo.test');
    director = await signInAs(app, 'director@demo.test');
    nurse = await signInAs(app, 'nurse@demo.test');
    siteId = json<{ items: { id: string }[] }>(await injectAs(app, coordinator, { method: 'GET', url: '/api/sites' })).items[0]
      ?.id as string;
    const nurseId = nurse.userId;
    const p = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/patients',
      payload: {
        mrn: 'INT-1',
        givenName: 'Morgan',
        familyName: 'Intake',
        birthDate: '1985-06-01',
        careTeam: [
          { role: 'nurse', userId: nurseId },
          { role: 'prescriber', userId: prescriber.userId },
        ],
      },
    });
    patientId = json<{ id: string }>(p).id;
  });
  afterAll(async () => app.close());

  it('the condition reference gives every condition its words and the ICD-10-CM codes with their text', async () => {
    const r = await injectAs(app, nurse, { method: 'GET', url: '/api/reference/conditions' });
    expect(r.statusCode).toBe(200);
    const items = (JSON.parse(r.body) as { items: { code: string; title: string; icd10cm: { code: string; text: string }[] }[] }).items;
    expect(items.map((i) => i.code)).toContain('psychosis-history');
    expect(items.every((i) => i.icd10cm.length > 0 && i.icd10cm.every((c) => c.text !== c.code && c.text.length > 3))).toBe(true);
    expect(items.find((i) => i.code === 'pregnancy')?.icd10cm).toEqual([{ code: 'Z33.1', text: 'Pregnant state, incidental' }]);
    expect(items.find((i) => i.code === 'controlled-hypertension')?.icd10cm).toEqual([
      { code: 'I10', text: 'Essential (primary) hypertension' },
    ]);
  });

  it('refers a patient to a program at a site: referred, waiting for screening to start', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${patientId}/enrollments`,
      payload: { programTemplate: 'retreat-5-day', siteId },
    });
    expect(r.statusCode).toBe(201);
    const e = json<{ id: string; state: string; waitingFor: string[]; allowed: string[] }>(r);
    enrollmentId = e.id;
    expect(e).toMatchObject({ state: 'referred', waitingFor: ['screening to start'], allowed: ['screening', 'withdrawn'] });
  });

  it('refuses an illegal step with 409, the current state and the allowed steps', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/transitions`,
      payload: { to: 'scheduled' },
    });
    expect(r.statusCode).toBe(409);
    expect(json(r)).toMatchObject({
      error: { code: 'INVALID_TRANSITION', details: { current: 'referred', allowed: ['screening', 'withdrawn'] } },
    });
  });

  it('withdrawing needs a reason', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/transitions`,
      payload: { to: 'withdrawn' },
    });
    expect(r.statusCode).toBe(400);
    expect(json(r)).toMatchObject({ error: { details: { issues: [{ field: 'body.reason' }] } } });
  });

  it('entering screening assesses what is known: missing items, needs review', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/transitions`,
      payload: { to: 'screening' },
    });
    expect(r.statusCode).toBe(200);
    const s = await screening();
    expect(s.assessment?.decision).toBe('needs-review');
    expect(s.assessment?.checks.find((c) => c.id === 'diagnosis')?.outcome).toBe('missing');
    expect(s.assessment?.checks.find((c) => c.id === 'required:informedConsent')?.outcome).toBe('missing');
    expect(s.canDecide.eligible).toBe(false);
  });

  it('eligible and ineligible are set only by the screening decision', async () => {
    const r = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/transitions`,
      payload: { to: 'eligible' },
    });
    expect(r.statusCode).toBe(409);
    expect(json(r)).toMatchObject({ error: { code: 'INVALID_TRANSITION', message: expect.stringContaining('screening decision') } });
  });

  it('recording details and facts recomputes the decision and keeps the earlier assessments', async () => {
    const post = (payload: object) => injectAs(app, nurse, { method: 'POST', url: `/api/patients/${patientId}/facts`, payload });
    expect((await post({ kind: 'diagnosis', data: { code: 'F43.12', display: 'PTSD, chronic' } })).statusCode).toBe(201);
    expect((await post({ kind: 'medication', data: { name: 'Lorazepam', dailyDoseMg: 2 } })).statusCode).toBe(201);
    expect((await post({ kind: 'condition', data: { code: 'no-such-condition' } })).statusCode).toBe(400);
    const vitals = await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/patients/${patientId}/vitals`,
      payload: {
        measuredAt: new Date(clock.nowMs() - 3_600_000).toISOString(),
        systolic: 128,
        diastolic: 82,
        heartRate: 70,
        spo2: 98,
        weightKg: 72.5,
      },
    });
    expect(vitals.statusCode).toBe(201);
    const facts = await injectAs(app, coordinator, {
      method: 'PUT',
      url: `/api/enrollments/${enrollmentId}/screening/facts`,
      payload: {
        priorTreatments: ['ssri'],
        cardiovascularRiskFactors: false,
        pregnancyPossible: false,
        conditionsReviewed: true,
        medicationsReviewed: true,
        completed: { history: '2026-11-20', physicalExam: '2026-11-20', labs: '2026-11-20', psychiatricEvaluation: '2026-11-21' },
      },
    });
    expect(facts.statusCode).toBe(200);
    const s = json<{
      assessment: { decision: string; checks: { id: string; outcome: string }[]; interactions: { class: string }[] };
      history: unknown[];
    }>(facts);
    expect(s.assessment.decision).toBe('needs-review');
    expect(s.assessment.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id)).toEqual(['required:informedConsent']);
    expect(s.assessment.interactions.map((i) => i.class)).toEqual(['benzodiazepine', 'benzodiazepine-load']);
    expect(s.history.length).toBeGreaterThanOrEqual(4);
    const details = json<{ medications: { interactions: { class: string; severity: string }[] }[] }>(
      await injectAs(app, nurse, { method: 'GET', url: `/api/patients/${patientId}/details` }),
    );
    expect(details.medications[0]?.interactions.map((i) => i.severity)).toEqual(['hold-before-session', 'caution']);
  });

  it('a screening date after today is refused, naming the field, and nothing changes', async () => {
    const before = (await screening()).assessment;
    const r = await injectAs(app, coordinator, {
      method: 'PUT',
      url: `/api/enrollments/${enrollmentId}/screening/facts`,
      payload: { completed: { labs: '2030-01-01' } },
    });
    expect(r.statusCode).toBe(400);
    expect(json(r)).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('completed.labs') } });
    expect((await screening()).assessment).toEqual(before);
  });

  it('the patient signs the consent through a single-use portal link; the consent check passes', async () => {
    const none = await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${patientId}/portal-access`, payload: {} });
    expect(none.statusCode).toBe(201);
    const { code, link } = json<{ code: string; link: string }>(none);
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    // No consent document yet at the demo site? Write one (director).
    const docs = json<{ items: unknown[] }>(
      await injectAs(app, coordinator, { method: 'GET', url: `/api/sites/${siteId}/consent-documents` }),
    );
    if (docs.items.length === 0) {
      const doc = await injectAs(app, director, {
        method: 'POST',
        url: `/api/sites/${siteId}/consent-documents`,
        payload: {
          title: 'Consent to ketamine-assisted psychotherapy',
          body: 'I understand the program, its risks and benefits, and that I may withdraw at any time.',
        },
      });
      expect(doc.statusCode).toBe(201);
    }
    const enter = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code } });
    expect(enter.statusCode).toBe(200);
    // Beside the httpOnly session cookie, a readable hint with no secret: the portal page asks the
    // server only when it is there (no 401 on the console of a signed-out visit).
    expect(enter.cookies.find((c) => c.name === 'kairos_portal')?.httpOnly).toBe(true);
    expect(enter.cookies.find((c) => c.name === 'kairos_portal_in')).toMatchObject({ value: '1', path: '/', sameSite: 'Strict' });
    expect(enter.cookies.find((c) => c.name === 'kairos_portal_in')?.httpOnly).toBeFalsy();
    const cookie = `kairos_portal=${enter.cookies.find((c) => c.name === 'kairos_portal')?.value}`;
    expect((await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/portal/session', payload: { token: link.split('token=')[1] } })).statusCode).toBe(
      401,
    );
    const consent = await app.inject({ method: 'GET', url: '/api/portal/consent', headers: { cookie } });
    expect(consent.statusCode).toBe(200);
    const doc = json<{ document: { id: string; hash: string }; signed: null }>(consent);
    expect(doc.signed).toBeNull();
    const noHeader = await app.inject({
      method: 'POST',
      url: '/api/portal/consent',
      headers: { cookie },
      payload: { documentId: doc.document.id, typedName: 'Morgan Intake' },
    });
    expect(noHeader.statusCode).toBe(403);
    const signed = await app.inject({
      method: 'POST',
      url: '/api/portal/consent',
      headers: { cookie, 'x-kairos-portal': '1' },
      payload: { documentId: doc.document.id, typedName: 'Morgan Intake' },
    });
    expect(signed.statusCode).toBe(200);
    const sig = await h.database.db
      .selectFrom('consent_signature')
      .selectAll()
      .where('enrollment_id', '=', enrollmentId)
      .executeTakeFirstOrThrow();
    expect(sig).toMatchObject({ typed_name: 'Morgan Intake', channel: 'portal', document_hash: doc.document.hash });
    const s = await screening();
    expect(s.assessment?.checks.find((c) => c.id === 'required:informedConsent')?.outcome).toBe('pass');
    expect((await app.inject({ method: 'GET', url: '/api/patients', headers: { cookie } })).statusCode).toBe(401);
  });

  it('eligible needs every holding interaction overridden; a nurse cannot override; a prescriber can, with a step-up', async () => {
    expect((await screening()).canDecide).toMatchObject({ eligible: false, why: [expect.stringContaining('interaction:benzodiazepine')] });
    const byNurse = await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/screening/overrides`,
      payload: { checkId: 'interaction:benzodiazepine', reason: 'will hold', stepUpToken: 'x' },
    });
    expect(byNurse.statusCode).toBe(403);
    const noProof = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/screening/overrides`,
      payload: { checkId: 'interaction:benzodiazepine', reason: 'Lorazepam held 24 h before each session', stepUpToken: 'forged' },
    });
    expect(noProof.statusCode).toBe(403);
    expect(noProof.json()).toMatchObject({ error: { code: 'STEP_UP_REQUIRED' } });
    const token = await stepUp(prescriber, 'prescriber@demo.test', 'screening.override');
    const ok = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/screening/overrides`,
      payload: { checkId: 'interaction:benzodiazepine', reason: 'Lorazepam held 24 h before each session', stepUpToken: token },
    });
    expect(ok.statusCode).toBe(200);
    expect(json<{ canDecide: { eligible: boolean } }>(ok).canDecide.eligible).toBe(true);
  });

  it('the prescriber decides eligible with a step-up; the enrollment is eligible', async () => {
    const token = await stepUp(prescriber, 'prescriber@demo.test', 'screening.decide');
    const r = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/screening/decision`,
      payload: { outcome: 'eligible', stepUpToken: token },
    });
    expect(r.statusCode).toBe(200);
    expect(json<{ enrollment: { state: string }; decision: { outcome: string } }>(r)).toMatchObject({
      enrollment: { state: 'eligible' },
      decision: { outcome: 'eligible' },
    });
    const moved = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/transitions`,
      payload: { to: 'scheduled' },
    });
    expect(moved.statusCode).toBe(200);
  });

  it('a failed absolute contraindication can be overridden only by a medical director', async () => {
    const p = json<{ id: string }>(
      await injectAs(app, coordinator, {
        method: 'POST',
        url: '/api/patients',
        payload: {
          mrn: 'INT-2',
          givenName: 'Rowan',
          familyName: 'Contra',
          birthDate: '1979-02-02',
          careTeam: [{ role: 'prescriber', userId: prescriber.userId }],
        },
      }),
    );
    const e = json<{ id: string }>(
      await injectAs(app, coordinator, {
        method: 'POST',
        url: `/api/patients/${p.id}/enrollments`,
        payload: { programTemplate: 'retreat-5-day', siteId },
      }),
    );
    await injectAs(app, coordinator, { method: 'POST', url: `/api/enrollments/${e.id}/transitions`, payload: { to: 'screening' } });
    await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/patients/${p.id}/facts`,
      payload: { kind: 'condition', data: { code: 'aneurysmal-vascular-disease' } },
    });
    const byPrescriber = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/enrollments/${e.id}/screening/overrides`,
      payload: {
        checkId: 'contraindication:aneurysmal-vascular-disease',
        reason: 'repaired in 2019',
        stepUpToken: await stepUp(prescriber, 'prescriber@demo.test', 'screening.override'),
      },
    });
    expect(byPrescriber.statusCode).toBe(403);
    expect(json(byPrescriber)).toMatchObject({ error: { message: expect.stringContaining('only a medical director') } });
    const byDirector = await injectAs(app, director, {
      method: 'POST',
      url: `/api/enrollments/${e.id}/screening/overrides`,
      payload: {
        checkId: 'contraindication:aneurysmal-vascular-disease',
        reason: 'repaired in 2019, cleared by vascular surgery',
        stepUpToken: await stepUp(director, 'director@demo.test', 'screening.override'),
      },
    });
    expect(byDirector.statusCode).toBe(200);
    const ineligible = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/enrollments/${e.id}/screening/decision`,
      payload: { outcome: 'ineligible', stepUpToken: await stepUp(prescriber, 'prescriber@demo.test', 'screening.decide') },
    });
    expect(ineligible.statusCode).toBe(400);
    const withReason = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/enrollments/${e.id}/screening/decision`,
      payload: {
        outcome: 'ineligible',
        reason: 'no PTSD diagnosis on record',
        stepUpToken: await stepUp(prescriber, 'prescriber@demo.test', 'screening.decide'),
      },
    });
    expect(withReason.statusCode).toBe(200);
    expect(json<{ enrollment: { state: string } }>(withReason).enrollment.state).toBe('ineligible');
  });

  it('protocol: a change is a new unsigned version that changes nothing (and blocks nothing) until a director signs it with a step-up', async () => {
    const check = async () =>
      json<{ allowed: boolean; signed: boolean; version: number; proposal: number | null }>(
        await injectAs(app, nurse, { method: 'GET', url: `/api/sites/${siteId}/protocol/dosing-check` }),
      );
    const maximum = async () =>
      json<{ params: { path: string; value: unknown; reviewState: string }[]; proposal: { version: number } | null }>(
        await injectAs(app, nurse, { method: 'GET', url: `/api/sites/${siteId}/protocol` }),
      );
    // The demo signs the shipped defaults at load.
    expect(await check()).toMatchObject({ allowed: true, signed: true, version: 1, proposal: null });
    const bad = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions`,
      payload: { changes: [{ path: 'dosing.siteMaximumMgPerKg', value: 3 }], reason: 'too high on purpose' },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ error: { message: expect.stringContaining('dosing.siteMaximumMgPerKg') } });
    const v = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions`,
      payload: { changes: [{ path: 'dosing.siteMaximumMgPerKg', value: 0.8 }], reason: 'our maximum is 0.8 mg/kg' },
    });
    expect(v.statusCode).toBe(201);
    expect(json(v)).toMatchObject({ version: 2, signedAt: null, changes: [{ path: 'dosing.siteMaximumMgPerKg', old: 1, new: 0.8 }] });
    // The proposal is not in force: version 1 still is, and dosing still runs.
    expect(await check()).toMatchObject({ allowed: true, signed: true, version: 1, proposal: 2 });
    const pending = await maximum();
    expect(pending.params.find((p) => p.path === 'dosing.siteMaximumMgPerKg')).toMatchObject({ value: 1 });
    expect(pending.proposal).toMatchObject({ version: 2 });
    const byPrescriber = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions/2/sign`,
      payload: { stepUpToken: 'x' },
    });
    expect(byPrescriber.statusCode).toBe(403);
    const signed = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions/2/sign`,
      payload: { stepUpToken: await stepUp(director, 'director@demo.test', 'protocol.sign') },
    });
    expect(signed.statusCode).toBe(200);
    expect(await check()).toMatchObject({ allowed: true, signed: true, version: 2, proposal: null });
    const view = await maximum();
    expect(view.params.find((p) => p.path === 'dosing.siteMaximumMgPerKg')).toMatchObject({ value: 0.8, reviewState: 'reviewed' });
    expect(view.proposal).toBeNull();
  });

  it('a new consent version means an eligible enrollment cannot be scheduled until the patient signs it', async () => {
    const demoEligible = await h.database.db
      .selectFrom('enrollment')
      .innerJoin('patient', 'patient.id', 'enrollment.patient_id')
      .select('enrollment.id')
      .where('patient.mrn', '=', 'DEMO-0007')
      .executeTakeFirstOrThrow();
    const doc = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/consent-documents`,
      payload: {
        title: 'Consent, version with a new risk paragraph',
        body: 'I understand the program, its risks and benefits, including the new paragraph on bladder symptoms.',
      },
    });
    expect(doc.statusCode).toBe(201);
    const refused = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${demoEligible.id}/transitions`,
      payload: { to: 'scheduled' },
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ error: { message: expect.stringContaining('signed consent of the site’s current version') } });
    const signed = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${demoEligible.id}/consent/tablet`,
      payload: { typedName: 'Mickey Mouse' },
    });
    // Not the patient's name: refused, naming the field, and nothing signed.
    expect(signed.statusCode).toBe(400);
    expect(json(signed)).toMatchObject({ error: { details: { issues: [{ field: 'typedName' }] } } });
    const patient = await h.database.db
      .selectFrom('enrollment as e')
      .innerJoin('patient as p', 'p.id', 'e.patient_id')
      .select(['p.given_name', 'p.family_name'])
      .where('e.id', '=', demoEligible.id)
      .executeTakeFirstOrThrow();
    const signedByName = await injectAs(app, coordinator, {
      method: 'POST',
      url: `/api/enrollments/${demoEligible.id}/consent/tablet`,
      payload: { typedName: ` ${patient.given_name.toUpperCase()}   ${patient.family_name} ` },
    });
    expect(signedByName.statusCode).toBe(200);
    expect(
      (
        await injectAs(app, coordinator, {
          method: 'POST',
          url: `/api/enrollments/${demoEligible.id}/transitions`,
          payload: { to: 'scheduled' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('a typed name that differs from the record is signed on the tablet only with a staff witness: their own proof and why', async () => {
    const db = h.database.db;
    const e = await db
      .selectFrom('enrollment')
      .innerJoin('patient', 'patient.id', 'enrollment.patient_id')
      .select(['enrollment.id', 'patient.given_name'])
      .where('patient.mrn', '=', 'DEMO-0007')
      .executeTakeFirstOrThrow();
    // A new version to sign, so the enrollment needs a signature again.
    const doc = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/consent-documents`,
      payload: { title: 'Consent, third version', body: 'I understand the program, its risks and benefits, and that I may withdraw.' },
    });
    expect(doc.statusCode).toBe(201);
    const signatures = async () =>
      db.selectFrom('consent_signature').selectAll().where('enrollment_id', '=', e.id).orderBy('signed_at', 'desc').execute();
    const before = (await signatures()).length;
    const sign = (payload: Record<string, unknown>) =>
      injectAs(app, coordinator, { method: 'POST', url: `/api/enrollments/${e.id}/consent/tablet`, payload });
    const married = `${e.given_name} Castellanos-Reyes`;
    const nurseId = (await db.selectFrom('app_user').select('id').where('email', '=', 'nurse@demo.test').executeTakeFirstOrThrow()).id;

    // Attempts that must not sign: no witness, a proof for another act, no reason, a made-up proof.
    const noWitness = await sign({ typedName: married });
    expect(noWitness.statusCode).toBe(400);
    expect(json(noWitness)).toMatchObject({ error: { details: { issues: [{ field: 'typedName' }] } } });
    expect(json<{ error: { message: string } }>(noWitness).error.message).toMatch(/staff member confirms/);
    const otherPurpose = await stepUp(coordinator, 'nurse@demo.test', 'note.sign');
    expect(
      (await sign({ typedName: married, witness: { reason: 'Married since registration', stepUpToken: otherPurpose } })).statusCode,
    ).toBe(403);
    const noReason = await sign({
      typedName: married,
      witness: { reason: ' ', stepUpToken: await stepUp(coordinator, 'nurse@demo.test', 'consent.witness-name') },
    });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(json(noReason))).toContain('body.witness.reason');
    expect((await sign({ typedName: married, witness: { reason: 'Married since registration', stepUpToken: 'made-up' } })).statusCode).toBe(
      403,
    );
    expect((await signatures()).length).toBe(before);

    // The nurse confirms with her own password, on the coordinator's tablet session, and says why.
    const proof = await stepUp(coordinator, 'nurse@demo.test', 'consent.witness-name');
    const signed = await sign({ typedName: married, witness: { reason: 'Married since registration; ID seen', stepUpToken: proof } });
    expect(signed.statusCode).toBe(200);
    // (The test clock stands still: every signature has the same time, so find it by its name.)
    const row = (await signatures()).find((r) => r.typed_name === married);
    expect(row).toMatchObject({
      typed_name: married,
      channel: 'tablet',
      name_witnessed_by: nurseId,
      name_witness_reason: 'Married since registration; ID seen',
    });
    const audited = await db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'consent.sign')
      .where('record_id', '=', row?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ nameWitnessedBy: nurseId, nameWitnessReason: 'Married since registration; ID seen' });
    // The proof served once.
    expect((await sign({ typedName: married, witness: { reason: 'again', stepUpToken: proof } })).statusCode).toBe(403);
    // A name that matches needs no witness, and none is recorded even when one is given.
    const plain = await sign({
      typedName: `${e.given_name} ${(await db.selectFrom('patient').select('family_name').where('mrn', '=', 'DEMO-0007').executeTakeFirstOrThrow()).family_name}`,
      witness: { reason: 'not needed', stepUpToken: 'unused' },
    });
    expect(plain.statusCode).toBe(200);
    const plainRows = (await signatures()).filter((r) => r.typed_name !== married);
    expect(plainRows.length).toBe(before + 1);
    expect(plainRows.every((r) => r.name_witnessed_by === null && r.name_witness_reason === null)).toBe(true);
  });
});
