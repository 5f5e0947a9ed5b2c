/**
 * The program outcomes at scale (issue 24, Must 5) on both engines: the dashboard's figures, now
 * aggregated in SQL from the stored facts of each course, are exactly those core computes from
 * every course's rows in memory (`summarizeProgramOutcomes`), on the demo's 40 past courses and
 * the summer's seven hand-worked ones, for every filter and scope; and a write after a read (a new
 * response, a cancelled cohort, a later discharge, a new session) changes the next read.
 */
import { beforeAll, expect, it } from 'vitest';
import { localDateOf, summarizeProgramOutcomes, type ProgramOutcomesSummary } from '@kairos/core';
import type { ProgramOutcomes, ProgramOutcomesQuery } from '@kairos/api';
import { describeEachEngine } from '../../../test/engines.js';
import { seedSummer, SUMMER } from '../../../test/program-history.js';
import { internalMeta, type Actor } from '../context.js';
import { demoProgramHistory } from '../demo/demo-program-history.js';
import { seedProgramHistory } from '../demo/seed-program-history.js';
import { restoreDemoData } from '../../../test/demo-fixture.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { Db } from '../../store/database.js';
import { refreshProgramFacts } from './internal/program-facts.js';
import { programRows, siteToday, type ProgramScope, type ProgramSite } from './internal/program-rows.js';
import { readProgramOutcomes } from './read-program-outcomes.js';
import { sql } from 'kysely';
import { AppError } from '../../errors.js';
import { jobsDoneInWorkers } from '../../workers/worker-pool.js';

const NOW = new Date(Date.UTC(2026, 11, 1, 14));

const SUMMARY_KEYS = ['suppressed', 'smallestCohort', 'flow', 'scores', 'rates', 'durability', 'safety', 'completeness', 'rules'] as const;
const summaryOf = (o: ProgramOutcomes | ProgramOutcomesSummary) => Object.fromEntries(SUMMARY_KEYS.map((k) => [k, o[k]]));

