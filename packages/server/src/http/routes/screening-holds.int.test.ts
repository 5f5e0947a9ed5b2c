/**
 * Screening that keeps up with the patient, through the API on both engines: a fact that makes a
 * scheduled patient's screening worse puts a review hold on the enrollment (its state stays), the
 * next infusion cannot start, the care team's prescriber gets a task; a prescriber releases a
 * needs-review hold, only a medical director a hold for a failed absolute contraindication, each
 * through step-up with a reason; the earlier assessments stay.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions, meetChecklistFacts } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('screening review holds', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let nurse: TestAuth;
  let prescriber: TestAuth;
  let director: TestAuth;
  let therapist: TestAuth;
  let patientId: string;
  let enrollmentId: string;
  let sessionId: string;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const stepUp = async (auth: TestAuth, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(
      await injectAs(app, auth, { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } }),
    ).stepUpToken;
  const screening = async () =>
    json<{ hold: { kind: string; reasons: string[] } | null; assessment: { decision: string }; history: unknown[] }>(
      await injectAs(app, prescriber, { method: 'GET', url: `/api/enrollments/${enrollmentId}/screening` }),
    );
  const release = async (auth: TestAuth, email: string, reason = 'reviewed with the patient; the entry was corrected') =>
    injectAs(app, auth, {
      method: 'POST',
      url: `/api/enrollments/${enrollmentId}/screening/hold/release`,
      payload: { reason, stepUpToken: await stepUp(auth, email, 'screening.release-hold') },
    });
  const addFact = async (payload: object) =>
    json<{ id: string }>(await injectAs(app, nurse, { method: 'POST', url: `/api/patients/${patientId}/facts`, payload })).id;
  const start = () => injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${sessionId}/steps`, payload: { step: 'start' } });
  const tasks = async () =>
    h.database.db
      .selectFrom('clinical_task')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('kind', '=', 'screening-review')
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    nurse = await signInAs(app, 'nurse@demo.test');
    prescriber = await signInAs(app, 'prescriber@demo.test');
    director = await signInAs(app, 'director@demo.test');
    therapist = await signInAs(app, 'therapist@demo.test');
    const p = await h.database.db
      .selectFrom('patient as p')
      .innerJoin('enrollment as e', 'e.patient_id', 'p.id')
      .select(['p.id', 'e.id as enrollment_id', 'e.state'])
      .where('p.mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    patientId = p.id;
    enrollmentId = p.enrollment_id;
    expect(p.state).toBe('scheduled');
    // A session of the patient taken to the start, every gate met (the director's live infusion aside: the nurse runs this one).
    [sessionId] = (await addDosingSessions(h.database.db, 'DEMO-0009', 1, clock.now())) as [string];
    const on = (auth: TestAuth, method: 'POST' | 'PUT', path: string, payload: object) =>
      injectAs(app, auth, { method, url: `/api/sessions/${sessionId}${path}`, payload });
    expect((await on(nurse, 'POST', '/steps', { step: 'check-in' })).statusCode).toBe(200);
    expect((await on(nurse, 'POST', '/steps', { step: 'begin-pre-dose' })).statusCode).toBe(200);
    expect(
      (
        await on(nurse, 'POST', '/vitals', {
          readings: [
            {
              clientId: 'pre',
              measuredAt: new Date(clock.nowMs() - 60_000).toISOString(),
              systolic: 122,
              diastolic: 78,
              heartRate: 72,
              spo2: 98,
            },
          ],
        })
      ).statusCode,
    ).toBe(200);
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, nurse, { method, url, payload }),
      { sessionId, patientId },
      clock.nowMs(),
    );
    expect((await on(therapist, 'PUT', '/checklist', { intention: 'to stay with what comes' })).statusCode).toBe(200);
    expect((await on(prescriber, 'POST', '/dose-order', { vialMgPerMl: 10, diluentMl: 100 })).statusCode).toBe(200);
    expect(
      (await on(nurse, 'POST', '/dose-order/double-check', { stepUpToken: await stepUp(nurse, 'director@demo.test', 'dose.double-check') }))
        .statusCode,
    ).toBe(200);
  });
  afterAll(async () => app.close());

  it('the demo patient is scheduled, cleared, with no hold', async () => {
    expect((await screening()).hold).toBeNull();
  });

  it('a pregnancy recorded after scheduling holds the enrollment (still scheduled) and the next infusion; the prescriber gets an urgent task', async () => {
    const before = (await screening()).history.length;
    await addFact({ kind: 'condition', data: { code: 'pregnancy' } });
    const s = await screening();
    expect(s.hold).toMatchObject({ kind: 'absolute' });
    expect(s.hold?.reasons.join(' ')).toMatch(/contraindication:pregnancy: fail/);
    expect(s.history.length).toBeGreaterThan(before); // the earlier assessments stay
    const e = await h.database.db.selectFrom('enrollment').select('state').where('id', '=', enrollmentId).executeTakeFirstOrThrow();
    expect(e.state).toBe('scheduled');
    const r = await start();
    expect(r.statusCode).toBe(409);
    expect(json(r)).toMatchObject({ error: { details: { code: 'CHECKLIST_INCOMPLETE', unmet: [{ id: 'screening', status: 'hold' }] } } });
    const [task] = await tasks();
    expect(task).toMatchObject({ urgency: 'urgent', assignees: [prescriber.userId] });
  });

  it('a prescriber cannot release a hold for a failed absolute contraindication (403, audited); a medical director can, with a reason', async () => {
    const denied = await h.database.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'screening.release-hold')
      .where('outcome', '=', 'denied')
      .executeTakeFirstOrThrow();
    const byPrescriber = await release(prescriber, 'prescriber@demo.test');
    expect(byPrescriber.statusCode).toBe(403);
    expect(json(byPrescriber)).toMatchObject({ error: { details: { code: 'HOLD_NEEDS_DIRECTOR' } } });
    const deniedAfter = await h.database.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'screening.release-hold')
      .where('outcome', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(Number(deniedAfter.n)).toBe(Number(denied.n) + 1);
    expect((await screening()).hold).not.toBeNull();
    const byDirector = await release(director, 'director@demo.test', 'pregnancy entered on the wrong patient; test negative today');
    expect(byDirector.statusCode).toBe(200);
    expect((await screening()).hold).toBeNull();
    expect((await tasks())[0]?.completed_at).not.toBeNull();
  });

  it('a benzodiazepine added later holds for review; the prescriber releases it; the infusion starts', async () => {
    const fact = await addFact({ kind: 'medication', data: { name: 'Lorazepam', dailyDoseMg: 1 } });
    expect((await screening()).hold).toMatchObject({ kind: 'needs-review' });
    expect((await start()).statusCode).toBe(409);
    expect(
      (await release(prescriber, 'prescriber@demo.test', 'lorazepam held 24 h before each session; confirmed at the chair')).statusCode,
    ).toBe(200);
    // The session now needs the benzodiazepine's last dose (12 h) on the checklist.
    expect(
      (
        await injectAs(app, nurse, {
          method: 'PUT',
          url: `/api/sessions/${sessionId}/checklist`,
          payload: { benzodiazepineLastDoseAt: new Date(clock.nowMs() - 20 * 3_600_000).toISOString() },
        })
      ).statusCode,
    ).toBe(200);
    const started = await start();
    expect(started.statusCode, started.body).toBe(200);
    // A correction that makes nothing worse adds no hold.
    await injectAs(app, nurse, { method: 'DELETE', url: `/api/patients/${patientId}/facts/${fact}`, payload: { reason: 'stopped' } });
    expect((await screening()).hold).toBeNull();
  });

  it('an allergy to ketamine (not a condition) fails the hypersensitivity check, named; an implausible weight is refused and stores nothing', async () => {
    await addFact({ kind: 'allergy', data: { substance: 'Ketamine', reaction: 'anaphylaxis', type: 'allergy' } });
    const s = await screening();
    expect(s.hold).toMatchObject({ kind: 'absolute' });
    expect(s.hold?.reasons.join(' ')).toMatch(/contraindication:ketamine-hypersensitivity: fail.*Ketamine/i);
    expect((await release(director, 'director@demo.test', 'allergy entered for the wrong patient')).statusCode).toBe(200);
    const before = await h.database.db.selectFrom('patient_vitals').select('id').where('patient_id', '=', patientId).execute();
    const heavy = await injectAs(app, nurse, {
      method: 'POST',
      url: `/api/patients/${patientId}/vitals`,
      payload: { measuredAt: new Date(clock.nowMs() - 60_000).toISOString(), weightKg: 300 },
    });
    expect(heavy.statusCode).toBe(400);
    expect(json(heavy)).toMatchObject({ error: { details: { issues: [{ field: 'body.weightKg' }] } } });
    expect(await h.database.db.selectFrom('patient_vitals').select('id').where('patient_id', '=', patientId).execute()).toHaveLength(
      before.length,
    );
  });

  it('a needs-review hold is not released by a therapist or a nurse', async () => {
    await addFact({ kind: 'medication', data: { name: 'Theophylline' } });
    expect((await screening()).hold).not.toBeNull();
    expect((await release(nurse, 'nurse@demo.test')).statusCode).toBe(403);
    expect((await release(therapist, 'therapist@demo.test')).statusCode).toBe(403);
  });
});
