/**
 * Emergency access ("break the glass", design.md "Who uses it"; HIPAA 164.312(a)(2)(ii); issue 19,
 * item 2) on both engines: a nurse of the site outside the care team opens a record for a stated
 * reason and reads it for 12 hours, each access on the record; the medical director of the site
 * lists and reviews it; the patient's access report says who opened the record, when and why.
 * Every attempt to break the rules is a row of a table, refused and recorded: the wrong person,
 * the wrong order, a stale access, partial or hostile input, someone who needs no emergency access.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMERGENCY_ACCESS_HOURS, type AccessReport, type EmergencyAccess } from '@kairos/api';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addStaff as addStaffRow } from '../../../test/staff.js';
import { ACCESS_BY_EMERGENCY, EMERGENCY_ACCESS } from '../../services/emergency-access/emergency-access-internal.js';
import type { Role } from '../../store/schema.js';

const HOUR = 3_600_000;
const REASON = '  Patient collapsed in the waiting room <img src=x onerror=alert(1)>; her nurse is off site.  ';

describeEachEngine('emergency access (break the glass)', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteB: string;
  /** DEMO-0040: outside the demo nurse's care team, not booked with her today. */
  let patient: string;
  let patientB: string;
  let accessId = '';
  const auth: Record<string, TestAuth> = {};
  const users: Record<string, string> = {};
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const as = (who: string, opts: InjectOptions) => injectAs(app, auth[who] as TestAuth, opts);
  const get = (who: string, url: string) => as(who, { method: 'GET', url });
  const post = (who: string, url: string, payload: object) => as(who, { method: 'POST', url, payload });
  const signIn = async (who: string, email: string) => {
    const signedIn = await signInAs(app, email);
    auth[who] = signedIn;
    users[who] = signedIn.userId;
  };

  const addStaff = async (email: string, roles: Role[], siteId: string): Promise<void> => {
    await addStaffRow(h.database.db, clock.now(), email, roles, siteId);
  };

  /** The refusals on the record since `seq`, of `userId` (null: nobody signed in). */
  const deniedSince = (seq: string, userId: string | null) =>
    h.database.db
      .selectFrom('audit_event')
      .select(['action', 'details', 'patient_id'])
      .where('seq', '>', seq)
      .where('outcome', '=', 'denied')
      .where('user_id', userId === null ? 'is' : '=', userId)
      .execute();
  const lastSeq = async () =>
    (await h.database.db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    await signIn('admin', 'admin@demo.test');
    await signIn('director', 'director@demo.test');
    await signIn('coordinator', 'coordinator@demo.test');
    await signIn('nurse', 'nurse@demo.test');
    await signIn('nurse2', 'nurse2@demo.test');
    await signIn('prescriber', 'prescriber@demo.test');
    patient = (await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0040').executeTakeFirstOrThrow()).id;
    const created = await post('admin', '/api/sites', { name: 'Second clinic', timeZone: 'America/Denver' });
    expect(created.statusCode).toBe(201);
    siteB = json<{ id: string }>(created).id;
    await addStaff('director@b.test', ['medical-director'], siteB);
    await addStaff('coordinator@b.test', ['coordinator'], siteB);
    await addStaff('nurse@b.test', ['nurse'], siteB);
    await signIn('directorB', 'director@b.test');
    await signIn('coordinatorB', 'coordinator@b.test');
    await signIn('nurseB', 'nurse@b.test');
    const p = await post('coordinatorB', '/api/patients', {
      mrn: 'B-0001',
      givenName: 'Bea',
      familyName: 'Second',
      birthDate: '1980-02-03',
    });
    expect(p.statusCode, p.body).toBe(201);
    patientB = json<{ id: string }>(p).id;
  });
  afterAll(async () => app.close());

  describe('before breaking the glass', () => {
    it('the nurse outside the care team is refused the record, and told emergency access is available', async () => {
      const r = await get('nurse', `/api/patients/${patient}`);
      expect(r.statusCode).toBe(403);
      const error = json<{ error: { message: string; details: Record<string, unknown> } }>(r).error;
      expect(error.details).toEqual({ patientId: patient, emergencyAccess: 'available' });
      expect(error.message).toMatch(/emergency access/);
      expect(r.body).not.toContain('DEMO-0040');
    });

    it('a nurse of another site is refused without the offer; so is a director of another site', async () => {
      for (const who of ['nurseB', 'directorB']) {
        const r = await get(who, `/api/patients/${patient}`);
        expect(r.statusCode).toBe(403);
        expect(json<{ error: { details: Record<string, unknown> } }>(r).error.details.emergencyAccess).toBeUndefined();
      }
    });

    it('the nurse has no emergency access yet, and search does not find the patient', async () => {
      expect(json(await get('nurse', `/api/patients/${patient}/emergency-access`))).toEqual({ active: null });
      expect(json<{ total: number }>(await get('nurse', '/api/patients?q=DEMO-0040')).total).toBe(0);
    });
  });

  describe('attempts to break the glass against the rules are refused and recorded', () => {
    const valid = { reason: 'Patient collapsed in the waiting room' };
    const rows: [name: string, who: string, target: 'A' | 'B', body: object, status: number, recorded: string | null][] = [
      ['an admin (sees no patient data)', 'admin', 'A', valid, 403, 'role'],
      ['the medical director (works site-wide: needs none)', 'director', 'A', valid, 403, 'role'],
      ['a coordinator of another site', 'coordinatorB', 'A', valid, 403, 'role'],
      ['a nurse of another site', 'nurseB', 'A', valid, 403, 'other site'],
      ['the site’s nurse, for a patient of another site', 'nurse', 'B', valid, 403, 'other site'],
      ['an empty reason', 'nurse', 'A', { reason: '' }, 400, 'reason'],
      ['a reason of spaces and line breaks', 'nurse', 'A', { reason: ' \n\t         \n ' }, 400, 'reason'],
      ['a reason too short to say anything (“urgent”)', 'nurse', 'A', { reason: '  urgent   ' }, 400, 'reason'],
      ['a reason over 1,000 characters', 'nurse', 'A', { reason: 'x'.repeat(1001) }, 400, 'reason'],
      ['a nurse already on the care team', 'nurse2', 'A', valid, 409, 'ordinary access'],
    ];
    it.each(rows)('%s', async (_name, who, target, body, status, recorded) => {
      const seq = await lastSeq();
      const r = await post(who, `/api/patients/${target === 'A' ? patient : patientB}/emergency-access`, body);
      expect(r.statusCode, r.body).toBe(status);
      if (status === 400)
        expect(json<{ error: { details: { issues: { field: string }[] } } }>(r).error.details.issues[0]?.field).toBe('body.reason');
      const denied = await deniedSince(seq, users[who] ?? null);
      expect(denied.length, 'the refusal is on the record').toBe(1);
      expect((denied[0]?.details as { reason?: string }).reason).toBe(recorded);
      expect(await h.database.db.selectFrom('emergency_access').select('id').execute()).toEqual([]);
    });

    it('the patient, through the portal, is not staff: 401, recorded', async () => {
      const access = json<{ code: string }>(await post('coordinator', `/api/patients/${patient}/portal-access`, { send: false }));
      const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: access.code } });
      const cookie = `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value ?? ''}`;
      const seq = await lastSeq();
      const r = await app.inject({ method: 'POST', url: `/api/patients/${patient}/emergency-access`, headers: { cookie }, payload: valid });
      expect(r.statusCode).toBe(401);
      expect((await deniedSince(seq, null)).length).toBe(1);
    });

    it('reviewing before anything was opened: no such access (404)', async () => {
      const r = await post('director', `/api/emergency-access/${crypto.randomUUID()}/review`, { note: 'Checked with the nurse.' });
      expect(r.statusCode).toBe(404);
    });
  });

  describe('a nurse breaks the glass', () => {
    let opened: EmergencyAccess;

    it('opens the record for 12 hours with the reason, trimmed and kept as typed; on the record with the reason', async () => {
      const r = await post('nurse', `/api/patients/${patient}/emergency-access`, { reason: REASON });
      expect(r.statusCode, r.body).toBe(201);
      opened = json<EmergencyAccess>(r);
      accessId = opened.id;
      expect(opened).toMatchObject({
        patient: { id: patient, mrn: 'DEMO-0040' },
        clinician: { id: users.nurse, roles: ['nurse'] },
        reason: REASON.trim(),
        openedAt: clock.now().toISOString(),
        expiresAt: new Date(clock.nowMs() + EMERGENCY_ACCESS_HOURS * HOUR).toISOString(),
        active: true,
        review: null,
      });
      const ev = await h.database.db
        .selectFrom('audit_event')
        .select(['outcome', 'details', 'user_id'])
        .where('action', '=', EMERGENCY_ACCESS)
        .where('outcome', '=', 'allowed')
        .executeTakeFirstOrThrow();
      expect(ev).toMatchObject({ user_id: users.nurse, details: { emergencyAccessId: accessId, reason: REASON.trim() } });
    });

    it('reads the record; each access is recorded as under emergency access', async () => {
      const seq = await lastSeq();
      expect((await get('nurse', `/api/patients/${patient}`)).statusCode).toBe(200);
      expect((await get('nurse', `/api/patients/${patient}/notes`)).statusCode).toBe(200);
      const marks = await h.database.db
        .selectFrom('audit_event')
        .select(['details'])
        .where('seq', '>', seq)
        .where('action', '=', ACCESS_BY_EMERGENCY)
        .where('user_id', '=', users.nurse ?? '')
        .execute();
      expect(marks.map((m) => m.details)).toEqual([
        { basis: 'emergency', emergencyAccessId: accessId, for: 'patient.read' },
        expect.objectContaining({ basis: 'emergency', emergencyAccessId: accessId }),
      ]);
      expect(json<{ active: EmergencyAccess }>(await get('nurse', `/api/patients/${patient}/emergency-access`)).active.id).toBe(accessId);
      expect(json<{ total: number }>(await get('nurse', '/api/patients?q=DEMO-0040')).total).toBe(1);
    });

    it('opening again while it is active is refused (409) naming its end, and recorded; nothing is extended', async () => {
      const seq = await lastSeq();
      const r = await post('nurse', `/api/patients/${patient}/emergency-access`, { reason: 'Still with the patient, need the record' });
      expect(r.statusCode).toBe(409);
      expect(json<{ error: { details: Record<string, unknown> } }>(r).error.details).toEqual({
        emergencyAccessId: accessId,
        expiresAt: opened.expiresAt,
      });
      expect((await deniedSince(seq, users.nurse ?? '')).map((d) => (d.details as { reason: string }).reason)).toEqual(['already active']);
      expect(await h.database.db.selectFrom('emergency_access').select('expires_at').execute()).toHaveLength(1);
    });
  });

  describe('the medical director reviews it', () => {
    it('the site’s director sees it awaiting review, the reason as typed; another site’s director does not', async () => {
      const list = json<{ items: EmergencyAccess[] }>(await get('director', '/api/emergency-access'));
      expect(list.items.map((i) => [i.id, i.reason, i.review])).toEqual([[accessId, REASON.trim(), null]]);
      expect(json<{ items: EmergencyAccess[] }>(await get('directorB', '/api/emergency-access')).items).toEqual([]);
    });

    const rows: [name: string, who: string, body: object, status: number, recorded: string | null][] = [
      ['by the nurse who opened it', 'nurse', { note: 'I reviewed myself' }, 403, 'role'],
      ['by a coordinator', 'coordinator', { note: 'Looks fine to me' }, 403, 'role'],
      ['by the director of another site', 'directorB', { note: 'Looks fine to me' }, 403, 'other site'],
      ['without a note', 'director', { note: '   ' }, 400, null],
    ];
    it.each(rows)('a review %s is refused', async (_name, who, body, status, recorded) => {
      const seq = await lastSeq();
      const r = await post(who, `/api/emergency-access/${accessId}/review`, body);
      expect(r.statusCode, r.body).toBe(status);
      const denied = await deniedSince(seq, users[who] ?? '');
      if (recorded === null) expect(denied).toEqual([]);
      else expect((denied[0]?.details as { reason?: string }).reason).toBe(recorded);
      const row = await h.database.db.selectFrom('emergency_access').select('reviewed_at').executeTakeFirstOrThrow();
      expect(row.reviewed_at).toBeNull();
    });

    it('the director reviews it with a note: it leaves those awaiting review; a second review is refused and recorded', async () => {
      const r = await post('director', `/api/emergency-access/${accessId}/review`, { note: 'Spoke to the nurse: justified.' });
      expect(r.statusCode, r.body).toBe(200);
      expect(json<EmergencyAccess>(r).review).toMatchObject({ note: 'Spoke to the nurse: justified.', at: clock.now().toISOString() });
      const list = json<{ items: EmergencyAccess[] }>(await get('director', '/api/emergency-access'));
      expect(list.items.filter((i) => i.review === null)).toEqual([]);
      expect(list.items.map((i) => i.id)).toEqual([accessId]);
      const seq = await lastSeq();
      const again = await post('director', `/api/emergency-access/${accessId}/review`, { note: 'Again' });
      expect(again.statusCode).toBe(409);
      expect((await deniedSince(seq, users.director ?? '')).map((d) => (d.details as { reason: string }).reason)).toEqual([
        'already reviewed',
      ]);
    });

    it('the stored access cannot be changed or removed behind the application’s back', async () => {
      await expect(
        h.database.db.updateTable('emergency_access').set({ reason: 'something else' }).where('id', '=', accessId).execute(),
      ).rejects.toThrow(/only its review may be added/);
      await expect(h.database.db.deleteFrom('emergency_access').where('id', '=', accessId).execute()).rejects.toThrow(/never deleted/);
      // The demo loader's reset of the synthetic clinic may remove it (rolled back here).
      const rolledBack = new Error('roll back');
      await expect(
        h.database.db.transaction().execute(async (tx) => {
          await sql`SELECT set_config('kairos.demo_reset', 'on', true)`.execute(tx);
          const removed = await tx.deleteFrom('emergency_access').where('id', '=', accessId).executeTakeFirst();
          expect(removed.numDeletedRows).toBe(1n);
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
    });
  });

  describe('the access report: who opened this record, when, why', () => {
    it('names the nurse under emergency access with her reason, her refusal before it, and the director’s site-wide reading', async () => {
      const r = await get('director', `/api/patients/${patient}/access-report`);
      expect(r.statusCode, r.body).toBe(200);
      const report = json<AccessReport>(r);
      const nurse = report.items.filter((i) => i.person.id === users.nurse);
      const emergency = nurse.find((i) => i.basis === 'emergency');
      expect(emergency).toMatchObject({ person: { roles: ['nurse'] }, emergencyReason: REASON.trim() });
      expect(emergency?.did).toEqual(expect.arrayContaining(['opened the record', 'broke the glass (emergency access)', 'read the notes']));
      expect(nurse.find((i) => i.basis === 'refused')?.did).toEqual(expect.arrayContaining(['opened the record']));
      const director = report.items.find((i) => i.person.id === users.director);
      expect(director?.basis).toBe('site-wide');
      expect(director?.did).toContain('read who opened this record');
      expect(report.total).toBe(report.items.length);
    });

    it('reading the report is on the record', async () => {
      const seq = await lastSeq();
      await get('director', `/api/patients/${patient}/access-report?limit=1`);
      const ev = await h.database.db
        .selectFrom('audit_event')
        .select(['action', 'patient_id', 'outcome'])
        .where('seq', '>', seq)
        .where('action', '=', 'patient.access-report.read')
        .execute();
      expect(ev).toEqual([{ action: 'patient.access-report.read', patient_id: patient, outcome: 'allowed' }]);
    });

    it('who may read it: the director and a prescriber who may open the record; not the nurse, an admin, or another site', async () => {
      expect((await get('nurse', `/api/patients/${patient}/access-report`)).statusCode).toBe(403);
      expect((await get('admin', `/api/patients/${patient}/access-report`)).statusCode).toBe(403);
      expect((await get('directorB', `/api/patients/${patient}/access-report`)).statusCode).toBe(403);
      const onTeam = await h.database.db
        .selectFrom('care_team_member')
        .select('user_id')
        .where('patient_id', '=', patient)
        .where('role', '=', 'prescriber')
        .executeTakeFirstOrThrow();
      const prescriberOnTeam = onTeam.user_id === users.prescriber;
      expect((await get('prescriber', `/api/patients/${patient}/access-report`)).statusCode).toBe(prescriberOnTeam ? 200 : 403);
    });
  });

  describe('after 12 hours', () => {
    it('one minute before the end the nurse still reads the record', async () => {
      clock.advance(EMERGENCY_ACCESS_HOURS * HOUR - 60_000);
      await signIn('nurse', 'nurse@demo.test');
      expect((await get('nurse', `/api/patients/${patient}`)).statusCode).toBe(200);
    });

    it('at the end it is refused again, with the offer; the access is no longer active; she may open a new one', async () => {
      clock.advance(60_000);
      await signIn('nurse', 'nurse@demo.test');
      const r = await get('nurse', `/api/patients/${patient}`);
      expect(r.statusCode).toBe(403);
      expect(json<{ error: { details: Record<string, unknown> } }>(r).error.details.emergencyAccess).toBe('available');
      expect(json(await get('nurse', `/api/patients/${patient}/emergency-access`))).toEqual({ active: null });
      expect(json<{ total: number }>(await get('nurse', '/api/patients?q=DEMO-0040')).total).toBe(0);
      await signIn('director', 'director@demo.test');
      const listed = json<{ items: EmergencyAccess[] }>(await get('director', '/api/emergency-access')).items;
      expect(listed.find((i) => i.id === accessId)?.active).toBe(false);
      const again = await post('nurse', `/api/patients/${patient}/emergency-access`, {
        reason: 'Called back: the patient is unwell again',
      });
      expect(again.statusCode, again.body).toBe(201);
      expect(json<EmergencyAccess>(again).id).not.toBe(accessId);
    });
  });
});
