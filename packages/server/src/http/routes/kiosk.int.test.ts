/**
 * The clinic tablet (issue 22, Must 2): a staff member hands the device to a patient for the
 * questionnaires due now. Their sign-in on the device ends; the patient confirms their date of
 * birth, answers, and the tablet's session ends after the last questionnaire. The table of
 * attempts to break it: the wrong person (the admin, another site's nurse), the wrong order (a
 * questionnaire before the date of birth), the rest of the portal from the tablet, wrong and
 * malformed dates, three wrong dates, two wrong dates at once, nothing due, a portal link's
 * session on the kiosk's routes, and the time limit.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addSite, addStaff } from '../../../test/staff.js';

const ANSWERS: Record<string, unknown> = {
  'pcl5-month': Array(20).fill(1),
  gad7: [1, 0, 1, 0, 1, 0, 1],
  phq9: [1, 0, 1, 0, 1, 0, 1, 0, 0],
  cssrs: { answers: { q1: false, q2: false, q6: false } },
};

describeEachEngine('the clinic tablet (kiosk)', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let patientId: string;
  let birthDate: string;
  /** Questionnaires due for the patient at the demo's clock. */
  let due: number;

  /** A kiosk started by a fresh sign-in of `email` for the patient; the tablet's portal cookie. */
  const start = async (email = 'nurse@demo.test', patient = patientId) => {
    const staff = await signInAs(app, email);
    const r = await injectAs(app, staff, { method: 'POST', url: `/api/patients/${patient}/kiosk` });
    const cookie = r.cookies.find((c) => c.name === 'kairos_portal')?.value;
    return { r, staff, tablet: cookie === undefined ? '' : `kairos_portal=${cookie}` };
  };
  const onTablet = (tablet: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: tablet, ...(method === 'GET' ? {} : { 'x-kairos-portal': '1' }) },
      payload: payload as object,
    });
  const audits = async (action: string) =>
    h.database.db.selectFrom('audit_event').select(['outcome', 'details']).where('action', '=', action).orderBy('at').execute();
  const json = <T>(r: LightMyRequestResponse) => r.json<T>();

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    const p = await h.database.db
      .selectFrom('patient')
      .select(['id', 'birth_date'])
      .where('mrn', '=', 'DEMO-0009')
      .executeTakeFirstOrThrow();
    patientId = p.id;
    birthDate = p.birth_date;
  });
  afterAll(async () => app.close());

  it('a nurse hands the tablet over: her sign-in on it ends, the tablet asks for the date of birth first', async () => {
    const { r, staff, tablet } = await start();
    expect(r.statusCode, r.body).toBe(201);
    expect(json(r)).toEqual({ patient: { givenName: expect.any(String) }, questionnaires: expect.any(Number) });
    due = json<{ questionnaires: number }>(r).questionnaires;
    expect(due).toBeGreaterThanOrEqual(3);
    expect(r.cookies.find((c) => c.name === 'kairos_session')?.value).toBe('');
    expect((await injectAs(app, staff, { method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    const state = json<{ confirmed: boolean; questionnaires: unknown[]; triesLeft: number }>(
      await onTablet(tablet, 'GET', '/api/portal/kiosk'),
    );
    expect(state).toMatchObject({ confirmed: false, questionnaires: [], triesLeft: 3 });
    expect((await audits('kiosk.start')).at(-1)).toMatchObject({
      outcome: 'allowed',
      details: { questionnaires: expect.arrayContaining(['gad7']) },
    });
  });

  it.each([
    ['a questionnaire before the date of birth', 'GET', 'questionnaire', 'Confirm your date of birth first.'],
    ['the portal home', 'GET', '/api/portal/home', 'only the questionnaires'],
    ['the journal', 'GET', '/api/portal/journal', 'only the questionnaires'],
    ['writing in the journal', 'POST', '/api/portal/journal', 'only the questionnaires'],
    ['the results', 'GET', '/api/portal/results', 'only the questionnaires'],
    ['the consent', 'GET', '/api/portal/consent', 'only the questionnaires'],
  ] as const)('before the date of birth, the tablet is refused %s (audited)', async (_what, method, url, says) => {
    const { tablet } = await start();
    const key = `00000000-0000-4000-8000-000000000000:2026-12-01:gad7`;
    const r = await onTablet(
      tablet,
      method,
      url === 'questionnaire' ? `/api/portal/questionnaires/${key}` : url,
      method === 'POST' ? { body: 'x', shared: false } : undefined,
    );
    expect(r.statusCode, r.body).toBe(403);
    expect(json<{ error: { message: string } }>(r).error.message).toContain(says);
    expect((await audits('portal:kiosk')).at(-1)).toMatchObject({ outcome: 'denied' });
  });

  it.each([
    ['a wrong date', { birthDate: '1901-01-01' }, 422, 'birthDate'],
    ['a date written another way', { birthDate: '31/12/1980' }, 400, 'birthDate'],
    ['hostile text', { birthDate: '=HYPERLINK("http://x")' }, 400, 'birthDate'],
    ['no date', {}, 400, 'birthDate'],
    ['an extra field', { birthDate: '1901-01-01', patientId: 'x' }, 400, 'patientId'],
  ] as const)('%s is refused naming the field; the tablet stays unconfirmed', async (_what, body, status, field) => {
    const { tablet } = await start();
    const r = await onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', body);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.body).toContain(field);
    expect(json<{ confirmed: boolean }>(await onTablet(tablet, 'GET', '/api/portal/kiosk')).confirmed).toBe(false);
  });

  it('three wrong dates end the tablet session (each try audited); the right date afterwards is too late', async () => {
    const { tablet } = await start();
    const first = await onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate: '1901-01-01' });
    expect(json(first)).toMatchObject({ error: { details: { triesLeft: 2 } } });
    await onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate: '1901-01-02' });
    const third = await onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate: '1901-01-03' });
    expect(third.statusCode).toBe(401);
    expect(third.cookies.find((c) => c.name === 'kairos_portal')?.value).toBe('');
    expect((await onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate })).statusCode).toBe(401);
    const tries = (await audits('portal.kiosk.confirm')).slice(-3);
    expect(tries.map((t) => [t.outcome, (t.details as { ended: boolean }).ended])).toEqual([
      ['denied', false],
      ['denied', false],
      ['denied', true],
    ]);
  });

  it('two wrong dates sent at once are both counted', async () => {
    const { tablet } = await start();
    const both = await Promise.all([
      onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate: '1901-01-01' }),
      onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate: '1901-01-02' }),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([422, 422]);
    expect(json<{ triesLeft: number }>(await onTablet(tablet, 'GET', '/api/portal/kiosk')).triesLeft).toBe(1);
  });

  it('after the date of birth: the questionnaires due, still nothing else; the last one sent ends the session', async () => {
    const { tablet } = await start();
    expect((await onTablet(tablet, 'POST', '/api/portal/kiosk/confirm', { birthDate })).statusCode).toBe(204);
    const state = json<{ confirmed: boolean; questionnaires: { key: string; instrument: string }[] }>(
      await onTablet(tablet, 'GET', '/api/portal/kiosk'),
    );
    expect(state.confirmed).toBe(true);
    expect(state.questionnaires).toHaveLength(due);
    expect(state.questionnaires.map((q) => q.instrument)).toEqual(expect.arrayContaining(['cssrs', 'gad7', 'pcl5-month']));
    expect((await onTablet(tablet, 'GET', '/api/portal/home')).statusCode).toBe(403);
    expect((await onTablet(tablet, 'GET', '/api/portal/results')).statusCode).toBe(403);
    const sent: { sessionEnded?: boolean }[] = [];
    for (const q of state.questionnaires) {
      expect((await onTablet(tablet, 'GET', `/api/portal/questionnaires/${q.key}`)).statusCode).toBe(200);
      const r = await onTablet(tablet, 'POST', `/api/portal/questionnaires/${q.key}`, { answers: ANSWERS[q.instrument] });
      expect(r.statusCode, r.body).toBe(201);
      sent.push(json(r));
    }
    expect(sent.map((s) => s.sessionEnded)).toEqual([...Array(due - 1).fill(false), true]);
    expect((await onTablet(tablet, 'GET', '/api/portal/kiosk')).statusCode).toBe(401);
    expect((await audits('portal.kiosk.end')).at(-1)).toMatchObject({ outcome: 'allowed', details: { reason: 'questionnaires done' } });
    // Each answer names the staff member who handed the tablet over.
    const nurseId = (
      await h.database.db.selectFrom('app_user').select('id').where('email', '=', 'nurse@demo.test').executeTakeFirstOrThrow()
    ).id;
    const answered = (await audits('portal.kiosk.answered')).slice(-due);
    expect(answered.map((a) => (a.details as { handedOverBy: string }).handedOverBy)).toEqual(Array(due).fill(nurseId));
    const stored = await h.database.db
      .selectFrom('questionnaire_response')
      .select(['channel', 'entered_by'])
      .where('patient_id', '=', patientId)
      .orderBy('created_at', 'desc')
      .limit(due)
      .execute();
    expect(stored).toEqual(Array(due).fill({ channel: 'portal', entered_by: null }));
  });

  it('once everything is answered, nothing is due: a new hand-over is refused (409, audited)', async () => {
    const { r } = await start();
    expect(r.statusCode, r.body).toBe(409);
    expect(r.body).toContain('No questionnaire is due');
    expect(r.cookies.find((c) => c.name === 'kairos_portal')).toBeUndefined();
    expect((await audits('kiosk.start')).at(-1)).toMatchObject({ outcome: 'denied', details: { reason: 'nothing due' } });
  });

  it.each([
    ['the admin (no patient data)', 'admin@demo.test', 403],
    ['a nurse of another site', 'elsewhere-nurse@demo.test', 403],
  ])('%s cannot hand a tablet over; her sign-in stays', async (_who, email, status) => {
    if (email.startsWith('elsewhere')) {
      await addStaff(h.database.db, clock.now(), email, ['nurse'], await addSite(app, 'Elsewhere'));
    }
    const { r, staff } = await start(email);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.cookies.find((c) => c.name === 'kairos_portal')).toBeUndefined();
    expect((await injectAs(app, staff, { method: 'GET', url: '/api/session' })).statusCode).toBe(200);
  });

  it("a portal link's session is not a tablet: the kiosk's routes answer 404", async () => {
    const coordinator: TestAuth = await signInAs(app, 'coordinator@demo.test');
    const access = json<{ code: string }>(
      await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${patientId}/portal-access`, payload: { send: false } }),
    );
    const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: access.code } });
    const own = `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value}`;
    expect((await onTablet(own, 'GET', '/api/portal/kiosk')).statusCode).toBe(404);
    expect((await onTablet(own, 'POST', '/api/portal/kiosk/confirm', { birthDate })).statusCode).toBe(404);
    expect((await onTablet(own, 'GET', '/api/portal/home')).statusCode).toBe(200);
  });
  it('a tablet left unanswered ends after 30 minutes', async () => {
    // Another demo patient with questionnaires due (DEMO-0009 answered everything above).
    const other = await h.database.db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0008').executeTakeFirstOrThrow();
    const { r, tablet } = await start('nurse@demo.test', other.id);
    expect(r.statusCode, r.body).toBe(201);
    clock.advance(29 * 60_000);
    expect((await onTablet(tablet, 'GET', '/api/portal/kiosk')).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await onTablet(tablet, 'GET', '/api/portal/kiosk')).statusCode).toBe(401);
  });
});
