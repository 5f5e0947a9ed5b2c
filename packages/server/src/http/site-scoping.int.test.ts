/**
 * Site scoping and access by assignment (design.md, "Who uses it"; issue 18, item 2) on both
 * engines: with a second site, every list route shows a site's staff only their own site's
 * patients, asking for another site's list is refused and audited, an account without a site sees
 * nothing, and a nurse booked on the demo's live infusion (not on the patient's care team) may run
 * it that day, recorded once as access by assignment.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../test/app.js';
import { describeEachEngine } from '../../test/engines.js';
import { addStaff as addStaffRow } from '../../test/staff.js';
import { ACCESS_BY_ASSIGNMENT } from '../services/patients/assert-patient-access.js';
import type { Role } from '../store/schema.js';

describeEachEngine('site scoping', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteA: string;
  let siteB: string;
  let patientA: string;
  let patientB: string;
  const auth: Record<string, TestAuth> = {};
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const get = (who: string, url: string) => injectAs(app, auth[who] as TestAuth, { method: 'GET', url });
  const post = (who: string, url: string, payload: object) => injectAs(app, auth[who] as TestAuth, { method: 'POST', url, payload });
  const range = () => {
    const from = new Date(clock.nowMs() - 12 * 3_600_000).toISOString();
    const to = new Date(clock.nowMs() + 12 * 3_600_000).toISOString();
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  };

  const addStaff = (email: string, roles: Role[], siteId: string | null): Promise<string> =>
    addStaffRow(h.database.db, clock.now(), email, roles, siteId);
  const signIn = async (who: string, email: string) => {
    auth[who] = await signInAs(app, email);
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signIn('admin', 'admin@demo.test');
    await signIn('directorA', 'director@demo.test');
    siteA = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    const created = await post('admin', '/api/sites', { name: 'Second clinic', timeZone: 'America/Denver' });
    expect(created.statusCode).toBe(201);
    siteB = json<{ id: string }>(created).id;
    await addStaff('director@b.test', ['medical-director'], siteB);
    await addStaff('coordinator@b.test', ['coordinator'], siteB);
    await addStaff('nurse@b.test', ['nurse'], siteB);
    await addStaff('nobody@clinic.test', ['coordinator'], null);
    await signIn('directorB', 'director@b.test');
    await signIn('coordinatorB', 'coordinator@b.test');
    await signIn('nurseB', 'nurse@b.test');
    await signIn('siteless', 'nobody@clinic.test');
    patientA = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0010').executeTakeFirstOrThrow()).id;
    const p = await post('coordinatorB', '/api/patients', {
      mrn: 'B-0001',
      givenName: 'Bea',
      familyName: 'Second',
      birthDate: '1980-02-03',
      sex: 'female',
    });
    expect(p.statusCode, p.body).toBe(201);
    patientB = json<{ id: string }>(p).id;
    expect(
      (await post('coordinatorB', `/api/patients/${patientB}/enrollments`, { programTemplate: 'retreat-5-day', siteId: siteB })).statusCode,
    ).toBe(201);
  });
  afterAll(async () => app.close());

  const deniedOtherSite = async () =>
    (
      await h.database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('outcome', '=', 'denied')
        .where(sql`details->>'reason'`, '=', 'other site')
        .executeTakeFirstOrThrow()
    ).n;

  describe('asking for another site’s list is refused (403) and audited', () => {
    const attempts: [
      string,
      string,
      (s: { siteA: string; patientB: string }) => { method: 'GET' | 'POST'; url: string; payload?: object },
    ][] = [
      [
        'director B reads site A’s Today board',
        'directorB',
        ({ siteA }) => ({ method: 'GET', url: `/api/sessions?siteId=${siteA}&${range()}` }),
      ],
      [
        'coordinator B reads site A’s schedule',
        'coordinatorB',
        ({ siteA }) => ({ method: 'GET', url: `/api/schedule?siteId=${siteA}&${range()}` }),
      ],
      [
        'coordinator B lists site A’s enrollments',
        'coordinatorB',
        ({ siteA }) => ({ method: 'GET', url: `/api/enrollments?siteId=${siteA}` }),
      ],
      [
        'director B lists site A’s questionnaires due',
        'directorB',
        ({ siteA }) => ({ method: 'GET', url: `/api/sites/${siteA}/measurement-tasks` }),
      ],
      ['director B lists site A’s tasks', 'directorB', ({ siteA }) => ({ method: 'GET', url: `/api/tasks?siteId=${siteA}` })],
      ['nurse B opens site A’s live events', 'nurseB', ({ siteA }) => ({ method: 'GET', url: `/api/events?siteId=${siteA}` })],
      ['director B reads site A', 'directorB', ({ siteA }) => ({ method: 'GET', url: `/api/sites/${siteA}` })],
      ['director B reads site A’s protocol', 'directorB', ({ siteA }) => ({ method: 'GET', url: `/api/sites/${siteA}/protocol` })],
      [
        'director B reads site A’s consent texts',
        'directorB',
        ({ siteA }) => ({ method: 'GET', url: `/api/sites/${siteA}/consent-documents` }),
      ],
      ['director B reads site A’s portal content', 'directorB', ({ siteA }) => ({ method: 'GET', url: `/api/sites/${siteA}/content` })],
      [
        'coordinator B previews a cohort at site A',
        'coordinatorB',
        ({ siteA }) => ({
          method: 'POST',
          url: '/api/cohorts/preview',
          payload: {
            siteId: siteA,
            programTemplate: 'retreat-5-day',
            startDate: '2027-01-04',
            members: [{ enrollmentId: crypto.randomUUID(), chairId: crypto.randomUUID(), roomId: crypto.randomUUID(), staff: {} }],
          },
        }),
      ],
      [
        'coordinator B refers their patient to site A',
        'coordinatorB',
        ({ siteA, patientB }) => ({
          method: 'POST',
          url: `/api/patients/${patientB}/enrollments`,
          payload: { programTemplate: 'retreat-5-day', siteId: siteA },
        }),
      ],
      [
        'an account without a site reads site A’s Today board',
        'siteless',
        ({ siteA }) => ({ method: 'GET', url: `/api/sessions?siteId=${siteA}&${range()}` }),
      ],
    ];
    it.each(attempts)('%s', async (_name, who, request) => {
      const before = Number(await deniedOtherSite());
      const r = await injectAs(app, auth[who] as TestAuth, request({ siteA, patientB }));
      expect(r.statusCode, r.body).toBe(403);
      expect(json<{ error: { code: string; message: string } }>(r).error.code).toBe('FORBIDDEN');
      expect(Number(await deniedOtherSite())).toBe(before + 1);
    });

    it('the refusal of an account without a site says what to do', async () => {
      const r = await get('siteless', `/api/schedule?siteId=${siteA}&${range()}`);
      expect(json<{ error: { message: string } }>(r).error.message).toMatch(/not attached to a site/);
    });
  });

  describe('lists without a site show only the actor’s own site', () => {
    const mrnsOf = (r: LightMyRequestResponse): string[] =>
      json<{ items: { mrn?: string | null; patient?: { mrn: string | null } }[] }>(r).items.map((i) => i.mrn ?? i.patient?.mrn ?? '');

    it('patient search: site B’s coordinator finds only site B’s patient; site A’s director never finds it', async () => {
      expect(mrnsOf(await get('coordinatorB', '/api/patients'))).toEqual(['B-0001']);
      expect(mrnsOf(await get('coordinatorB', '/api/patients?q=DEMO'))).toEqual([]);
      const a = mrnsOf(await get('directorA', '/api/patients?limit=200'));
      expect(a.length).toBeGreaterThan(5);
      expect(a).not.toContain('B-0001');
      expect(mrnsOf(await get('directorA', '/api/patients?q=B-0001'))).toEqual([]);
    });

    it('enrollments, tasks and the review queue hold nothing of site A for site B', async () => {
      expect(mrnsOf(await get('coordinatorB', '/api/enrollments'))).toEqual(['B-0001']);
      expect(mrnsOf(await get('directorA', '/api/enrollments'))).not.toContain('B-0001');
      expect(mrnsOf(await get('directorB', '/api/tasks'))).toEqual([]);
      const queueB = json<{ items: unknown[] }>(await get('directorB', '/api/adverse-events/review-queue'));
      expect(queueB.items).toEqual([]);
    });

    it('sites and the staff directory: own site only; the admin manages every site', async () => {
      expect(json<{ items: { id: string }[] }>(await get('directorB', '/api/sites')).items.map((s) => s.id)).toEqual([siteB]);
      expect(json<{ items: { id: string }[] }>(await get('directorA', '/api/sites')).items.map((s) => s.id)).toEqual([siteA]);
      expect(
        json<{ items: { id: string }[] }>(await get('admin', '/api/sites'))
          .items.map((s) => s.id)
          .sort(),
      ).toEqual([siteA, siteB].sort());
      const staffB = json<{ items: { displayName: string }[] }>(await get('directorB', '/api/users')).items.map((u) => u.displayName);
      expect(staffB.sort()).toEqual(['coordinator', 'director', 'nurse']);
      expect((await get('admin', `/api/sites/${siteB}/protocol`)).statusCode).toBe(200);
    });

    it('site B’s director cannot close the review of a serious adverse event of site A; the refusal is audited and the event stays awaiting review', async () => {
      const ae = await h.database.db.selectFrom('adverse_event').select('id').limit(1).executeTakeFirstOrThrow();
      await h.database.db
        .updateTable('adverse_event')
        .set({ serious: true, reviewed_at: null, reviewed_by: null, review_note: null })
        .where('id', '=', ae.id)
        .execute();
      const refused = await post('directorB', `/api/adverse-events/${ae.id}/review`, { note: 'reviewed from the other site' });
      expect(refused.statusCode).toBe(403);
      const row = await h.database.db.selectFrom('adverse_event').select('reviewed_at').where('id', '=', ae.id).executeTakeFirstOrThrow();
      expect(row.reviewed_at).toBeNull();
      const denied = await h.database.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', '=', 'adverse-event.review')
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.length).toBeGreaterThan(0);
      expect((await post('directorA', `/api/adverse-events/${ae.id}/review`, { note: 'reviewed at its own site' })).statusCode).toBe(204);
    });

    it('a patient of site A is refused to site B’s director, and the other way round', async () => {
      expect((await get('directorB', `/api/patients/${patientA}`)).statusCode).toBe(403);
      expect((await get('directorA', `/api/patients/${patientB}`)).statusCode).toBe(403);
    });

    it('an account without a site sees no patient and may not register one', async () => {
      expect(json<{ items: unknown[]; total: number }>(await get('siteless', '/api/patients')).total).toBe(0);
      expect(json<{ items: unknown[] }>(await get('siteless', '/api/enrollments')).items).toEqual([]);
      const r = await post('siteless', '/api/patients', {
        mrn: 'X-1',
        givenName: 'X',
        familyName: 'Y',
        birthDate: '1990-01-01',
        sex: 'male',
      });
      expect(r.statusCode).toBe(403);
    });
  });

  describe('access by assignment: a nurse booked on the live infusion, outside the care team', () => {
    let sessionId: string;
    let eventId: string;

    beforeAll(async () => {
      const row = await h.database.db
        .selectFrom('dosing_session as s')
        .select(['s.id', 's.event_id'])
        .where('s.patient_id', '=', patientA)
        .where('s.state', '=', 'infusing')
        .executeTakeFirstOrThrow();
      sessionId = row.id;
      eventId = row.event_id;
      await addStaff('float-nurse@demo.test', ['nurse'], siteA);
      await signIn('floatNurse', 'float-nurse@demo.test');
    });

    it('before the booking the nurse is refused the session (403, audited)', async () => {
      const r = await get('floatNurse', `/api/sessions/${sessionId}`);
      expect(r.statusCode).toBe(403);
    });

    it('booked on the event, the nurse sees the patient on the board and runs the session; recorded once for the day', async () => {
      const user = await h.database.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'float-nurse@demo.test')
        .executeTakeFirstOrThrow();
      // The IV runner of the infusion is handed over to the float nurse.
      await h.database.db
        .updateTable('event_staff')
        .set({ user_id: user.id })
        .where('event_id', '=', eventId)
        .where('role', '=', 'licensed-iv-runner')
        .execute();
      const board = json<{ items: { sessionId: string; patient: { mrn: string | null } }[] }>(
        await get('floatNurse', `/api/sessions?siteId=${siteA}&${range()}`),
      );
      expect(board.items.find((i) => i.sessionId === sessionId)?.patient.mrn).toBe('DEMO-0010');
      expect((await get('floatNurse', `/api/sessions/${sessionId}`)).statusCode).toBe(200);
      expect((await get('floatNurse', `/api/sessions/${sessionId}`)).statusCode).toBe(200);
      const paused = await post('floatNurse', `/api/sessions/${sessionId}/steps`, { step: 'pause', reason: 'patient asked for a break' });
      expect(paused.statusCode, paused.body).toBe(200);
      const recorded = await h.database.db
        .selectFrom('audit_event')
        .select(['details'])
        .where('action', '=', ACCESS_BY_ASSIGNMENT)
        .where('user_id', '=', user.id)
        .execute();
      expect(recorded).toHaveLength(1);
      expect(recorded[0]?.details).toMatchObject({ basis: 'assignment', eventId });
    });

    it('the next day the booking no longer gives access', async () => {
      clock.advance(2 * 86_400_000);
      await signIn('floatNurse', 'float-nurse@demo.test');
      expect((await get('floatNurse', `/api/sessions/${sessionId}`)).statusCode).toBe(403);
    });
  });
});
