/**
 * A wave of questionnaires in one action (issue 22, Must 2): Today's "Email links to everyone due"
 * sends a portal link to each patient of the site with questionnaires due now. Each patient gets
 * their own outcome (sent, no email address, nothing due, refused) and the others go on; a link is
 * made only when it is emailed. The attempts to break it: the wrong person (the admin, another
 * site's nurse), another site in the address, unknown patients, repeats, an empty or oversized
 * list, hostile ids, and production without the clinic's public address.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addSite, addStaff } from '../../../test/staff.js';
import { sendQuestionnaireLinks } from '../../messages/questionnaire-links.js';

describeEachEngine('questionnaire links to everyone due, in one action', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let coordinator: TestAuth;
  let siteId: string;
  /** Patients of the site with questionnaires due now (from the Today list). */
  let due: string[];
  let notDue: string;

  const send = (auth: TestAuth, patientIds: unknown, site = siteId) =>
    injectAs(app, auth, { method: 'POST', url: `/api/sites/${site}/questionnaire-links`, payload: { patientIds } });
  const messages = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('message')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', '=', 'portal-link')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const links = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('portal_access')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    coordinator = await signInAs(app, 'coordinator@demo.test');
    siteId = (await h.database.db.selectFrom('site').select('id').executeTakeFirstOrThrow()).id;
    const today = await injectAs(app, coordinator, { method: 'GET', url: `/api/sites/${siteId}/measurement-tasks` });
    const items = today.json<{ items: { patient: { id: string }; tasks: { state: string }[] }[] }>().items;
    due = items.filter((i) => i.tasks.some((t) => t.state !== 'done')).map((i) => i.patient.id);
    // A patient of the site with nothing due or overdue now.
    const all = await h.database.db.selectFrom('patient').select('id').where('site_id', '=', siteId).orderBy('mrn').execute();
    for (const p of all) {
      const tasks = await injectAs(app, coordinator, { method: 'GET', url: `/api/patients/${p.id}/measurement-tasks` });
      const states = tasks.json<{ tasks: { state: string }[] }>().tasks.map((t) => t.state);
      if (!states.some((s) => s === 'due' || s === 'overdue')) {
        notDue = p.id;
        break;
      }
    }
  }, 120_000);
  afterAll(async () => app.close());

  it('each patient due gets a link by email; no email, nothing due and unknown patients are told apart; repeats count once', async () => {
    expect(due.length).toBeGreaterThanOrEqual(3);
    const [withEmail, second, withoutEmail] = due as [string, string, string];
    await h.database.db.updateTable('patient').set({ email: null }).where('id', '=', withoutEmail).execute();
    await h.database.db.updateTable('patient').set({ email: 'second@example.test' }).where('id', '=', second).execute();
    await h.database.db.updateTable('patient').set({ email: 'first@example.test' }).where('id', '=', withEmail).execute();
    const [messagesBefore, linksBefore] = [await messages(), await links()];
    const unknown = '00000000-0000-4000-8000-000000000000';
    const r = await send(coordinator, [withEmail, second, withEmail, withoutEmail, notDue, unknown]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      items: [
        { patientId: withEmail, outcome: 'sent' },
        { patientId: second, outcome: 'sent' },
        { patientId: withoutEmail, outcome: 'no-email' },
        { patientId: notDue, outcome: 'nothing-due' },
        { patientId: unknown, outcome: 'refused' },
      ],
      sent: 2,
    });
    expect(await messages()).toBe(messagesBefore + 2);
    // A link is made only for the patients it is emailed to.
    expect(await links()).toBe(linksBefore + 2);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['patient_id', 'outcome'])
      .where('action', '=', 'portal-access.create')
      .where('at', '>=', clock.now())
      .execute();
    expect(audited.filter((a) => a.outcome === 'allowed').map((a) => a.patient_id)).toEqual(expect.arrayContaining([withEmail, second]));
  });

  it.each([
    ['an empty list', [], 'patientIds'],
    ['more than 100', Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000000'), 'patientIds'],
    ['hostile text for an id', ['=HYPERLINK("http://x")'], 'patientIds'],
    ['no list', undefined, 'patientIds'],
  ])('%s is refused naming the field; nothing is sent', async (_what, ids, field) => {
    const before = await messages();
    const r = await send(coordinator, ids);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain(field);
    expect(await messages()).toBe(before);
  });

  it.each([
    ['the admin (no patient data)', 'admin@demo.test'],
    ['a nurse of another site', 'links-elsewhere@demo.test'],
  ])('%s is refused (403, audited); nothing is sent', async (_who, email) => {
    if (email.startsWith('links-elsewhere'))
      await addStaff(h.database.db, clock.now(), email, ['nurse'], await addSite(app, 'Links elsewhere'));
    const before = await messages();
    const r = await send(await signInAs(app, email), due.slice(0, 1));
    expect(r.statusCode, r.body).toBe(403);
    expect(await messages()).toBe(before);
  });

  it('another site in the address is refused, even for patients the coordinator may reach', async () => {
    const other = await addSite(app, 'Links other site');
    const r = await send(coordinator, due.slice(0, 1), other);
    expect(r.statusCode).toBe(403);
  });

  it('in production without the clinic’s public address, nothing is made or sent and the answer says why', async () => {
    const before = [await messages(), await links()];
    const refused = await sendQuestionnaireLinks(
      h.database.db,
      { userId: coordinator.userId, roles: ['coordinator'], siteId, displayName: 'Casey' } as never,
      siteId,
      due.slice(0, 1),
      { requireAddress: true },
      { publicUrl: undefined, messageIdDomain: 'demo.test' },
      { now: clock.now(), requestId: 'test', clientAddress: '127.0.0.1' },
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'no-public-address' } });
    expect([await messages(), await links()]).toEqual(before);
  });
});
