/**
 * `GET /api/sessions/:id/readings` on both engines: a session's readings in full, a page at a time,
 * the latest first; paging back returns every reading exactly once, even readings of one instant
 * on a page's edge; bad paging is a 400 naming the field; a person off the care team, an admin and
 * another site's medical director are refused (audited); each page read is audited.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionReadingsPage } from '@kairos/api';
import { injectAs, signInAs, type TestAuth } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions } from '../../../test/dosing-sessions.js';
import { describeEachEngine } from '../../../test/engines.js';
import { addSite, addStaff } from '../../../test/staff.js';
import { sealPendingAudit } from '../../services/audit.js';

describeEachEngine('a session’s readings, a page at a time', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let nurse: TestAuth;
  let sessionId: string;
  /** 250 readings a second apart; the 150th and 151st from the end share one instant (a page's edge at limit 100... and 150). */
  const TOTAL = 250;

  const page = (who: TestAuth, query: string) => injectAs(app, who, { method: 'GET', url: `/api/sessions/${sessionId}/readings${query}` });

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    nurse = await signInAs(app, 'nurse@demo.test');
    [sessionId] = (await addDosingSessions(h.database.db, 'DEMO-0009', 1, clock.now(), 40)) as [string];
    const t0 = new Date(clock.nowMs() - TOTAL * 1_000);
    // Reading i at t0 + i s, except that readings 99 and 100 (counting from 0) share reading 99's instant.
    await sql`
      INSERT INTO vital_reading (session_id, client_id, measured_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, source, phase, level, received_at)
      SELECT ${sessionId}::uuid, 'r-' || lpad(i::text, 3, '0'),
             ${t0}::timestamptz + (CASE WHEN i = 100 THEN 99 ELSE i END) * interval '1 second',
             110 + (i % 20), 70, 60, 98, 14, 'device', 'pre-dose', 'normal', ${t0}::timestamptz
      FROM generate_series(0, ${TOTAL - 1}) AS i`.execute(h.database.db);
  });
  afterAll(async () => app.close());

  it('the first page is the latest 100, oldest first, and says where the page before starts', async () => {
    const r = await page(nurse, '');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<SessionReadingsPage>();
    expect(body.readings.map((x) => x.clientId)).toEqual(Array.from({ length: 100 }, (_, k) => `r-${150 + k}`));
    expect(body.readings[0]).toMatchObject({ systolic: 120, source: 'device', phase: 'pre-dose', level: 'normal' });
    expect(body.older).toEqual({ before: body.readings[0]?.measuredAt, beforeClientId: 'r-150' });
  });

  it('paging back with `older` returns every reading once, readings of one instant included, and ends with null', async () => {
    const seen: string[] = [];
    let query = '?limit=100';
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await page(nurse, query);
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json<SessionReadingsPage>();
      sizes.push(body.readings.length);
      seen.unshift(...body.readings.map((x) => x.clientId));
      if (body.older === null) break;
      query = `?limit=100&before=${encodeURIComponent(body.older.before)}&beforeClientId=${encodeURIComponent(body.older.beforeClientId)}`;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(seen).toEqual(Array.from({ length: TOTAL }, (_, k) => `r-${String(k).padStart(3, '0')}`));
  });

  it('a page edge between two readings of one instant splits them without losing either', async () => {
    // The latest 150 end at r-100; r-099 has the same instant and comes first on the page before.
    const first = (await page(nurse, '?limit=150')).json<SessionReadingsPage>();
    expect(first.readings[0]?.clientId).toBe('r-100');
    const older = first.older as NonNullable<SessionReadingsPage['older']>;
    const next = (
      await page(nurse, `?limit=1&before=${encodeURIComponent(older.before)}&beforeClientId=${older.beforeClientId}`)
    ).json<SessionReadingsPage>();
    expect(next.readings.map((x) => x.clientId)).toEqual(['r-099']);
    expect(next.readings[0]?.measuredAt).toBe(first.readings[0]?.measuredAt);
  });

  it('a session without readings is an empty page', async () => {
    const [empty] = (await addDosingSessions(h.database.db, 'DEMO-0009', 1, clock.now(), 41)) as [string];
    const r = await injectAs(app, nurse, { method: 'GET', url: `/api/sessions/${empty}/readings` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ readings: [], older: null });
  });

  describe('bad paging is a 400 naming the field, and nothing is read', () => {
    it.each([
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=ten', 'limit'],
      ['?limit=2.5', 'limit'],
      ['?before=yesterday&beforeClientId=r-1', 'before'],
      ['?before=2026-12-01T10:00:00Z', 'beforeClientId'],
      ['?beforeClientId=r-1', 'beforeClientId'],
      ['?limit=10&order=asc', 'order'],
    ])('%s names %s', async (query, field) => {
      const r = await page(nurse, query);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toContain(field);
    });
  });

  it('an unknown session is a 404', async () => {
    const r = await injectAs(app, nurse, { method: 'GET', url: '/api/sessions/00000000-0000-4000-8000-000000000000/readings' });
    expect(r.statusCode).toBe(404);
  });

  it('a nurse of another care team, an admin and the medical director of another site are refused, each refusal on the record', async () => {
    // A site-wide role reads every session of its own site only (the read's one-statement access check compares the sites).
    await addStaff(h.database.db, clock.now(), 'director@other.test', ['medical-director'], await addSite(app, 'Other clinic'));
    for (const email of ['nurse2@demo.test', 'admin@demo.test', 'director@other.test']) {
      const who = await signInAs(app, email);
      const r = await page(who, '');
      expect(r.statusCode, email).toBe(403);
      await sealPendingAudit(h.database.db);
      const denied = await h.database.db
        .selectFrom('audit_event')
        .select('outcome')
        .where('request_id', '=', String(r.headers['x-request-id']))
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.length, email).toBeGreaterThan(0);
      expect(r.body).not.toContain('r-249');
    }
  });

  it('each page read is audited: who, the session, the patient, the page size', async () => {
    const r = await page(nurse, '?limit=5');
    expect(r.statusCode).toBe(200);
    await sealPendingAudit(h.database.db);
    const events = await h.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'record_id', 'patient_id', 'user_id', 'details'])
      .where('request_id', '=', String(r.headers['x-request-id']))
      .execute();
    const s = await h.database.db.selectFrom('dosing_session').select('patient_id').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(events).toEqual([
      {
        action: 'session.readings.read',
        outcome: 'allowed',
        record_id: sessionId,
        patient_id: s.patient_id,
        user_id: nurse.userId,
        details: { limit: 5, paged: false },
      },
    ]);
  });
});
