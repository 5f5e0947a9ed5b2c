/**
 * Before a maintenance session (protocol-defaults.md "Maintenance and program reporting"): the
 * bladder and urinary questions, any yes a hold a prescriber reviews, and the infusions of the last
 * 12 months against the site's limit (12), above it a hold a prescriber acknowledges. Through the
 * API on both engines, on a maintenance course booked as a coordinator books one: each row an
 * attempt to get past the rule (no answers, a yes, the wrong person, new answers after a review,
 * a review of answers that changed since they were read, new answers and a review at the same
 * moment, the questions on a session that is not a maintenance one, the 13th infusion).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { readyToStart } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { bookMaintenanceSession } from '../../../test/maintenance.js';

describeEachEngine('before a maintenance session: bladder questions and the infusions of 12 months', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let patientId: string;
  let sessionId: string;
  let retreatSessionId: string;
  const auth: Record<'nurse' | 'prescriber' | 'director' | 'coordinator', TestAuth> = {} as never;
  const NO = { frequency: false, urgency: false, painOnUrination: false, bloodInUrine: false };

  const signInAll = async () => {
    for (const who of ['nurse', 'prescriber', 'director', 'coordinator'] as const) auth[who] = await signInAs(app, `${who}@demo.test`);
  };
  const on = (who: keyof typeof auth, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    injectAs(app, auth[who], { method, url, ...(payload ? { payload } : {}) });
  const item = async (id: string) => {
    const r = await on('director', 'GET', `/api/sessions/${sessionId}`);
    const v = JSON.parse(r.body) as { checklist: { items: { id: string; status: string; detail: string }[] } };
    return v.checklist.items.find((i) => i.id === id);
  };
  const stepUp = async (email: string, purpose: string) =>
    (
      JSON.parse((await on('prescriber', 'POST', '/api/step-up', { email, password: DEMO_PASSWORD, purpose })).body) as {
        stepUpToken: string;
      }
    ).stepUpToken;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    const db = h.database.db;
    await signInAll();
    // A new patient of care team 1, eligible for a maintenance session, booked two weeks ahead on a free chair.
    const booked = await bookMaintenanceSession(db, clock.now(), 'MAINT-0001');
    ({ patientId, sessionId } = booked);
    // Another course's session not started yet: the questions do not belong there.
    retreatSessionId = (
      await db
        .selectFrom('dosing_session as s')
        .innerJoin('enrollment as e', 'e.id', 's.enrollment_id')
        .select('s.id')
        .where('e.program_template', '=', 'retreat-5-day')
        .where('s.state', '=', 'scheduled')
        .executeTakeFirstOrThrow()
    ).id;
    // The day of the session, an hour before its start.
    clock.set(booked.startsAt.getTime() - 60 * 60_000);
    await signInAll();
    await readyToStart((method, url, payload) => on('director', method, url, payload), { sessionId, patientId }, clock.nowMs());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the questions not asked yet: to do, and the infusion does not start (naming the item)', async () => {
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'to-do', detail: 'ask the four bladder and urinary questions' });
    const r = await on('director', 'POST', `/api/sessions/${sessionId}/steps`, { step: 'start' });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('bladder-symptoms');
  });

  it('a new patient: the first infusion in 12 months, within the limit', async () => {
    expect(await item('cumulative-infusions')).toMatchObject({
      status: 'done',
      detail: "this would be the 1st infusion in 12 months (0 before it; the site's limit is 12)",
    });
  });

  it('the questions are not asked before a session of another course: 400 naming the field, nothing stored', async () => {
    for (const step of ['check-in', 'begin-pre-dose'])
      expect((await on('director', 'POST', `/api/sessions/${retreatSessionId}/steps`, { step })).statusCode).toBe(200);
    const r = await on('nurse', 'PUT', `/api/sessions/${retreatSessionId}/checklist`, { bladderSymptoms: NO });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('body.bladderSymptoms');
    const stored = await h.database.db
      .selectFrom('dosing_session')
      .select('checklist')
      .where('id', '=', retreatSessionId)
      .executeTakeFirstOrThrow();
    expect(stored.checklist).not.toHaveProperty('bladderSymptoms');
  });

  it('three answers of four: 400 naming the missing one', async () => {
    const r = await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, {
      bladderSymptoms: { frequency: false, urgency: false, painOnUrination: false },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('bloodInUrine');
  });

  it('a yes holds; the nurse may not clear it; a prescriber reviews it with a reason; the infusion may start', async () => {
    const answered = await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: { ...NO, urgency: true } });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(await item('bladder-symptoms')).toMatchObject({
      status: 'hold',
      detail: 'urgency: no infusion until a prescriber reviews it (a urinalysis is suggested)',
    });
    const heldFor = 'urgency: no infusion until a prescriber reviews it (a urinalysis is suggested)';
    const byNurse = await on('nurse', 'POST', `/api/sessions/${sessionId}/checklist/override`, {
      item: 'bladder-symptoms',
      heldFor,
      reason: 'patient says it is mild',
    });
    expect(byNurse.statusCode).toBe(403);
    expect((await item('bladder-symptoms'))?.status).toBe('hold');
    const reviewed = await on('prescriber', 'POST', `/api/sessions/${sessionId}/checklist/override`, {
      item: 'bladder-symptoms',
      heldFor,
      reason: 'urinalysis clear today; urgency since a cold, reviewed',
      stepUpToken: await stepUp('prescriber@demo.test', 'checklist.override'),
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'done' });
    const audit = await h.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'session.checklist-override')
      .where('record_id', '=', sessionId)
      .execute();
    expect(audit.map((a: { details: unknown }) => (a.details as { item: string }).item)).toEqual(['bladder-symptoms']);
  });

  it('new answers after the review are judged afresh: a new yes holds again', async () => {
    const r = await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: { ...NO, bloodInUrine: true } });
    expect(r.statusCode).toBe(200);
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'hold' });
    expect((await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: NO })).statusCode).toBe(200);
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'done', detail: 'no bladder or urinary symptoms' });
  });

  it('a review of answers that changed since the prescriber read them is refused (409, naming the hold as it is now): the new yes still holds', async () => {
    const urgency = 'urgency: no infusion until a prescriber reviews it (a urinalysis is suggested)';
    expect(
      (await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: { ...NO, urgency: true } })).statusCode,
    ).toBe(200);
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'hold', detail: urgency });
    // The prescriber read "urgency"; meanwhile the nurse records blood in the urine as well.
    const both = { ...NO, urgency: true, bloodInUrine: true };
    expect((await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: both })).statusCode).toBe(200);
    const stale = await on('prescriber', 'POST', `/api/sessions/${sessionId}/checklist/override`, {
      item: 'bladder-symptoms',
      heldFor: urgency,
      reason: 'urgency since a cold, reviewed',
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(JSON.parse(stale.body)).toMatchObject({
      error: {
        details: {
          code: 'HOLD_CHANGED',
          current: 'urgency, blood in urine: no infusion until a prescriber reviews it (a urinalysis is suggested)',
        },
      },
    });
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'hold' });
    // An empty or missing reading of the hold is a 400 naming the field.
    for (const heldFor of [undefined, '', '   ']) {
      const r = await on('prescriber', 'POST', `/api/sessions/${sessionId}/checklist/override`, {
        item: 'bladder-symptoms',
        ...(heldFor === undefined ? {} : { heldFor }),
        reason: 'reviewed',
      });
      expect(r.statusCode, String(heldFor)).toBe(400);
      expect(r.body).toContain('body.heldFor');
    }
    expect(await item('bladder-symptoms')).toMatchObject({ status: 'hold' });
  });

  it('new answers and a review of the earlier ones at the same moment: whichever lands second, the new answers are never taken as reviewed', async () => {
    const urgency = 'urgency: no infusion until a prescriber reviews it (a urinalysis is suggested)';
    for (let round = 0; round < 4; round++) {
      expect(
        (await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: { ...NO, urgency: true } })).statusCode,
      ).toBe(200);
      const [answers, review] = await Promise.all([
        on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: { ...NO, painOnUrination: true } }),
        on('prescriber', 'POST', `/api/sessions/${sessionId}/checklist/override`, {
          item: 'bladder-symptoms',
          heldFor: urgency,
          reason: 'urgency since a cold, reviewed',
        }),
      ]);
      expect(answers.statusCode).toBe(200);
      // The review landed first (then the new answers dropped it) or second (then it was refused as stale).
      expect([200, 409]).toContain(review.statusCode);
      expect(await item('bladder-symptoms'), `round ${round}`).toMatchObject({
        status: 'hold',
        detail: 'pain on urination: no infusion until a prescriber reviews it (a urinalysis is suggested)',
      });
    }
    expect((await on('nurse', 'PUT', `/api/sessions/${sessionId}/checklist`, { bladderSymptoms: NO })).statusCode).toBe(200);
  });

  it('twelve infusions in the last 12 months: this one, the 13th, waits for a prescriber to acknowledge it', async () => {
    // Twelve earlier infusions of this patient within the year (data, as a clinic's history would hold them).
    const db = h.database.db;
    const source = await db.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    const event = await db.selectFrom('scheduled_event').selectAll().where('id', '=', source.event_id).executeTakeFirstOrThrow();
    for (let i = 1; i <= 12; i++) {
      const at = new Date(clock.nowMs() - i * 25 * 86_400_000);
      const { id: _e, ...ev } = event;
      const copy = await db
        .insertInto('scheduled_event')
        .values({ ...ev, starts_at: at, ends_at: new Date(at.getTime() + 3_600_000), infusion: null, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('dosing_session')
        .values({
          event_id: copy.id,
          enrollment_id: source.enrollment_id,
          patient_id: source.patient_id,
          site_id: source.site_id,
          state: 'discharged',
          checklist: '{}',
          infusion_started_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    expect(await item('cumulative-infusions')).toMatchObject({
      status: 'hold',
      detail:
        "this would be the 13th infusion in 12 months (12 before it; the site's limit is 12): a prescriber acknowledges it before the infusion",
    });
    const refused = await on('director', 'POST', `/api/sessions/${sessionId}/steps`, { step: 'start' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('cumulative-infusions');
    const ack = await on('prescriber', 'POST', `/api/sessions/${sessionId}/checklist/override`, {
      item: 'cumulative-infusions',
      heldFor: (await item('cumulative-infusions'))?.detail,
      reason: 'responding well; bladder questions clear; discussed with the patient',
      stepUpToken: await stepUp('prescriber@demo.test', 'checklist.override'),
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await item('cumulative-infusions'))?.status).toBe('done');
    // The nurse booked on it starts it (the director runs the demo's series infusion at this hour).
    const started = await on('nurse', 'POST', `/api/sessions/${sessionId}/steps`, { step: 'start' });
    expect(started.statusCode, started.body).toBe(200);
  });
});
