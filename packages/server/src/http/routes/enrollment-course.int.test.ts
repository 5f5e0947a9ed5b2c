/**
 * The enrollment follows the course on both engines (protocol-defaults.md, enrollment states):
 * a whole 5-day retreat with the test clock, from the referral through scheduled, in treatment at
 * the first infusion's start, follow-up after day 5, to completed when the +90-day window closes;
 * and what tries to break it: a withdrawn enrollment stays withdrawn, a session started twice, a
 * sweep run twice (and at once), a clock moving backwards.
 */
import { lastFollowUpWindowEnd } from '@kairos/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { meetChecklistFacts } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { enrollmentCourse } from '../../services/measurement-tasks/internal/enrollment-course.js';
import { sweepEnrollmentCourses } from '../../services/enrollment/sweep-enrollment-courses.js';

interface HistoryStep {
  from: string | null;
  to: string;
  at: string;
  by: string | null;
  reason: string | null;
  rule: string | null;
  protocolVersion: number | null;
}

describeEachEngine('enrollment follows the course', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  const as: Record<string, TestAuth> = {};
  const staff: Record<string, string> = {};
  let enrollments: { id: string; patientId: string }[] = [];
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const signInAll = async () => {
    for (const who of ['nurse', 'nurse2', 'prescriber', 'director', 'therapist', 'coordinator'])
      as[who] = await signInAs(app, `${who}@demo.test`);
  };
  const enrollmentOf = async (i: number) => {
    const e = enrollments[i] as { id: string; patientId: string };
    const r = await injectAs(app, as.coordinator as TestAuth, { method: 'GET', url: `/api/patients/${e.patientId}/enrollments` });
    expect(r.statusCode).toBe(200);
    return json<{ items: { id: string; state: string; waitingFor: string[]; history: HistoryStep[] }[] }>(r).items.find(
      (x) => x.id === e.id,
    )!;
  };
  const automatic = async (i: number) => (await enrollmentOf(i)).history.filter((s) => s.rule !== null);
  const sessionsOf = async (i: number) =>
    h.database.db
      .selectFrom('dosing_session as d')
      .innerJoin('scheduled_event as ev', 'ev.id', 'd.event_id')
      .select(['d.id', 'ev.starts_at', 'ev.infusion'])
      .where('d.enrollment_id', '=', (enrollments[i] as { id: string }).id)
      .where('ev.state', '=', 'scheduled')
      .orderBy('ev.starts_at')
      .execute();
  const stepUp = async (auth: TestAuth, email: string, purpose: string) =>
    json<{ stepUpToken: string }>(
      await injectAs(app, auth, { method: 'POST', url: '/api/step-up', payload: { email, password: 'kairos-demo-2026', purpose } }),
    ).stepUpToken;

  /** Takes a session from scheduled to infusing as a nurse would (checklist, order, double check); `runner` starts it. */
  const startInfusion = async (i: number, sessionId: string, runner: TestAuth) => {
    const patientId = (enrollments[i] as { patientId: string }).patientId;
    const on = (auth: TestAuth, method: 'POST' | 'PUT', path: string, payload: object) =>
      injectAs(app, auth, { method, url: `/api/sessions/${sessionId}${path}`, payload });
    const ok = async (p: Promise<LightMyRequestResponse>) => {
      const r = await p;
      if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
      return r;
    };
    await ok(on(runner, 'POST', '/steps', { step: 'check-in' }));
    await ok(on(runner, 'POST', '/steps', { step: 'begin-pre-dose' }));
    const ago = (m: number) => new Date(clock.nowMs() - m * 60_000).toISOString();
    await ok(
      on(runner, 'POST', '/vitals', {
        readings: [
          { clientId: `pre-${sessionId}`, measuredAt: ago(3), systolic: 126, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 },
        ],
      }),
    );
    await ok(on(as.therapist as TestAuth, 'PUT', '/checklist', { intention: 'to stay with what comes' }));
    await meetChecklistFacts(
      (method, url, payload) => injectAs(app, runner, { method, url, payload }),
      { sessionId, patientId },
      clock.nowMs(),
    );
    await ok(on(as.prescriber as TestAuth, 'POST', '/dose-order', { vialMgPerMl: 10, diluentMl: 100 }));
    await ok(
      on(runner, 'POST', '/dose-order/double-check', { stepUpToken: await stepUp(runner, 'director@demo.test', 'dose.double-check') }),
    );
    return on(runner, 'POST', '/steps', { step: 'start' });
  };
  /** Ends an infusion and discharges by a prescriber's override (the discharge rules are tested elsewhere). */
  const endSession = async (sessionId: string, runner: TestAuth) => {
    expect(
      (await injectAs(app, runner, { method: 'POST', url: `/api/sessions/${sessionId}/steps`, payload: { step: 'stop' } })).statusCode,
    ).toBe(200);
    const token = await stepUp(as.prescriber as TestAuth, 'prescriber@demo.test', 'discharge.override');
    const r = await injectAs(app, as.prescriber as TestAuth, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/steps`,
      payload: { step: 'discharge', override: { stepUpToken: token, reason: 'observed in the recovery room instead' } },
    });
    expect(r.statusCode, r.body).toBe(200);
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signInAll();
    const admin = await signInAs(app, 'admin@demo.test');
    const site = await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    await injectAs(app, admin, {
      method: 'PATCH',
      url: `/api/sites/${site.id}`,
      payload: { workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    });
    for (const u of await h.database.db.selectFrom('app_user').select(['id', 'email']).execute())
      staff[u.email.split('@')[0] as string] = u.id;
    // Start from an empty schedule, so the course's chairs and staff are free.
    for (const c of await h.database.db.selectFrom('cohort').select('id').execute())
      await injectAs(app, as.coordinator as TestAuth, {
        method: 'POST',
        url: `/api/cohorts/${c.id}/cancel`,
        payload: { reason: 'clearing the demo schedule' },
      });
    enrollments = (
      await h.database.db
        .selectFrom('enrollment')
        .innerJoin('patient', 'patient.id', 'enrollment.patient_id')
        .select(['enrollment.id', 'enrollment.patient_id'])
        .where('enrollment.state', '=', 'eligible')
        .orderBy('patient.mrn')
        .execute()
    ).map((e) => ({ id: e.id, patientId: e.patient_id }));
  });
  afterAll(async () => app.close());

  it('the referral was screened to eligible by people; booking the retreat schedules it', async () => {
    expect(enrollments.length).toBeGreaterThanOrEqual(2);
    const before = await enrollmentOf(0);
    expect(before.history[0]).toMatchObject({ from: null, to: 'referred' });
    const sites = json<{ items: { id: string; rooms: { name: string; id: string; chairs: { id: string }[] }[] }[] }>(
      await injectAs(app, as.coordinator as TestAuth, { method: 'GET', url: '/api/sites' }),
    ).items[0]!;
    const chairs = sites.rooms.find((r) => r.name === 'Infusion suite')!.chairs.map((c) => c.id);
    const room = (name: string) => sites.rooms.find((r) => r.name === name)!.id;
    const r = await injectAs(app, as.coordinator as TestAuth, {
      method: 'POST',
      url: '/api/cohorts',
      payload: {
        siteId: sites.id,
        programTemplate: 'retreat-5-day',
        startDate: '2026-12-07',
        members: [
          {
            enrollmentId: enrollments[0]!.id,
            chairId: chairs[0],
            roomId: room('Therapy room A'),
            staff: { 'licensed-iv-runner': staff.nurse, therapist: staff.therapist, prescriber: staff.prescriber },
          },
          {
            enrollmentId: enrollments[1]!.id,
            chairId: chairs[1],
            roomId: room('Therapy room B'),
            staff: { 'licensed-iv-runner': staff.nurse2, therapist: staff.therapist2, prescriber: staff.prescriber2 },
          },
        ],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const e = await enrollmentOf(0);
    expect(e.state).toBe('scheduled');
    expect(e.waitingFor.join()).toContain('first dosing session');
  });

  it('nothing moves before the first infusion starts: a sweep on day 1 and a checked-in session leave it scheduled', async () => {
    clock.set(Date.parse('2026-12-07T16:00:00Z'));
    await signInAll();
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    expect((await enrollmentOf(0)).state).toBe('scheduled');
  });

  it('in treatment from the first infusion’s start, by the system naming the rule and protocol version; a second start changes nothing', async () => {
    const [day2] = await sessionsOf(0);
    const [other] = await sessionsOf(1);
    clock.set(day2!.starts_at.getTime() + 30 * 60_000);
    await signInAll();
    const started = await startInfusion(0, day2!.id, as.nurse as TestAuth);
    expect(started.statusCode, started.body).toBe(200);
    const e = await enrollmentOf(0);
    expect(e.state).toBe('in-treatment');
    const step = e.history.at(-1)!;
    expect(step).toMatchObject({ from: 'scheduled', to: 'in-treatment', by: null, rule: 'enrollment.course@1', protocolVersion: 1 });
    expect(step.reason).toMatch(/^Followed the course: the first dosing session started at \d\d:\d\d on 2026-12-08$/);
    // Started twice: the second start is refused and records nothing.
    const again = await injectAs(app, as.prescriber as TestAuth, {
      method: 'POST',
      url: `/api/sessions/${day2!.id}/steps`,
      payload: { step: 'start' },
    });
    expect(again.statusCode).toBe(409);
    expect(await automatic(0)).toHaveLength(1);
    // The audit trail has the system's transition with the rule and the protocol version.
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['user_id', 'user_roles', 'details'])
      .where('action', '=', 'enrollment.transition')
      .where('record_id', '=', enrollments[0]!.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited.user_id).toBeNull();
    expect(audited.details).toMatchObject({
      from: 'scheduled',
      to: 'in-treatment',
      rule: 'enrollment.course@1',
      protocolVersion: 1,
      automatic: true,
    });
    // The second patient starts too, then withdraws during the course.
    expect((await startInfusion(1, other!.id, as.nurse2 as TestAuth)).statusCode).toBe(200);
    expect((await enrollmentOf(1)).state).toBe('in-treatment');
    const w = await injectAs(app, as.coordinator as TestAuth, {
      method: 'POST',
      url: `/api/enrollments/${enrollments[1]!.id}/transitions`,
      payload: { to: 'withdrawn', reason: 'moved out of state' },
    });
    expect(w.statusCode, w.body).toBe(200);
    await endSession(day2!.id, as.nurse as TestAuth);
    await endSession(other!.id, as.nurse2 as TestAuth);
    expect((await enrollmentOf(0)).state).toBe('in-treatment');
  });

  it('stays in treatment through day 4; follow-up once day 5’s review is over; the sweep run twice (and at once) records it once', async () => {
    const [, day4] = await sessionsOf(0);
    clock.set(day4!.starts_at.getTime() + 30 * 60_000);
    await signInAll();
    const started = await startInfusion(0, day4!.id, as.nurse as TestAuth);
    expect(started.statusCode, started.body).toBe(200);
    await endSession(day4!.id, as.nurse as TestAuth);
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    expect((await enrollmentOf(0)).state).toBe('in-treatment');
    const last = await h.database.db
      .selectFrom('scheduled_event')
      .select('ends_at')
      .where('enrollment_id', '=', enrollments[0]!.id)
      .where('state', '=', 'scheduled')
      .orderBy('ends_at', 'desc')
      .executeTakeFirstOrThrow();
    clock.set(last.ends_at.getTime() - 60_000);
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    clock.set(last.ends_at.getTime() + 60_000);
    const [a, b] = await Promise.all([
      sweepEnrollmentCourses(h.database.db, clock.now()),
      sweepEnrollmentCourses(h.database.db, clock.now()),
    ]);
    expect(a + b).toBe(1);
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    await signInAll();
    const e = await enrollmentOf(0);
    expect(e.state).toBe('follow-up');
    expect(e.history.at(-1)).toMatchObject({ from: 'in-treatment', to: 'follow-up', by: null, rule: 'enrollment.course@1' });
    expect(e.history.at(-1)?.reason).toContain('the last program event was over at');
  });

  it('a clock moving backwards moves nothing back', async () => {
    const forward = clock.nowMs();
    clock.set(Date.parse('2026-12-08T10:00:00Z'));
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    clock.set(forward);
    await signInAll();
    expect((await enrollmentOf(0)).state).toBe('follow-up');
  });

  it('completed the day after the +90-day window closes (the measurement schedule’s own window), not before; the withdrawn enrollment stays withdrawn', async () => {
    const course = await enrollmentCourse(h.database.db, enrollments[0]!.id, clock.now());
    const closes = lastFollowUpWindowEnd(course!.measures, course!.config.outcomes)!;
    expect(
      course!.measures
        .filter((m) => m.purposes.includes('follow-up'))
        .at(-1)
        ?.labels.join(),
    ).toContain('+90 days');
    clock.set(Date.parse(`${closes}T12:00:00Z`));
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    clock.set(Date.parse(`${closes}T12:00:00Z`) + 2 * 86_400_000);
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(1);
    expect(await sweepEnrollmentCourses(h.database.db, clock.now())).toBe(0);
    await signInAll();
    const e = await enrollmentOf(0);
    expect(e.state).toBe('completed');
    expect(e.history.map((s) => s.to)).toEqual(
      expect.arrayContaining(['referred', 'screening', 'eligible', 'scheduled', 'in-treatment', 'follow-up', 'completed']),
    );
    expect(e.history.at(-1)?.reason).toBe(`Followed the course: the last follow-up window closed on ${closes}`);
    expect((await automatic(0)).map((s) => s.to)).toEqual(['in-treatment', 'follow-up', 'completed']);
    const withdrawn = await enrollmentOf(1);
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.history.at(-1)).toMatchObject({ to: 'withdrawn', reason: 'moved out of state' });
    expect((await automatic(1)).map((s) => s.to)).toEqual(['in-treatment']);
  });
});
