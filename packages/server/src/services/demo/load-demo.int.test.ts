import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@kairos/core';
import type { Database } from '../../store/database.js';
import { restoreDemoData } from '../../../test/demo-fixture.js';
import { describeEachEngine, openSnapshotPglite } from '../../../test/engines.js';
import { readProgramOutcomes } from '../program-outcomes/read-program-outcomes.js';
import { DEMO_HISTORY_COURSES } from './demo-program-history.js';
import { verifyAuditChain } from '../audit.js';
import { buildDemoPatients, DEMO_PATIENT_COUNT, DEMO_USERS, loadDemo } from './load-demo.js';
import { internalMeta } from '../context.js';
import { readStock } from '../stock/read-stock.js';
import { getSession } from '../dosing-session/read-session.js';
import { sessionDraws } from '../stock/internal/draw-accounts.js';

describe('demo patients', () => {
  it('are the same for the same seed and date', () => {
    expect(buildDemoPatients('2026-11-28')).toEqual(buildDemoPatients('2026-11-28'));
    expect(buildDemoPatients('2026-11-28', 1)).not.toEqual(buildDemoPatients('2026-11-28', 2));
  });
  it('number at least 40, with distinct names and MRNs', () => {
    const ps = buildDemoPatients('2026-11-28');
    expect(ps.length).toBe(DEMO_PATIENT_COUNT);
    expect(ps.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ps.map((p) => `${p.givenName} ${p.familyName}`)).size).toBe(ps.length);
    expect(new Set(ps.map((p) => p.mrn)).size).toBe(ps.length);
  });
});

