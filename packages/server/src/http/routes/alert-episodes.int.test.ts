/**
 * Alarms a nurse can live with (issue 20, items 1 and 3), through the API on the demo's live
 * infusion (DEMO-0010): one alert per threshold episode that alerts again on worsening by a step,
 * on escalation and every 5 minutes unacknowledged; alerts close with the session; Today shows a
 * session left open from an earlier day first, flagged when overdue. Each row is an attempt to
 * flood or hide an alarm.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccessReport, DosingBoard, DosingSessionView, SessionAlert } from '@kairos/api';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { raiseTimedAlerts } from '../../services/dosing-session/raise-timed-alerts.js';
import { AUDIT_SEAL_DELAY_MS, sealPendingAudit, verifyAuditChain } from '../../services/audit.js';
import { getSession } from '../../services/dosing-session/read-session.js';

const MIN = 60_000;

describeEachEngine('alert episodes and sessions left open', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let director: TestAuth;
  let sessionId: string;
  let siteId: string;
  let n = 0;
  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    director = await signInAs(app, 'director@demo.test');
    const row = await h.database.db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.site_id'])
      .where('p.mrn', '=', 'DEMO-0010')
      .where('s.state', '=', 'infusing')
      .executeTakeFirstOrThrow();
    sessionId = row.id;
    siteId = row.site_id;
  });
  afterAll(async () => app.close());

  const post = (readings: object[]) =>
    injectAs(app, director, { method: 'POST', url: `/api/sessions/${sessionId}/vitals`, payload: { readings } });
  /** A full set `minutesAgo` before now with a given blood pressure. */
  const bp = (systolic: number, diastolic: number, minutesAgo = 0, extra: object = {}) => ({
    clientId: `r${++n}`,
    measuredAt: new Date(clock.nowMs() - minutesAgo * MIN).toISOString(),
    systolic,
    diastolic,
    heartRate: 80,
    spo2: 97,
    respiratoryRate: 14,
    ...extra,
  });
  const view = async () => (await injectAs(app, director, { method: 'GET', url: `/api/sessions/${sessionId}` })).json<DosingSessionView>();
  const bpAlerts = async (): Promise<SessionAlert[]> =>
    (await view()).alerts.filter(
      (a) => a.kind.startsWith('vitals:') && a.details && 'episode' in a.details && a.details.episode?.key === 'bloodPressure:high',
    );
  const episodeOf = (a: SessionAlert | undefined) => (a !== undefined && 'episode' in a.details ? a.details.episode : undefined);
  const board = async (atMs: number) => {
    const day = new Date(atMs);
    const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - 12 * 3_600_000).toISOString();
    const to = new Date(Date.parse(from) + 36 * 3_600_000).toISOString();
    return (
      await injectAs(app, director, { method: 'GET', url: `/api/sessions?siteId=${siteId}&from=${from}&to=${to}` })
    ).json<DosingBoard>();
  };

  it('a monitor posting 182 systolic every minute raises one alert, not one per reading; it shows the worst value and the last time', async () => {
    for (let i = 5; i >= 0; i--) expect((await post([bp(182 + (i % 2), 100, i)])).statusCode).toBe(200);
    const alerts = await bpAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      level: 'pause',
      acknowledgedAt: null,
      ruleIds: ['monitoring.vital-signs@2', 'monitoring.alert-episode@1'],
    });
    expect(episodeOf(alerts[0])).toMatchObject({ readings: 6, worst: { systolic: { value: 183 } }, last: { values: { systolic: 182 } } });
  });

  it('acknowledged, the same episode stays quiet while it goes on; 182 then 240 alerts again, unacknowledged, with the earlier acknowledgement kept', async () => {
    const [alert] = await bpAlerts();
    const ack = await injectAs(app, director, { method: 'POST', url: `/api/alerts/${alert?.id}/acknowledge`, payload: {} });
    expect(ack.statusCode).toBe(200);
    clock.advance(MIN);
    await post([bp(188, 100)]);
    expect((await bpAlerts())[0]?.acknowledgedAt).not.toBeNull();
    clock.advance(MIN);
    await post([bp(240, 120)]);
    const after = await bpAlerts();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(alert?.id);
    expect(after[0]?.acknowledgedAt).toBeNull();
    expect(after[0]?.alertedAt).toBe(clock.now().toISOString());
    expect(episodeOf(after[0])?.history.map((x) => x.event)).toEqual(['raised', 'acknowledged', 'worsened']);
    expect(episodeOf(after[0])?.worst).toMatchObject({ systolic: { value: 240 }, diastolic: { value: 120 } });
  });

  it('a batch out of order is judged in the order measured; a duplicate batch changes nothing', async () => {
    clock.advance(MIN);
    const batch = [bp(250, 120, 0), bp(241, 120, 1)];
    await post(batch);
    const e1 = episodeOf((await bpAlerts())[0]);
    await post(batch);
    const e2 = episodeOf((await bpAlerts())[0]);
    expect(e2).toEqual(e1);
    // 241 then 250 (measured order): 250 is 10 above the alerted 240, so it alerted again once.
    expect(e1?.history.filter((x) => x.event === 'worsened')).toHaveLength(2);
  });

  it('two monitors posting at once make one episode (the session is locked per batch)', async () => {
    clock.advance(MIN);
    const results = await Promise.all([post([bp(251, 121)]), post([bp(252, 121)])]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(await bpAlerts()).toHaveLength(1);
  });

  it('unacknowledged, it reminds every 5 minutes, once per mark, and only while the episode goes on', async () => {
    const [alert] = await bpAlerts();
    const remindersOf = async () => (await bpAlerts())[0]?.reminders;
    const alertedMs = Date.parse(alert?.alertedAt ?? '');
    expect(alert?.reminders).toBe(0);
    clock.set(alertedMs + 5 * MIN - 1000);
    await raiseTimedAlerts(h.database.db, clock.now());
    expect(await remindersOf()).toBe(0);
    clock.set(alertedMs + 5 * MIN);
    await raiseTimedAlerts(h.database.db, clock.now());
    await raiseTimedAlerts(h.database.db, clock.now());
    expect(await remindersOf()).toBe(1);
    const events = await h.database.db.selectFrom('live_event').select('payload').where('type', '=', 'alert-reminder').execute();
    expect(events.filter((e) => (e.payload as { alertId?: string }).alertId === alert?.id)).toHaveLength(1);
    // A sweep that ran late (12 minutes) reminds once, for the marks passed.
    clock.set(alertedMs + 12 * MIN);
    await raiseTimedAlerts(h.database.db, clock.now());
    expect(await remindersOf()).toBe(2);
    const before = 2;
    // Back within limits: the episode ends, and no reminder follows.
    await post([bp(130, 82)]);
    const ended = (await view()).alerts.find((a) => a.id === alert?.id);
    expect(ended?.episodeEndedAt).not.toBeNull();
    clock.advance(10 * MIN);
    await raiseTimedAlerts(h.database.db, clock.now());
    expect((await view()).alerts.find((a) => a.id === alert?.id)?.reminders).toBe(before);
    // A new rise after the end is a new episode.
    await post([bp(185, 100)]);
    expect((await bpAlerts()).filter((a) => a.episodeEndedAt === null)).toHaveLength(1);
    expect(await bpAlerts()).toHaveLength(2);
  });

  it('two days later Today shows the session left infusing first, from an earlier day, flagged overdue; aborted, it and its alerts close', async () => {
    clock.advance(2 * 24 * 60 * MIN);
    director = await signInAs(app, 'director@demo.test');
    const items = (await board(clock.nowMs())).items;
    const first = items[0];
    expect(first, JSON.stringify({ ...first, openAlerts: first?.openAlerts.length })).toMatchObject({
      sessionId,
      fromEarlierDay: true,
      overdueSession: { reason: expect.stringMatching(/^infusing \d+ h( \d+ min)? against \d+ min planned/) },
    });
    expect(first?.openAlerts.length).toBeGreaterThan(0);
    // A board of another day does not carry it.
    const yesterday = (await board(clock.nowMs() - 5 * 24 * 60 * MIN)).items;
    expect(yesterday.some((i) => i.sessionId === sessionId && i.fromEarlierDay)).toBe(false);
    const aborted = await injectAs(app, director, {
      method: 'POST',
      url: `/api/sessions/${sessionId}/steps`,
      payload: { step: 'abort', reason: 'left open: patient went home two days ago, recorded on paper' },
    });
    expect(aborted.statusCode).toBe(200);
    const v = aborted.json<DosingSessionView>();
    expect(v.alerts.length).toBeGreaterThan(0);
    expect(v.alerts.every((a) => a.closedAt !== null)).toBe(true);
    expect((await board(clock.nowMs())).items.some((i) => i.sessionId === sessionId)).toBe(false);
  });

  it('each read of the board is on the record: staged with the read, then sealed into the chain under the reader', async () => {
    const reads = async (table: 'audit_event' | 'audit_pending') =>
      Number(
        (
          await h.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('action', '=', 'today.read')
            .where('record_id', '=', siteId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    await sealPendingAudit(h.database.db);
    const before = await reads('audit_event');
    const shown = (await board(clock.nowMs())).items.length;
    await sealPendingAudit(h.database.db);
    expect(await reads('audit_pending')).toBe(0);
    expect(await reads('audit_event')).toBe(before + 1);
    const last = await h.database.db
      .selectFrom('audit_event')
      .select(['user_id', 'outcome', 'details'])
      .where('action', '=', 'today.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ user_id: director.userId, outcome: 'allowed', details: { sessions: shown } });
    expect((await verifyAuditChain(h.database.db)).ok).toBe(true);
  });

  it('a console opened a moment ago is on the record at once: in the patient’s access report asked for straight after', async () => {
    const u = await h.database.db.selectFrom('app_user').selectAll().where('id', '=', director.userId).executeTakeFirstOrThrow();
    const actor = { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
    await new Promise((r) => setTimeout(r, AUDIT_SEAL_DELAY_MS + 300));
    // A seal the earlier reads scheduled has run by now; then the console is opened as its route
    // opens it, its audit event staged (nothing here schedules a seal).
    const view = await getSession(
      h.database.db,
      actor,
      sessionId,
      { requestId: 'staged-read', clientAddress: '127.0.0.1', now: clock.now() },
      { stageAudit: true },
    );
    const pending = await h.database.db
      .selectFrom('audit_pending')
      .select(['action', 'user_id'])
      .where('action', '=', 'session.read')
      .execute();
    expect(pending).toEqual([{ action: 'session.read', user_id: director.userId }]);
    // The report chains what is staged first, so the read is in it.
    const report = await injectAs(app, director, { method: 'GET', url: `/api/patients/${view.patientId}/access-report` });
    expect(report.statusCode, report.body).toBe(200);
    const mine = report.json<AccessReport>().items.filter((i) => i.person.id === director.userId);
    expect(mine.flatMap((i) => i.did)).toContain('read the dosing session');
    expect(await h.database.db.selectFrom('audit_pending').select('id').execute()).toEqual([]);
  });
});
