/**
 * The maintenance trigger through the API on both engines (issue 24, Must 2): a responder's PCL-5
 * below the loss-of-response threshold gives the patient's prescriber a routine task to consider
 * maintenance, naming the rule and the protocol version; once per course; never for a response
 * kept; listed with the patient's tasks and closed with a note like any task.
 *
 * The demo's completed retreat (seed-measures.ts): DEMO-0015 answered 58 at baseline, 36 on day 5
 * (a responder: 38% below), then 47 at +30 days (19% below, under 30%: the response was lost);
 * DEMO-0014 answered 52, 31 on day 5, 27 and 30 later (kept).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RiskTask } from '@kairos/api';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { itemsFor } from '../../services/demo/seed-measures.js';

describeEachEngine('maintenance when a response is lost', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let prescriber: TestAuth;
  let nurse: TestAuth;
  const patient = async (mrn: string) =>
    h.database.db.selectFrom('patient').select(['id']).where('mrn', '=', mrn).executeTakeFirstOrThrow();
  const tasksOf = async (patientId: string, includeDone = false) => {
    const r = await injectAs(app, prescriber, { method: 'GET', url: `/api/tasks?patientId=${patientId}&includeDone=${includeDone}` });
    expect(r.statusCode, r.body).toBe(200);
    return (JSON.parse(r.body) as { items: RiskTask[] }).items.filter((t) => t.kind === 'consider-maintenance');
  };
  const pcl5 = (patientId: string, total: number) =>
    injectAs(app, nurse, {
      method: 'POST',
      url: `/api/patients/${patientId}/questionnaires`,
      payload: { instrument: 'pcl5-month', answers: itemsFor(total, 20, 4), completedAt: new Date(clock.nowMs() - 60_000).toISOString() },
    });

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    prescriber = await signInAs(app, 'prescriber@demo.test');
    nurse = await signInAs(app, 'nurse@demo.test');
  });
  afterAll(async () => app.close());

  it('the demo’s lost response (DEMO-0015) gave its prescriber one routine task naming the rule and the protocol version', async () => {
    const p = await patient('DEMO-0015');
    const [task, ...more] = await tasksOf(p.id);
    expect(more).toEqual([]);
    expect(task).toMatchObject({ urgency: 'routine', completedAt: null });
    expect(task?.reason).toMatch(/^Consider a maintenance session: the response to the course was lost\./);
    expect(task?.reason).toMatch(/lost the response on \d{4}-\d{2}-\d{2}, \d+ days after the last dosing session/);
    expect(task?.assignees.map((a) => a.displayName)).toEqual(['Dr. Priya Prescriber']);
    const row = await h.database.db
      .selectFrom('clinical_task')
      .select(['details'])
      .where('id', '=', task?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(row.details).toMatchObject({ rule: 'outcomes.loss-of-response@2', protocolVersion: expect.any(Number) });
  });

  it('a kept response (DEMO-0014) has none; a later PCL-5 still 30% below baseline raises none', async () => {
    const p = await patient('DEMO-0014');
    expect(await tasksOf(p.id)).toEqual([]);
    expect((await pcl5(p.id, 34)).statusCode).toBe(201); // 35% below 52
    expect(await tasksOf(p.id)).toEqual([]);
  });

  it('a PCL-5 under 30% below baseline for DEMO-0014 raises the task; another one after it raises no second', async () => {
    const p = await patient('DEMO-0014');
    expect((await pcl5(p.id, 45)).statusCode).toBe(201); // 13% below 52
    expect(await tasksOf(p.id)).toHaveLength(1);
    expect((await pcl5(p.id, 48)).statusCode).toBe(201);
    expect(await tasksOf(p.id)).toHaveLength(1);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'maintenance-task.create')
      .where('patient_id', '=', p.id)
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('the prescriber closes it with what was decided; it is listed as done', async () => {
    const p = await patient('DEMO-0015');
    const [task] = await tasksOf(p.id);
    const done = await injectAs(app, prescriber, {
      method: 'POST',
      url: `/api/tasks/${task?.id ?? ''}/complete`,
      payload: { note: 'Offered a maintenance infusion; the patient will call to book.' },
    });
    expect(done.statusCode, done.body).toBeLessThan(300);
    expect(await tasksOf(p.id)).toEqual([]);
    expect((await tasksOf(p.id, true)).map((t) => t.outcomeNote)).toEqual([
      'Offered a maintenance infusion; the patient will call to book.',
    ]);
  });
});