describeEachEngine('loading the demo clinic', (h) => {
  it('loads one synthetic site, the staff and the patients with care teams; loading again resets it', async () => {
    const now = new Date(Date.UTC(2026, 10, 28, 12));
    // The first demo as global setup loaded it (restored: a load takes seconds); the reload below is a real one.
    const dump = process.env.KAIROS_TEST_DEMO_DUMP;
    if (dump !== undefined && existsSync(dump)) await restoreDemoData(h.database.db, dump);
    else await loadDemo(h.database.db, now);
    // What people do in the demo between loads leaves rows naming its users and patients: the reset takes them too.
    const db = h.database.db;
    const nurse = await db
      .selectFrom('app_user')
      .select(['id', 'site_id'])
      .where('email', '=', 'nurse@demo.test')
      .executeTakeFirstOrThrow();
    const patient = await db.selectFrom('patient').select('id').limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto('user_second_factor')
      .values({ user_id: nurse.id, totp_secret_sealed: 'v1:x:y:z', created_at: now, confirmed_at: now })
      .execute();
    await db.insertInto('recovery_code').values({ user_id: nurse.id, code_hash: 'h', created_at: now }).execute();
    await db
      .insertInto('emergency_access')
      .values({
        site_id: nurse.site_id as string,
        patient_id: patient.id,
        user_id: nurse.id,
        reason: 'a demo emergency to reset',
        opened_at: now,
        expires_at: new Date(now.getTime() + 3_600_000),
      })
      .execute();
    await db
      .insertInto('record_correction')
      .values({
        record_type: 'adverse_event',
        record_id: patient.id,
        patient_id: patient.id,
        before: JSON.stringify({}),
        after: JSON.stringify({}),
        reason: 'a demo correction to reset',
        corrected_by: nurse.id,
        corrected_at: now,
      })
      .execute();
    // A FHIR export of the director's, with a file part.
    const director = await db.selectFrom('app_user').select('id').where('email', '=', 'director@demo.test').executeTakeFirstOrThrow();
    const fhirExport = await db
      .insertInto('fhir_export')
      .values({
        site_id: nurse.site_id as string,
        requested_by: director.id,
        level: 'system',
        types: ['Patient'],
        request_url: 'http://localhost/fhir/R4/$export',
        state: 'complete',
        transaction_time: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('fhir_export_part')
      .values({ export_id: fhirExport.id, resource_type: 'Patient', part: 0, resources: 1, ndjson: '{}\n' })
      .execute();
    await loadDemo(h.database.db, now);
    for (const table of [
      'user_second_factor',
      'recovery_code',
      'emergency_access',
      'record_correction',
      'fhir_export',
      'fhir_export_part',
    ] as const)
      expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
    const sites = await h.database.db.selectFrom('site').selectAll().execute();
    expect(sites).toHaveLength(1);
    expect(sites[0]?.synthetic).toBe(true);
    const users = await h.database.db.selectFrom('app_user').select(['email', 'synthetic']).orderBy('email').execute();
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    expect(users.every((u) => u.synthetic)).toBe(true);
    const patients = await h.database.db.selectFrom('patient').select(['id', 'synthetic']).execute();
    expect(patients).toHaveLength(DEMO_PATIENT_COUNT);
    expect(patients.every((p) => p.synthetic)).toBe(true);
    const team = await h.database.db.selectFrom('care_team_member').select('patient_id').execute();
    expect(team).toHaveLength(DEMO_PATIENT_COUNT * 3);
    expect((await verifyAuditChain(h.database.db)).ok).toBe(true);
  });

  it('has patients at every intake stage: referred, screening with missing items, needs review with an override, ineligible with reasons, eligible with signed consent', async () => {
    const rows = await h.database.db.selectFrom('enrollment').select('state').execute();
    const count = (s: string) => rows.filter((r) => r.state === s).length;
    expect({
      referred: count('referred'),
      screening: count('screening'),
      ineligible: count('ineligible'),
      eligible: count('eligible'),
      scheduled: count('scheduled'),
      // Booked retreats whose first infusion has started are in treatment by themselves (the live one, this week's).
      inTreatment: count('in-treatment'),
    }).toEqual({ referred: 2, screening: 3, ineligible: 1, eligible: 2, scheduled: 3, inTreatment: 2 });
    const overrides = await h.database.db.selectFrom('screening_override').select('check_id').execute();
    // The benzodiazepine held before sessions, and each eligible patient's sertraline reviewed (not in the interaction table).
    expect(overrides.filter((o) => o.check_id !== 'unrecognised-medications').map((o) => o.check_id)).toEqual([
      'interaction:benzodiazepine',
    ]);
    expect(overrides.filter((o) => o.check_id === 'unrecognised-medications').length).toBeGreaterThanOrEqual(
      count('eligible') + count('scheduled') + count('in-treatment'),
    );
    const decisions = await h.database.db.selectFrom('screening_decision').select(['outcome', 'reason']).orderBy('at').execute();
    expect(decisions.filter((d) => d.outcome === 'ineligible')[0]?.reason).toMatch(/psychosis/);
    const signatures = await h.database.db.selectFrom('consent_signature').select('enrollment_id').execute();
    // 7 for the intake stages and cohorts, 1 more of the notes demo (seed-notes.ts), 2 of the completed retreat (seed-measures.ts).
    expect(signatures).toHaveLength(10);
  });

  // The clinic the first test loaded (on 2026-11-28, 12:00 UTC), read as it is: no third load.
  it('has a retreat whose second day (a dosing day) is today, one starting next week, and a six-infusion series in progress', async () => {
    const cohorts = await h.database.db.selectFrom('cohort').select(['program_template', 'start_date']).orderBy('start_date').execute();
    expect(cohorts).toEqual([
      // The retreat completed 40 days ago, with measures to +30 days (seed-measures.ts).
      { program_template: 'retreat-5-day', start_date: '2026-10-19' },
      { program_template: 'infusion-series-6', start_date: '2026-11-23' },
      { program_template: 'retreat-5-day', start_date: '2026-11-27' },
      { program_template: 'retreat-5-day', start_date: '2026-12-05' },
    ]);
    const todays = await h.database.db
      .selectFrom('scheduled_event')
      .select(['kind', 'chair_id'])
      .where('kind', '=', 'dosing')
      .where('starts_at', '>=', new Date('2026-11-28T05:00:00Z'))
      .where('starts_at', '<', new Date('2026-11-29T05:00:00Z'))
      .execute();
    expect(todays.length).toBeGreaterThanOrEqual(2);
  });
});

/** The demo's medical director, as a row and as the actor of a use case. */
async function directorOf(db: Database['db']) {
  const director = await db.selectFrom('app_user').selectAll().where('email', '=', 'director@demo.test').executeTakeFirstOrThrow();
  const actor = {
    userId: director.id,
    email: director.email,
    displayName: director.display_name,
    roles: director.roles,
    siteId: director.site_id,
  };
  return { director, actor };
}

describe('the demo as npm start loads it (with its ketamine stock and program history), just after midnight site time [pglite]', () => {
  // The live infusion started 20 minutes before the load, its C-SSRS asked 18 minutes before that:
  // loaded at 00:30 site time (America/New_York), the infusion started at 00:10 and the C-SSRS was
  // answered on the day before, so the start was refused and the demo did not load.
  // A day swept every 20 minutes once (2026-12-06) found no other failing hour. The load is on a
  // Monday (2026-12-07), the day the series starts (see the series test below).
  const now = new Date('2026-12-07T05:30:00Z');
  let database: Database;
  beforeAll(async () => {
    database = await openSnapshotPglite();
    await loadDemo(database.db, now, { stock: true, history: true });
  });
  afterAll(async () => database.close());

  it('the series patient has completed infusions from the week before, one with its adverse event', async () => {
    // The series starts on a Monday. Booked on "this week's Monday", a demo loaded on a Monday had
    // the series starting that day: no completed infusion, no adverse event, an empty safety log
    // (the adverse events browser test failed on 2026-12-07, a Monday).
    const db = database.db;
    const completed = await db
      .selectFrom('dosing_session as s')
      .innerJoin('enrollment as e', 'e.id', 's.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'e.patient_id')
      .select('s.id')
      .where('p.mrn', '=', 'DEMO-0013')
      .where('s.state', '=', 'discharged')
      .execute();
    expect(completed.length).toBe(3);
    const events = await db
      .selectFrom('adverse_event as a')
      .innerJoin('patient as p', 'p.id', 'a.patient_id')
      .select('a.kind')
      .where('p.mrn', '=', 'DEMO-0013')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['hypertension']);
  });

  it('loads, with its infusion running', async () => {
    const infusing = await database.db.selectFrom('dosing_session').select('id').where('state', '=', 'infusing').execute();
    expect(infusing.length).toBeGreaterThanOrEqual(1);
  });

  it('stock received two months ago, a lot expiring within 30 days, every completed session drawn and wasted before a witness, one count’s difference resolved', async () => {
    const db = database.db;
    const site = await db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const { director, actor } = await directorOf(db);
    const stock = await readStock(db, actor, site.id, internalMeta('test', now));
    expect(stock.deaRegistration?.number).toBe('AB1234563');
    const receipt = await db
      .selectFrom('stock_entry')
      .select('occurred_at')
      .where('kind', '=', 'receipt')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    expect(Math.round((now.getTime() - receipt.occurred_at.getTime()) / 86_400_000)).toBe(60);
    expect(stock.lines.filter((l) => l.expiresSoon).map((l) => l.lotNumber)).toEqual(['KD2503']);
    // The program's history (below) predates the ledger: its sessions are older than the receipt.
    const discharged = await db
      .selectFrom('dosing_session')
      .select('id')
      .where('state', '=', 'discharged')
      .where('infusion_started_at', '>=', receipt.occurred_at)
      .execute();
    expect(discharged.length).toBeGreaterThan(0);
    for (const s of discharged) {
      const draws = await sessionDraws(db, s.id);
      expect(
        draws.map((d) => d.account.state),
        s.id,
      ).toEqual(['reconciled']);
      expect(draws[0]?.account.wasted.ul).toBeGreaterThan(0n);
      expect(draws[0]?.witnesses.map((w) => w.displayName)).toEqual(['Nate Second, RN']);
    }
    // Today's live infusion: drawn, to account for when it ends.
    expect(stock.openDraws).toHaveLength(1);
    expect(stock.counts).toHaveLength(1);
    expect(stock.counts[0]?.differences).toEqual([
      expect.objectContaining({
        difference: { ul: -200, ug: -2000 },
        resolution: expect.objectContaining({ resolvedBy: expect.objectContaining({ displayName: director.display_name }) }),
      }),
    ]);
  });

  it('a maintenance session booked today to click through: DEMO-M001, care team 1’s patient, its checklist asking the bladder questions', async () => {
    const db = database.db;
    const row = await db
      .selectFrom('dosing_session as s')
      .innerJoin('enrollment as e', 'e.id', 's.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'e.patient_id')
      .innerJoin('scheduled_event as ev', 'ev.id', 's.event_id')
      .select(['s.id', 's.state', 'e.program_template', 'ev.starts_at'])
      .where('p.mrn', '=', 'DEMO-M001')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'scheduled', program_template: 'maintenance-1' });
    expect(localDateOf(row.starts_at, 'America/New_York')).toBe(localDateOf(now, 'America/New_York'));
    const nurse = await db.selectFrom('app_user').selectAll().where('email', '=', 'nurse@demo.test').executeTakeFirstOrThrow();
    const view = await getSession(
      db,
      { userId: nurse.id, email: nurse.email, displayName: nurse.display_name, roles: nurse.roles, siteId: nurse.site_id },
      row.id,
      internalMeta('test', now),
    );
    expect(view.checklist.items.map((i) => i.id)).toEqual(expect.arrayContaining(['bladder-symptoms', 'cumulative-infusions']));
  });

  it('a program history the Outcomes page can read: 40 past courses, responders and losses of response, missing measures, two withdrawals', async () => {
    const db = database.db;
    const site = await db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const { actor } = await directorOf(db);
    const history = await db.selectFrom('patient').select(['synthetic']).where('mrn', 'like', 'DEMO-H%').execute();
    expect(history).toHaveLength(DEMO_HISTORY_COURSES);
    expect(history.every((p) => p.synthetic)).toBe(true);
    const o = await readProgramOutcomes(
      db,
      actor,
      site.id,
      { to: localDateOf(new Date(now.getTime() - 75 * 86_400_000), 'America/New_York') },
      internalMeta('test', now),
    );
    expect(o.flow.referred).toBeGreaterThanOrEqual(DEMO_HISTORY_COURSES);
    expect(o.flow.started).toBeGreaterThanOrEqual(DEMO_HISTORY_COURSES - 1);
    expect(o.flow.withdrawn).toBe(2);
    expect(o.suppressed).toBe(false);
    expect(o.scores.pcl5.map((p) => p.n).every((n) => n >= 20)).toBe(true);
    expect(o.durability?.responders).toBeGreaterThanOrEqual(10);
    expect(o.durability?.events).toBeGreaterThanOrEqual(2);
    expect(o.completeness.some((c) => c.instrument === 'pcl5' && c.share !== null && c.share < 1)).toBe(true);
    expect(o.safety.adverseEvents.total).toBeGreaterThan(0);
  });
});
