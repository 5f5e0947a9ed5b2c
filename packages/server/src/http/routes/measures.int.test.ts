/**
 * Measures through the API on both engines: questionnaires stored item by item and scored by core,
 * bad answers refused naming the item with nothing stored, suicide risk routing (PHQ-9 item 9, the
 * C-SSRS levels) into tasks for the prescriber and therapist, measurement tasks, the portal's
 * questionnaire flow with stop and resume, the journal's privacy, CADSS-6 at the chair, outcomes
 * and the site's written content.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';

describeEachEngine('measures', (h) => {
  let app: FastifyInstance;
  let therapist: TestAuth;
  let director: TestAuth;
  let coordinator: TestAuth;
  let nurse: TestAuth;
  let patientId: string;
  let siteId: string;
  const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json<T>();
  const count = async (table: 'questionnaire_response' | 'clinical_task') =>
    Number(
      (
        await h.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ app } = await buildDemoApp(h.database));
    therapist = await signInAs(app, 'therapist@demo.test');
    director = await signInAs(app, 'director@demo.test');
    coordinator = await signInAs(app, 'coordinator@demo.test');
    nurse = await signInAs(app, 'nurse@demo.test');
    const p = await h.database.db.selectFrom('patient').select(['id', 'site_id']).where('mrn', '=', 'DEMO-0009').executeTakeFirstOrThrow();
    patientId = p.id;
    siteId = p.site_id;
  });
  afterAll(async () => app.close());

  const enter = (auth: TestAuth, payload: object) =>
    injectAs(app, auth, { method: 'POST', url: `/api/patients/${patientId}/questionnaires`, payload });

  it('a PHQ-9 is stored item by item with core’s score; item 9 above 0 creates a same-day task for the prescriber and therapist', async () => {
    const r = await enter(coordinator, { instrument: 'phq9', answers: [1, 2, 1, 2, 1, 1, 0, 0, 2] });
    expect(r.statusCode).toBe(201);
    const body = json<{
      id: string;
      total: number;
      score: { severity: string; item9Positive: boolean };
      risk: { urgency: string };
      taskId: string;
    }>(r);
    expect(body).toMatchObject({ total: 10, score: { severity: 'moderate', item9Positive: true }, risk: { urgency: 'same-day' } });
    const row = await h.database.db.selectFrom('questionnaire_response').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.answers).toEqual([1, 2, 1, 2, 1, 1, 0, 0, 2]);
    const team = await h.database.db
      .selectFrom('care_team_member')
      .select(['user_id', 'role'])
      .where('patient_id', '=', patientId)
      .where('role', 'in', ['prescriber', 'therapist'])
      .execute();
    const task = await h.database.db.selectFrom('clinical_task').selectAll().where('id', '=', body.taskId).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ urgency: 'same-day', kind: 'risk-follow-up', source_response_id: body.id });
    expect([...task.assignees].sort()).toEqual(team.map((m) => m.user_id).sort());
    expect(task.reason).toContain('item 9 answered 2');
  });

  it('with no prescriber or therapist on the care team, the risk task goes to the site’s medical directors', async () => {
    const created = await injectAs(app, coordinator, {
      method: 'POST',
      url: '/api/patients',
      payload: { mrn: 'NOTEAM-1', givenName: 'Robin', familyName: 'Alone', birthDate: '1990-02-03' },
    });
    expect(created.statusCode).toBe(201);
    const lone = json<{ id: string }>(created).id;
    await h.database.db.deleteFrom('care_team_member').where('patient_id', '=', lone).execute();
    const r = await injectAs(app, director, {
      method: 'POST',
      url: `/api/patients/${lone}/questionnaires`,
      payload: { instrument: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] },
    });
    expect(r.statusCode).toBe(201);
    const task = await h.database.db
      .selectFrom('clinical_task')
      .select('assignees')
      .where('id', '=', json<{ taskId: string }>(r).taskId)
      .executeTakeFirstOrThrow();
    expect(task.assignees).toEqual([director.userId]);
  });

  it('a PHQ-9 with item 9 at 0 creates no task', async () => {
    const before = await count('clinical_task');
    const r = await enter(coordinator, { instrument: 'phq9', answers: [3, 3, 3, 3, 3, 3, 3, 3, 0] });
    expect(json(r)).toMatchObject({ total: 24, risk: null, taskId: null });
    expect(await count('clinical_task')).toBe(before);
  });

  it('a bad answer is refused naming the item, and nothing is stored', async () => {
    const [responses, tasks] = [await count('questionnaire_response'), await count('clinical_task')];
    const r = await enter(coordinator, { instrument: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 4] });
    expect(r.statusCode).toBe(400);
    expect(json(r)).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('body.answers[8]') } });
    const short = await enter(coordinator, { instrument: 'pcl5-month', answers: [1, 1, 1] });
    expect(short.statusCode).toBe(400);
    const cssrs = await enter(coordinator, { instrument: 'cssrs', answers: { answers: { q1: true, q2: false, q3: true, q6: false } } });
    expect(cssrs.statusCode).toBe(400);
    expect(json(cssrs)).toMatchObject({ error: { message: expect.stringContaining('answers.q3') } });
    const future = await enter(coordinator, { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0], completedAt: '2030-01-01T10:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(json(future)).toMatchObject({ error: { message: expect.stringContaining('body.completedAt') } });
    expect([await count('questionnaire_response'), await count('clinical_task')]).toEqual([responses, tasks]);
  });

  it('a paper questionnaire entered later keeps the time it was answered', async () => {
    // Answered on paper weeks before the course (outside every task's window: it fulfils none).
    const r = await enter(coordinator, {
      instrument: 'cssrs',
      answers: { form: 'lifetime-recent', answers: { q1: false, q2: false, q6: false } },
      completedAt: '2026-10-01T15:00:00Z',
    });
    expect(r.statusCode).toBe(201);
    const row = await h.database.db
      .selectFrom('questionnaire_response')
      .select(['completed_at', 'created_at', 'total'])
      .where('id', '=', json<{ id: string }>(r).id)
      .executeTakeFirstOrThrow();
    expect(row.completed_at.toISOString()).toBe('2026-10-01T15:00:00.000Z');
    expect(row.created_at.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(row.total).toBeNull();
  });

  it('C-SSRS high risk creates an urgent task shown on Today until a clinician records what was done', async () => {
    const r = await enter(therapist, {
      instrument: 'cssrs',
      answers: { form: 'since-last-contact', answers: { q1: true, q2: true, q3: true, q4: true, q5: false, q6: false } },
    });
    expect(json(r)).toMatchObject({ score: { risk: 'high' }, risk: { urgency: 'urgent' } });
    const taskId = json<{ taskId: string }>(r).taskId;
    const board = json<{ items: { id: string; urgency: string; patient: { id: string } }[] }>(
      await injectAs(app, director, { method: 'GET', url: `/api/tasks?siteId=${siteId}` }),
    );
    expect(board.items.find((t) => t.id === taskId)).toMatchObject({ urgency: 'urgent', patient: { id: patientId } });
    expect(board.items[0]?.urgency).toBe('urgent');
    expect(
      (await injectAs(app, coordinator, { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { note: 'called' } })).statusCode,
    ).toBe(403);
    const done = await injectAs(app, therapist, {
      method: 'POST',
      url: `/api/tasks/${taskId}/complete`,
      payload: { note: 'Called the patient; safety plan reviewed; seen today.' },
    });
    expect(done.statusCode).toBe(204);
    const after = json<{ items: { id: string }[] }>(await injectAs(app, director, { method: 'GET', url: `/api/tasks?siteId=${siteId}` }));
    expect(after.items.some((t) => t.id === taskId)).toBe(false);
    expect(
      (await injectAs(app, therapist, { method: 'POST', url: `/api/tasks/${taskId}/complete`, payload: { note: 'again' } })).statusCode,
    ).toBe(409);
  });

  it('a therapist outside the care team is refused, and the refusal is audited', async () => {
    const other = await signInAs(app, 'therapist2@demo.test');
    const r = await injectAs(app, other, { method: 'GET', url: `/api/patients/${patientId}/questionnaires` });
    expect(r.statusCode).toBe(403);
    const ev = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('user_id', '=', other.userId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ action: 'questionnaire.read', outcome: 'denied' });
  });

  it('before a course is booked the baseline questionnaires are open from the referral; a PHQ-9 answered then fulfils its task', async () => {
    const referred = await h.database.db
      .selectFrom('enrollment')
      .select(['id', 'patient_id'])
      .where('state', 'in', ['referred', 'screening'])
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    const tasksOf = async () =>
      json<{ tasks: { key: string; instrument: string; state: string; enrollmentId: string; purposes: string[] }[] }>(
        await injectAs(app, director, { method: 'GET', url: `/api/patients/${referred.patient_id}/measurement-tasks` }),
      ).tasks.filter((t) => t.enrollmentId === referred.id);
    const before = await tasksOf();
    expect(before.map((t) => t.instrument).sort()).toEqual(['cssrs', 'gad7', 'pcl5-month', 'phq9']);
    expect(before.every((t) => t.state === 'due' && t.purposes.includes('baseline'))).toBe(true);
    const answered = await injectAs(app, director, {
      method: 'POST',
      url: `/api/patients/${referred.patient_id}/questionnaires`,
      payload: { instrument: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], enrollmentId: referred.id },
    });
    expect(answered.statusCode).toBe(201);
    expect((await tasksOf()).find((t) => t.instrument === 'phq9')?.state).toBe('done');
  });

  it('measurement tasks follow the course: the retreat baseline (day 1 yesterday) is due', async () => {
    const r = json<{ today: string; tasks: { instrument: string; state: string; purposes: string[] }[] }>(
      await injectAs(app, therapist, { method: 'GET', url: `/api/patients/${patientId}/measurement-tasks` }),
    );
    const baseline = r.tasks.filter((t) => t.purposes.includes('baseline'));
    expect(baseline.map((t) => t.instrument).sort()).toEqual(['cssrs', 'gad7', 'pcl5-month', 'phq9']);
    // The PHQ-9 and C-SSRS entered above fulfil the baseline ones (completed inside the window).
    expect(Object.fromEntries(baseline.map((t) => [t.instrument, t.state]))).toEqual({
      'pcl5-month': 'due',
      phq9: 'done',
      gad7: 'due',
      cssrs: 'done',
    });
    const board = json<{ items: { patient: { id: string }; tasks: { instrument: string; state: string }[] }[] }>(
      await injectAs(app, nurse, { method: 'GET', url: `/api/sites/${siteId}/measurement-tasks` }),
    );
    expect(board.items.find((i) => i.patient.id === patientId)?.tasks.map((t) => t.instrument)).toContain('pcl5-month');
  });

  describe('the portal', () => {
    let cookie: string;
    const portal = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: { cookie, ...(method === 'GET' ? {} : { 'x-kairos-portal': '1' }) },
        ...(payload ? { payload } : {}),
      });

    beforeAll(async () => {
      const access = json<{ code: string }>(
        await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${patientId}/portal-access`, payload: {} }),
      );
      const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: access.code } });
      cookie = `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value}`;
    });

    it('leaving the portal clears the session cookie and its readable hint', async () => {
      const access = json<{ code: string }>(
        await injectAs(app, coordinator, { method: 'POST', url: `/api/patients/${patientId}/portal-access`, payload: {} }),
      );
      const entered = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { code: access.code } });
      const own = `kairos_portal=${entered.cookies.find((c) => c.name === 'kairos_portal')?.value}`;
      const left = await app.inject({ method: 'DELETE', url: '/api/portal/session', headers: { cookie: own, 'x-kairos-portal': '1' } });
      expect(left.statusCode).toBe(204);
      for (const name of ['kairos_portal', 'kairos_portal_in']) {
        const cleared = left.cookies.find((c) => c.name === name);
        expect(cleared?.value, name).toBe('');
        expect(cleared?.expires?.getTime(), name).toBeLessThan(Date.now());
      }
    });

    it('home lists the questionnaires due, the schedule and crisis resources', async () => {
      const home = json<{ questionnaires: { key: string; instrument: string }[]; schedule: unknown[]; crisisResources: { body: string } }>(
        await portal('GET', '/api/portal/home'),
      );
      // Baseline PCL-5 and GAD-7, and today's (day 2) C-SSRS before dosing; day 4's opens on day 4.
      expect(home.questionnaires.map((q) => q.instrument).sort()).toEqual(['cssrs', 'gad7', 'pcl5-month']);
      expect(home.schedule.length).toBeGreaterThan(3);
      expect(home.crisisResources.body.length).toBeGreaterThan(20);
    });

    it('two submissions of one questionnaire at once store it once; the other is told it is done', async () => {
      const home = json<{ questionnaires: { key: string; instrument: string }[] }>(await portal('GET', '/api/portal/home'));
      const key = home.questionnaires.find((q) => q.instrument === 'pcl5-month')?.key as string;
      const before = await count('questionnaire_response');
      const answers = Array(20).fill(2);
      const [a, b] = await Promise.all([
        portal('POST', `/api/portal/questionnaires/${key}`, { answers }),
        portal('POST', `/api/portal/questionnaires/${key}`, { answers }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      expect(await count('questionnaire_response')).toBe(before + 1);
    });

    it('a questionnaire can be stopped and resumed, then submitted; it is then done', async () => {
      const home = json<{ questionnaires: { key: string; instrument: string }[] }>(await portal('GET', '/api/portal/home'));
      const key = home.questionnaires.find((q) => q.instrument === 'gad7')?.key as string;
      const form = json<{ form: { items: unknown[] }; draft: unknown }>(await portal('GET', `/api/portal/questionnaires/${key}`));
      expect(form.form.items).toHaveLength(7);
      expect(form.draft).toBeNull();
      expect(
        (await portal('PUT', `/api/portal/questionnaires/${key}/draft`, { answers: [1, 2, null, null, null, null, null] })).statusCode,
      ).toBe(204);
      expect(json<{ draft: unknown }>(await portal('GET', `/api/portal/questionnaires/${key}`)).draft).toEqual([
        1,
        2,
        null,
        null,
        null,
        null,
        null,
      ]);
      const sent = await portal('POST', `/api/portal/questionnaires/${key}`, { answers: [1, 2, 1, 0, 0, 1, 0] });
      expect(sent.statusCode).toBe(201);
      expect(json(sent)).toMatchObject({ instrument: 'gad7', showCrisisResources: false });
      expect((await portal('POST', `/api/portal/questionnaires/${key}`, { answers: [1, 2, 1, 0, 0, 1, 0] })).statusCode).toBe(409);
      const row = await h.database.db
        .selectFrom('questionnaire_response')
        .selectAll()
        .where('id', '=', json<{ id: string }>(sent).id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ channel: 'portal', entered_by: null, total: 5, answers: [1, 2, 1, 0, 0, 1, 0] });
    });

    it('a portal key of another patient or a made-up one is refused', async () => {
      const r = await portal('GET', '/api/portal/questionnaires/00000000-0000-4000-8000-000000000000:2026-12-01:phq9');
      expect(r.statusCode).toBe(404);
      expect((await portal('GET', '/api/portal/questionnaires/nonsense')).statusCode).toBe(400);
    });

    it('journal entries are private unless shared; staff read shared ones only', async () => {
      const priv = json<{ id: string }>(
        await portal('POST', '/api/portal/journal', { body: 'Private thought after day 1.', shared: false }),
      );
      await portal('POST', '/api/portal/journal', { body: 'I want to talk about my sleep.', shared: true });
      expect((await portal('POST', '/api/portal/journal', { body: '   ', shared: false })).statusCode).toBe(400);
      const nul = await portal('POST', '/api/portal/journal', { body: 'a\u0000b', shared: false });
      expect(nul.statusCode).toBe(400);
      expect(json(nul)).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('body.body') } });
      // Shared "with my therapist": the therapist and the medical director read them; a coordinator does not.
      expect((await injectAs(app, coordinator, { method: 'GET', url: `/api/patients/${patientId}/journal` })).statusCode).toBe(403);
      const staff = json<{ items: { body: string }[] }>(
        await injectAs(app, therapist, { method: 'GET', url: `/api/patients/${patientId}/journal` }),
      );
      expect(staff.items.map((e) => e.body)).toEqual(['I want to talk about my sleep.']);
      await portal('PUT', `/api/portal/journal/${priv.id}/share`, { shared: true });
      const again = json<{ items: unknown[] }>(
        await injectAs(app, therapist, { method: 'GET', url: `/api/patients/${patientId}/journal` }),
      );
      expect(again.items).toHaveLength(2);
      expect(json<{ items: unknown[] }>(await portal('GET', '/api/portal/journal')).items).toHaveLength(2);
    });

    it('results are shown only when the site enables them', async () => {
      expect(
        (await injectAs(app, director, { method: 'PUT', url: `/api/sites/${siteId}/portal-settings`, payload: { showResults: false } }))
          .statusCode,
      ).toBe(200);
      expect((await portal('GET', '/api/portal/results')).statusCode).toBe(403);
      expect(
        (await injectAs(app, director, { method: 'PUT', url: `/api/sites/${siteId}/portal-settings`, payload: { showResults: true } }))
          .statusCode,
      ).toBe(200);
      const r = json<{ phq9: { total: number }[]; gad7: unknown[] }>(await portal('GET', '/api/portal/results'));
      expect(r.phq9.map((p) => p.total)).toEqual([10, 24]);
      expect(r.gad7).toHaveLength(1);
    });

    it('the site’s crisis resources replace the fallback', async () => {
      const w = await injectAs(app, director, {
        method: 'PUT',
        url: `/api/sites/${siteId}/content/crisis-resources`,
        payload: { body: 'Call or text 988 (Suicide & Crisis Lifeline). Clinic on-call: 555-0100.' },
      });
      expect(w.statusCode).toBe(200);
      expect(
        json<{ crisisResources: { body: string; written: boolean } }>(await portal('GET', '/api/portal/home')).crisisResources,
      ).toEqual({ body: 'Call or text 988 (Suicide & Crisis Lifeline). Clinic on-call: 555-0100.', written: true });
      const bad = await injectAs(app, director, {
        method: 'PUT',
        url: `/api/sites/${siteId}/content/preparation:retreat-5-day:day-9`,
        payload: { body: 'x' },
      });
      expect(bad.statusCode).toBe(400);
      expect(json(bad)).toMatchObject({ error: { message: expect.stringContaining('no day 9') } });
    });
  });

  it('CADSS-6 rated at the chair is stored with the session and shown in its view', async () => {
    const s = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select('s.id')
      .where('p.mrn', '=', 'DEMO-0010')
      .where('s.state', '=', 'infusing')
      .executeTakeFirstOrThrow();
    const r = await injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${s.id}/cadss6`, payload: { answers: [1, 0, 2, 1, 0, 0] } });
    expect(r.statusCode).toBe(201);
    expect(json(r)).toMatchObject({ total: 4 });
    const view = json<{ cadss6: { total: number; answers: number[] }[] }>(
      await injectAs(app, nurse, { method: 'GET', url: `/api/sessions/${s.id}` }),
    );
    expect(view.cadss6.at(-1)).toMatchObject({ total: 4, answers: [1, 0, 2, 1, 0, 0] });
    expect(
      (await injectAs(app, nurse, { method: 'POST', url: `/api/sessions/${s.id}/cadss6`, payload: { answers: [1, 0, 2, 1, 0, 5] } }))
        .statusCode,
    ).toBe(400);
  });

  it('outcomes: PCL-5 series with baseline and the response and remission lines', async () => {
    // The baseline is the portal's past-month PCL-5 above (every item 2: 40); a later one of 20.
    await enter(therapist, { instrument: 'pcl5-week', answers: Array(20).fill(1) });
    const o = json<{
      baseline: { total: number };
      lines: { responseAtOrBelow: number; remissionAtOrBelow: number };
      pcl5: {
        total: number;
        clusters: Record<string, number>;
        outcome: { response: boolean; remission: boolean; reductionPercent: number };
      }[];
    }>(await injectAs(app, therapist, { method: 'GET', url: `/api/patients/${patientId}/outcomes` }));
    expect(o.baseline.total).toBe(40);
    // Response: at least 30% below 40, so 28 or less; remission: response and 28 or less.
    expect(o.lines).toMatchObject({ responseAtOrBelow: 28, remissionAtOrBelow: 28 });
    expect(o.pcl5[0]?.clusters).toEqual({ B: 10, C: 4, D: 14, E: 12 });
    expect(o.pcl5.at(-1)).toMatchObject({ total: 20, outcome: { response: true, remission: true, reductionPercent: 50 } });
    expect((await injectAs(app, coordinator, { method: 'GET', url: `/api/patients/${patientId}/outcomes` })).statusCode).toBe(403);
  });

  it('the outcome words take their numbers from the protocol in force: a site that signs a 40% response threshold reads 40%, never a written-in 30%', async () => {
    const outcomes = async () =>
      json<{ latest: { response: string; remission: string } }>(
        await injectAs(app, therapist, { method: 'GET', url: `/api/patients/${patientId}/outcomes` }),
      ).latest;
    expect((await outcomes()).response).toMatch(/30%/);
    const director = await signInAs(app, 'director@demo.test');
    const siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    const proposed = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sites/${siteId}/protocol/versions`,
      payload: { changes: [{ path: 'outcomes.response.reductionPercent', value: 40 }], reason: 'our research partner uses 40%' },
    });
    expect(proposed.statusCode).toBe(201);
    expect((await outcomes()).response).toMatch(/30%/); // a proposal changes nothing
    const proof = json<{ stepUpToken: string }>(
      await injectAs(app, director, {
        method: 'POST',
        url: '/api/step-up',
        payload: { email: 'director@demo.test', password: 'kairos-demo-2026', purpose: 'protocol.sign' },
      }),
    ).stepUpToken;
    expect(
      (
        await injectAs(app, director, {
          method: 'POST',
          url: `/api/sites/${siteId}/protocol/versions/${json<{ version: number }>(proposed).version}/sign`,
          payload: { stepUpToken: proof },
        })
      ).statusCode,
    ).toBe(200);
    const signed = await outcomes();
    expect(signed.response).toMatch(/40%/);
    expect(signed.response).not.toMatch(/30%/);
  });
});
