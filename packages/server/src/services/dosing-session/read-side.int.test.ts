/**
 * The read side at 500 chairs (issue 21): the Today board runs a fixed number of statements
 * whatever the number of its sessions, and says what each session's console says; the timed-alarm
 * sweep reads only the sessions with something due; the console view stays small however many
 * readings a session has, keeping the latest in full and every reading that raised an alert.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DosingBoardItem, DosingSessionView } from '@kairos/api';
import { injectAs, signInAs } from '../../../test/auth.js';
import { buildDemoApp, type ManualClock } from '../../../test/app.js';
import { addDosingSessions } from '../../../test/dosing-sessions.js';
import { countingPlugin } from '../../../test/counting-plugin.js';
import { describeEachEngine } from '../../../test/engines.js';
import type { Db } from '../../store/database.js';
import type { Actor } from '../context.js';
import { sessionView } from './internal/session-view.js';
import { raiseTimedAlerts, sessionsDue } from './raise-timed-alerts.js';
import { todayBoard } from './today-board.js';

describeEachEngine('the read side at 500 chairs', (h) => {
  let app: FastifyInstance;
  let clock: ManualClock;
  let db: Db;
  let coordinator: Actor;
  let siteId: string;
  /** The booked start of the patient's first dosing event: the added sessions are booked whole days after it. */
  let firstStartMs: number;

  beforeAll(async () => {
    ({ app, clock } = await buildDemoApp(h.database));
    db = h.database.db;
    const u = await db.selectFrom('app_user').selectAll().where('email', '=', 'coordinator@demo.test').executeTakeFirstOrThrow();
    coordinator = { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
    siteId = u.site_id as string;
    const first = await db
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'en.patient_id')
      .select('e.starts_at')
      .where('p.mrn', '=', 'DEMO-0009')
      .where('e.kind', '=', 'dosing')
      .orderBy('e.starts_at')
      .executeTakeFirstOrThrow();
    firstStartMs = first.starts_at.getTime();
  });
  afterAll(async () => app.close());

  /** `count` sessions booked `days` after the first; `infusing` puts them mid-infusion with a few readings and an open alert. */
  async function sessionsOn(days: number, count: number, infusing: boolean): Promise<string[]> {
    const ids = await addDosingSessions(db, 'DEMO-0009', count, clock.now(), days);
    if (infusing) {
      const startedAt = new Date(clock.nowMs() - 40 * 60_000);
      await db.updateTable('dosing_session').set({ state: 'infusing', infusion_started_at: startedAt }).where('id', 'in', ids).execute();
      for (const id of ids) {
        await db
          .insertInto('vital_reading')
          .values(
            [0, 5, 10, 15].map((m, i) => ({
              session_id: id,
              client_id: `r-${m}`,
              measured_at: new Date(startedAt.getTime() + m * 60_000),
              systolic: 120 + i,
              diastolic: 80,
              heart_rate: 70,
              spo2: 98,
              respiratory_rate: 14,
              moaas: i === 3 ? null : 5,
              source: 'device' as const,
              phase: 'infusing',
              level: 'normal',
              fired: '[]',
              temperature_c: null,
              protocol_version: 1,
              recorded_by: null,
              received_at: startedAt,
            })),
          )
          .execute();
        await db
          .insertInto('session_alert')
          .values({
            session_id: id,
            kind: 'vitals:infusing',
            level: 'warn',
            details: JSON.stringify({ clientId: 'r-15', measuredAt: new Date(startedAt.getTime() + 15 * 60_000).toISOString(), fired: [] }),
            raised_at: startedAt,
            alerted_at: startedAt,
            protocol_version: 1,
            rule_ids: [],
          })
          .execute();
      }
    }
    return ids;
  }

  /** The board of the day `days` after the first booking, and the statements it ran. */
  async function boardOf(days: number): Promise<{ items: DosingBoardItem[]; statements: number }> {
    const counter = countingPlugin();
    const dayMs = firstStartMs + days * 86_400_000;
    const items = await todayBoard(
      db.withPlugin(counter),
      coordinator,
      { siteId, from: new Date(dayMs - 6 * 3_600_000).toISOString(), to: new Date(dayMs + 6 * 3_600_000).toISOString() },
      { requestId: 'read-side-test', clientAddress: '127.0.0.1', now: clock.now() },
    );
    return { items, statements: counter.count };
  }

  /** What each session's console view says about the fields the board shows. */
  async function expectBoardAsConsole(items: DosingBoardItem[]): Promise<void> {
    for (const item of items) {
      const view = await sessionView(db, item.sessionId, clock.now());
      expect(item.state).toBe(view.state);
      expect(item.latestVitals).toEqual(view.readings.filter((r) => r.systolic !== null).at(-1) ?? null);
      expect(item.openAlerts).toEqual(view.alerts.filter((a) => a.acknowledgedAt === null && a.closedAt === null));
      expect(item.overdue).toEqual(view.monitoring?.overdue ?? []);
      expect(item.holds).toEqual(
        ['checked-in', 'pre-dose', 'scheduled'].includes(view.state)
          ? view.checklist.items.filter((i) => i.status === 'hold').map((i) => i.detail)
          : [],
      );
    }
  }

  it('the board of 1 and of 30 sessions before their start runs the same number of statements, and says what each console says', async () => {
    await sessionsOn(300, 1, false);
    await sessionsOn(301, 30, false);
    const one = await boardOf(300);
    const thirty = await boardOf(301);
    expect(one.items).toHaveLength(1);
    expect(thirty.items).toHaveLength(30);
    expect(thirty.statements).toBe(one.statements);
    // A console view per session was about a dozen statements each.
    expect(thirty.statements).toBeLessThan(30);
    await expectBoardAsConsole([...one.items, ...thirty.items]);
  });

  it('the board of 1 and of 30 infusing sessions (readings, alerts, overdue items) runs the same number of statements', async () => {
    await sessionsOn(310, 1, true);
    await sessionsOn(311, 30, true);
    const one = await boardOf(310);
    const thirty = await boardOf(311);
    expect(one.items).toHaveLength(1);
    expect(thirty.items).toHaveLength(30);
    expect(thirty.statements).toBe(one.statements);
    expect(thirty.items.every((i) => i.latestVitals?.clientId === 'r-15' && i.openAlerts.length === 1 && i.overdue.length > 0)).toBe(true);
    await expectBoardAsConsole([...one.items, ...thirty.items]);
  });

  it('the timed-alarm sweep reads only the sessions with something due: once raised, a second sweep finds none', async () => {
    await raiseTimedAlerts(db, clock.now());
    expect(await sessionsDue(db, clock.now())).toEqual([]);
    expect(await raiseTimedAlerts(db, clock.now())).toBe(0);
    // Five minutes on, the reminders of the open episodes are due again for those sessions only.
    clock.advance(5 * 60_000 + 1_000);
    const due = await sessionsDue(db, clock.now());
    expect(due.length).toBeGreaterThan(0);
    await raiseTimedAlerts(db, clock.now());
    expect(await sessionsDue(db, clock.now())).toEqual([]);
  });

  it('a session of 50,000 readings: the console view holds the latest 100 and every alerting reading in full, the rest as ranges, under 200 KB', async () => {
    const [id] = await addDosingSessions(db, 'DEMO-0009', 1, clock.now(), 320);
    // A monitor posting every second for 14 hours (a session left running, or a bench hammering one session).
    const startedAt = new Date(clock.nowMs() - 50_000 * 1_000 - 60_000);
    await db
      .updateTable('dosing_session')
      .set({ state: 'infusing', infusion_started_at: startedAt })
      .where('id', '=', id as string)
      .execute();
    await sql`
      INSERT INTO vital_reading (session_id, client_id, measured_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, source, phase, level, received_at)
      SELECT ${id}::uuid, 'bulk-' || i, ${startedAt}::timestamptz + i * interval '1 second',
             110 + (i % 20), 70 + (i % 10), 60 + (i % 15), 95 + (i % 5), 12 + (i % 4), 'device', 'infusing',
             CASE WHEN i = 1000 THEN 'warn' ELSE 'normal' END, ${startedAt}::timestamptz
      FROM generate_series(0, 49999) AS i`.execute(db);
    // The reading that raised an alert, long before the latest 100.
    await db
      .insertInto('session_alert')
      .values({
        session_id: id as string,
        kind: 'vitals:infusing',
        level: 'warn',
        details: JSON.stringify({
          clientId: 'bulk-1000',
          measuredAt: new Date(startedAt.getTime() + 1000 * 1_000).toISOString(),
          fired: [],
        }),
        raised_at: startedAt,
        alerted_at: startedAt,
        acknowledged_at: startedAt,
        protocol_version: 1,
        rule_ids: [],
      })
      .execute();
    const nurse = await signInAs(app, 'nurse@demo.test');
    const res = await injectAs(app, nurse, { method: 'GET', url: `/api/sessions/${id}` });
    expect(res.statusCode).toBe(200);
    const view = JSON.parse(res.body) as DosingSessionView;
    expect(res.rawPayload.length).toBeLessThan(200_000);
    expect(view.history.total).toBe(50_000);
    expect(view.readings).toHaveLength(101);
    expect(view.readings[0]?.clientId).toBe('bulk-1000');
    expect(view.readings.at(-1)?.clientId).toBe('bulk-49999');
    expect(view.readings.slice(1).map((r) => r.clientId)).toEqual(Array.from({ length: 100 }, (_, k) => `bulk-${49_900 + k}`));
    // A few hundred buckets, whole minutes, covering every reading with its range.
    expect(view.history.buckets.length).toBeGreaterThan(100);
    expect(view.history.buckets.length).toBeLessThanOrEqual(300);
    expect(view.history.bucketSeconds % 60).toBe(0);
    expect(view.history.buckets.reduce((n, b) => n + b.count, 0)).toBe(50_000);
    expect(view.history.buckets[0]?.systolic).toEqual({ min: 110, max: 129 });
    expect(view.history.buckets[0]?.spo2).toEqual({ min: 95, max: 99 });
  });
});