async function actorOf(db: Db, email: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

async function siteOf(db: Db, siteId: string): Promise<ProgramSite> {
  return db
    .selectFrom('site')
    .select(['id', 'name', 'time_zone', 'working_days', 'closed_dates'])
    .where('id', '=', siteId)
    .executeTakeFirstOrThrow();
}

describeEachEngine('program outcomes from stored facts', (h) => {
  let siteId: string;
  let cohortOfCasey: string;
  let director: Actor;
  let therapist: Actor;
  const db = () => h.database.db;

  /** The whole evaluation in memory, as before the facts: every course's rows, then core. */
  async function inMemory(scope: ProgramScope, query: ProgramOutcomesQuery, now = NOW) {
    const site = await siteOf(db(), siteId);
    const protocol = await protocolInForce(db(), siteId, now);
    const { courses, sessions } = await programRows(db(), site, scope, query, protocol, now);
    return summaryOf(summarizeProgramOutcomes(courses, sessions, siteToday(now, site.time_zone), protocol.config.outcomes));
  }
  const read = async (actor: Actor, query: ProgramOutcomesQuery, now = NOW) =>
    readProgramOutcomes(db(), actor, siteId, query, internalMeta('test', now));

  beforeAll(async () => {
    // The demo as loaded once for every test (the global setup's dump, at NOW), and its 40 past courses as npm start writes them.
    await restoreDemoData(db(), process.env.KAIROS_TEST_DEMO_DUMP as string);
    const site = await db().selectFrom('site').select(['id', 'time_zone']).where('synthetic', '=', true).executeTakeFirstOrThrow();
    await seedProgramHistory(db(), site.id, NOW, demoProgramHistory(localDateOf(NOW, site.time_zone)));
    ({ siteId, cohortOfCasey } = await seedSummer(db(), NOW));
    director = await actorOf(db(), 'director@demo.test');
    therapist = await actorOf(db(), 'therapist@demo.test');
  }, 240_000);

  it('the same figures as every course evaluated in memory: the demo history and the summer, each filter, the site and a care team', async () => {
    const queries: ProgramOutcomesQuery[] = [
      {},
      { ...SUMMER },
      { template: 'retreat-5-day' },
      { template: 'infusion-series-6' },
      { to: '2026-09-30' },
      { from: '2026-06-08', to: '2026-06-08' },
      { cohortId: cohortOfCasey },
      { from: '2020-01-01', to: '2020-12-31' },
    ];
    for (const q of queries) {
      const o = await read(director, q);
      expect(summaryOf(o), JSON.stringify(q)).toEqual(await inMemory({ kind: 'site' }, q));
    }
    const all = await read(director, {});
    expect(all.flow.started).toBeGreaterThanOrEqual(40);
    expect(all.durability?.responders).toBeGreaterThan(10);
    const own = await read(therapist, {});
    expect(own.filters.ownPatientsOnly).toBe(true);
    expect(summaryOf(own)).toEqual(await inMemory({ kind: 'care-team', userId: therapist.userId }, {}));
  });

  it('a read after a read with nothing written computes no course again; a later day moves windows without recomputing', async () => {
    await read(director, {});
    // Each read's figures are computed by core in the worker pool, not on the event loop.
    const summaries = jobsDoneInWorkers('program-summary');
    const facts = jobsDoneInWorkers('program-facts');
    await read(director, {});
    expect([jobsDoneInWorkers('program-summary'), jobsDoneInWorkers('program-facts')]).toEqual([summaries + 1, facts]);
    const site = await siteOf(db(), siteId);
    await db()
      .transaction()
      .execute(async (tx) => expect(await refreshProgramFacts(tx, site, await protocolInForce(tx, siteId, NOW), NOW)).toBe(0));
    const later = new Date(NOW.getTime() + 40 * 86_400_000);
    expect(summaryOf(await read(director, {}, later))).toEqual(await inMemory({ kind: 'site' }, {}, later));
  });

  it('another protocol version in force, or a change of the site calendar, recomputes every course of the site', async () => {
    await read(director, {});
    const site = await siteOf(db(), siteId);
    const { n } = await db()
      .selectFrom('enrollment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    const refresh = async (version: (v: number) => number) =>
      db()
        .transaction()
        .execute(async (tx) => {
          const protocol = await protocolInForce(tx, siteId, NOW);
          // Every course through the worker pool (a few are evaluated on the spot).
          return refreshProgramFacts(tx, site, { ...protocol, version: version(protocol.version) }, NOW, { inlineMax: 0 });
        });
    // Every course's evaluation runs in the worker pool, a batch of up to 1,000 courses a job.
    const jobsBefore = jobsDoneInWorkers('program-facts');
    expect(await refresh((v) => v + 1)).toBe(Number(n));
    expect(jobsDoneInWorkers('program-facts')).toBe(jobsBefore + Math.ceil(Number(n) / 1_000));
    expect(await refresh((v) => v)).toBe(Number(n));
    expect(await refresh((v) => v)).toBe(0);
    await db()
      .updateTable('site')
      .set({ closed_dates: [...site.closed_dates, '2031-01-01'] })
      .where('id', '=', siteId)
      .execute();
    expect(await refresh((v) => v)).toBe(Number(n));
    await db().updateTable('site').set({ closed_dates: site.closed_dates }).where('id', '=', siteId).execute();
    expect(summaryOf(await read(director, {}))).toEqual(await inMemory({ kind: 'site' }, {}));
  });

  it('a batch stopped at its time limit is a 503, and the stored facts and their marks stay as they were', async () => {
    await read(director, {});
    const site = await siteOf(db(), siteId);
    const facts = async () =>
      (
        await sql<{
          enrollment_id: string;
          protocol_version: number;
        }>`SELECT enrollment_id, protocol_version, computed_at FROM program_course_fact ORDER BY enrollment_id`.execute(db())
      ).rows;
    const marks = async () => (await sql<{ enrollment_id: string }>`SELECT enrollment_id FROM program_course_dirty`.execute(db())).rows;
    const before = await facts();
    // One course marked stale, as a write leaves it.
    await sql`INSERT INTO program_course_dirty (enrollment_id) VALUES (${before[0]?.enrollment_id})`.execute(db());
    const marked = await marks();
    expect(marked).toHaveLength(1);
    const refused = await db()
      .transaction()
      .execute(async (tx) => {
        const protocol = await protocolInForce(tx, siteId, NOW);
        return refreshProgramFacts(tx, site, { ...protocol, version: protocol.version + 1 }, NOW, { timeLimitMs: 1, inlineMax: 0 });
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'facts-time-limit', timeLimitMs: 1 } });
    expect(await facts()).toEqual(before);
    expect(await marks()).toEqual(marked);
    // The next read computes them as usual.
    expect(summaryOf(await read(director, {}))).toEqual(await inMemory({ kind: 'site' }, {}));
  });

  it('a new response changes the next read: Casey answers the +90 PCL-5 late and is no longer lost to follow-up', async () => {
    const before = await read(director, SUMMER);
    expect(before.flow.lostToFollowUp).toBeGreaterThanOrEqual(1);
    const casey = await db().selectFrom('patient').select('id').where('mrn', '=', 'HIST-C').executeTakeFirstOrThrow();
    const plus90 = await db()
      .selectFrom('questionnaire_response')
      .selectAll()
      .where('patient_id', '=', casey.id)
      .where('instrument', 'in', ['pcl5-week', 'pcl5-month'])
      .orderBy('completed_at', 'desc')
      .executeTakeFirstOrThrow();
    // The +90 of a retreat that started on 2026-06-08 (day 5 on 06-12) is due 2026-09-10.
    await db()
      .insertInto('questionnaire_response')
      .values({
        patient_id: casey.id,
        enrollment_id: plus90.enrollment_id,
        session_id: null,
        instrument: 'pcl5-month',
        instrument_version: plus90.instrument_version,
        answers: JSON.stringify(plus90.answers),
        score: JSON.stringify(plus90.score),
        total: 38,
        due_date: null,
        completed_at: new Date('2026-09-11T15:00:00Z'),
        channel: 'portal',
        entered_by: null,
        created_at: NOW,
      })
      .execute();
    const after = await read(director, SUMMER);
    expect(after.flow.lostToFollowUp).toBe(before.flow.lostToFollowUp - 1);
    const n90 = (o: ProgramOutcomes) => o.scores.pcl5.find((p) => p.timePoint === 'plus-90')?.n ?? 0;
    expect(n90(after)).toBe(n90(before) + 1);
    expect(summaryOf(after)).toEqual(await inMemory({ kind: 'site' }, SUMMER));
  });

  it('a cancelled cohort changes the next read: its two courses are no longer booked, so no longer of it', async () => {
    expect((await read(director, { cohortId: cohortOfCasey })).flow.referred).toBe(2);
    await db().updateTable('cohort').set({ state: 'cancelled' }).where('id', '=', cohortOfCasey).execute();
    const after = await read(director, { cohortId: cohortOfCasey });
    expect(after.flow.referred).toBe(0);
    expect(summaryOf(await read(director, {}))).toEqual(await inMemory({ kind: 'site' }, {}));
    await db().updateTable('cohort').set({ state: 'planned' }).where('id', '=', cohortOfCasey).execute();
    expect((await read(director, { cohortId: cohortOfCasey })).flow.referred).toBe(2);
  });

  it('a discharge after a read changes the next read: the session counts in the minutes to discharge', async () => {
    const avery = await db().selectFrom('patient').select('id').where('mrn', '=', 'HIST-A').executeTakeFirstOrThrow();
    const session = await db()
      .selectFrom('dosing_session')
      .select(['id'])
      .where('patient_id', '=', avery.id)
      .where('state', '=', 'discharged')
      .executeTakeFirstOrThrow();
    const discharge = await db()
      .selectFrom('session_transition')
      .selectAll()
      .where('session_id', '=', session.id)
      .where('to_state', '=', 'discharged')
      .executeTakeFirstOrThrow();
    await db().deleteFrom('session_transition').where('id', '=', discharge.id).execute();
    const before = await read(director, SUMMER);
    const { id: _id, ...again } = discharge;
    await db()
      .insertInto('session_transition')
      .values({ ...again, at: new Date(discharge.at.getTime() + 600 * 60_000) })
      .execute();
    const after = await read(director, SUMMER);
    expect(after.safety.dischargeMinutes.n).toBe(before.safety.dischargeMinutes.n + 1);
    expect(summaryOf(after)).toEqual(await inMemory({ kind: 'site' }, SUMMER));
  });

  it('an adverse event recorded after a read is in the next read (adverse events are counted at read time)', async () => {
    const before = await read(director, SUMMER);
    const blake = await db().selectFrom('patient').select('id').where('mrn', '=', 'HIST-B').executeTakeFirstOrThrow();
    const session = await db().selectFrom('dosing_session').select('id').where('patient_id', '=', blake.id).executeTakeFirstOrThrow();
    await db()
      .insertInto('adverse_event')
      .values({
        session_id: session.id,
        patient_id: blake.id,
        kind: 'vomiting',
        severity: 'mild',
        serious: false,
        occurred_at: NOW,
        action_taken: 'antiemetic',
        reported_by: director.userId,
        reported_at: NOW,
      })
      .execute();
    const after = await read(director, SUMMER);
    expect(after.safety.adverseEvents.total).toBe(before.safety.adverseEvents.total + 1);
    expect(summaryOf(after)).toEqual(await inMemory({ kind: 'site' }, SUMMER));
  });
});
