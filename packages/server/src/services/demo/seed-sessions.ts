/**
 * The demo's dosing sessions, made through the same services the API uses: one of today's
 * sessions is infusing (fed live by the demo monitor feed when the server runs), and the series
 * patient's earlier sessions are completed, with vitals, an alert and an adverse event.
 *
 * @module
 */
import { scenarioReading } from '../../simulator/scenarios.js';
import { reportAdverseEvent } from '../dosing-session/report-adverse-event.js';
import { addVitals } from '../patients/record-vitals.js';
import { startOfLocalDay, type SessionStep } from '@kairos/core';
import { acknowledgeAlert } from '../dosing-session/acknowledge-alert.js';
import { confirmDischargeEscort } from '../dosing-session/confirm-discharge-escort.js';
import { doubleCheckDose } from '../dosing-session/double-check-dose.js';
import { orderDose } from '../dosing-session/order-dose.js';
import { recordAldrete } from '../dosing-session/record-aldrete.js';
import { recordReadings, type ReadingInput } from '../dosing-session/record-readings.js';
import { stepSession } from '../dosing-session/step-session.js';
import { updateChecklist } from '../dosing-session/update-checklist.js';
import { storeResponse } from '../questionnaires/internal/store-response.js';
import { recordSessionMedication } from '../dosing-session/record-session-medication.js';
import { internalMeta, type Actor, type RequestMeta } from '../context.js';
import { DEMO_SECOND_FACTOR_POLICY } from '../second-factor/policy.js';
import { createStepUp } from '../sign-in/create-step-up.js';
import type { Db } from '../../store/database.js';
import { demoCount, demoDraw, demoWaste } from './seed-stock.js';

const MIN = 60_000;

async function actorOf(db: Db, email: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

const readingsFor = (
  prefix: string,
  startMs: number,
  from: number,
  to: number,
  scenario: 'normal' | 'hypertensive-episode' = 'normal',
): ReadingInput[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)
    .filter((m) => m % 5 === 0)
    .map((m) => ({ clientId: `${prefix}-${m}`, measuredAt: new Date(startMs + m * MIN).toISOString(), ...scenarioReading(scenario, m) }));

/**
 * Runs a session from check-in to the infusion's start at `startMs`; returns the actors used. The
 * steps are taken by `runnerEmail` (who starts an infusion counts against the protocol's
 * infusions-per-nurse limit while it runs).
 */
async function runToInfusing(db: Db, sessionId: string, startMs: number, password: string, runnerEmail = 'nurse@demo.test') {
  const nurse = await actorOf(db, 'nurse@demo.test');
  const runner = runnerEmail === 'nurse@demo.test' ? nurse : await actorOf(db, runnerEmail);
  const prescriber = await actorOf(db, 'prescriber@demo.test');
  const therapist = await actorOf(db, 'therapist@demo.test');
  const director = await actorOf(db, 'director@demo.test');
  const at = (ms: number): RequestMeta => internalMeta('demo-loader', new Date(ms));
  const step = (s: SessionStep, ms: number, reason?: string) =>
    stepSession(db, runner, sessionId, { step: s, ...(reason ? { reason } : {}) }, at(ms), 'demo');
  await step('check-in', startMs - 40 * MIN);
  await step('begin-pre-dose', startMs - 35 * MIN);
  const session = await db
    .selectFrom('dosing_session as s')
    .innerJoin('site', 'site.id', 's.site_id')
    .select(['s.patient_id', 's.enrollment_id', 'site.time_zone'])
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  await recordReadings(
    db,
    { actor: nurse },
    sessionId,
    [{ clientId: 'pre-dose', measuredAt: new Date(startMs - 30 * MIN).toISOString(), ...scenarioReading('normal', 0) }],
    at(startMs - 30 * MIN),
  );
  // The day's C-SSRS screener, asked at check-in (no risk), then the checklist's facts. The
  // checklist asks for one answered on the start's day (site time): a start just after midnight
  // (a demo loaded then) has it asked at midnight rather than on the day before.
  const cssrsAtMs = Math.max(startMs - 38 * MIN, Date.parse(startOfLocalDay(new Date(startMs), session.time_zone)));
  await db.transaction().execute((tx) =>
    storeResponse(
      tx,
      session.patient_id,
      {
        instrument: 'cssrs',
        answers: { form: 'since-last-contact', answers: { q1: false, q2: false, q6: false } },
        enrollmentId: session.enrollment_id,
      },
      nurse,
      at(cssrsAtMs),
    ),
  );
  const hoursBefore = (h: number) => new Date(startMs - h * 3_600_000).toISOString();
  await updateChecklist(
    db,
    nurse,
    sessionId,
    { fasting: { lastSolidsAt: hoursBefore(12), lastClearLiquidsAt: hoursBefore(3) }, escort: { name: 'Sam Rivers', phone: '555-0199' } },
    at(startMs - 25 * MIN),
  );
  await recordSessionMedication(
    db,
    nurse,
    sessionId,
    {
      purpose: 'premedication',
      drug: 'ondansetron',
      dose: 4,
      unit: 'mg',
      route: 'IV',
      givenAt: new Date(startMs - 24 * MIN).toISOString(),
    },
    at(startMs - 24 * MIN),
  );
  await updateChecklist(db, therapist, sessionId, { intention: 'to meet the memory without being swept away' }, at(startMs - 20 * MIN));
  await orderDose(db, prescriber, sessionId, { vialMgPerMl: 10, diluentMl: 100 }, at(startMs - 15 * MIN));
  const proof = await createStepUp(db, nurse, { email: director.email, password, purpose: 'dose.double-check' }, at(startMs - 10 * MIN), {
    allowSynthetic: true,
    policy: DEMO_SECOND_FACTOR_POLICY,
  });
  await doubleCheckDose(db, nurse, sessionId, proof.stepUpToken, at(startMs - 10 * MIN));
  await demoDraw(db, sessionId, startMs - 5 * MIN);
  await step('start', startMs);
  return { nurse, prescriber, step, at };
}

/**
 * Runs a booked session of the past from check-in to discharge at its booked time: monitor
 * readings, (for the hypertensive episode) an adverse event and acknowledged alerts, Aldrete.
 */
export async function completeDemoSession(
  db: Db,
  sessionId: string,
  password: string,
  scenario: 'normal' | 'hypertensive-episode' = 'normal',
  runnerEmail = 'nurse@demo.test',
): Promise<void> {
  const ev = await db
    .selectFrom('dosing_session as s')
    .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
    .select('e.starts_at')
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const startMs = ev.starts_at.getTime() + 30 * MIN;
  const { nurse, prescriber, step, at } = await runToInfusing(db, sessionId, startMs, password, runnerEmail);
  await recordReadings(db, {}, sessionId, readingsFor('mon', startMs, 5, 40, scenario), at(startMs + 41 * MIN));
  if (scenario === 'hypertensive-episode') {
    await reportAdverseEvent(
      db,
      nurse,
      sessionId,
      {
        kind: 'hypertension',
        severity: 'moderate',
        serious: false,
        occurredAt: new Date(startMs + 35 * MIN).toISOString(),
        actionTaken: 'Rate held; BP rechecked every 5 min; settled by minute 50 without medication',
      },
      at(startMs + 42 * MIN),
    );
    const alerts = await db
      .selectFrom('session_alert')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('acknowledged_at', 'is', null)
      .execute();
    for (const a of alerts) await acknowledgeAlert(db, prescriber, a.id, { note: 'seen; monitored closely' }, at(startMs + 43 * MIN));
  }
  await step('stop', startMs + 40 * MIN);
  await demoWaste(db, sessionId, startMs + 45 * MIN, password);
  await recordReadings(db, {}, sessionId, readingsFor('obs', startMs, 45, 125), at(startMs + 126 * MIN));
  await recordAldrete(
    db,
    nurse,
    sessionId,
    { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 },
    at(startMs + 118 * MIN),
  );
  await confirmDischargeEscort(db, nurse, sessionId, { name: 'Sam Rivers' }, at(startMs + 124 * MIN));
  await step('discharge', startMs + 125 * MIN);
}

/** Seeds the demo's sessions as of `now`. Returns the id of the session the live feed follows. */
export async function seedDemoSessions(db: Db, now: Date, password: string): Promise<string | undefined> {
  const sessionOf = async (mrn: string, when: 'today' | 'past') => {
    const rows = await db
      .selectFrom('dosing_session as s')
      .innerJoin('patient as p', 'p.id', 's.patient_id')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .select(['s.id', 'e.starts_at'])
      .where('p.mrn', '=', mrn)
      .orderBy('e.starts_at')
      .execute();
    const dayStart = now.getTime() - 12 * 3_600_000;
    // Today's: the session booked nearest now, within a day (at 22:00 site time this morning's
    // 09:00 dosing is 13 hours ago: a 12-hour window left the demo without a live infusion).
    const distance = (r: { starts_at: Date }) => Math.abs(r.starts_at.getTime() - now.getTime());
    const nearest = rows.filter((r) => distance(r) < 24 * 3_600_000).sort((a, b) => distance(a) - distance(b))[0];
    return when === 'today' ? nearest?.id : rows.filter((r) => r.starts_at.getTime() < dayStart).map((r) => r.id);
  };

  // Completed: the series patient's earlier infusions, one with a hypertensive episode and an adverse event.
  const past = ((await sessionOf('DEMO-0013', 'past')) as string[] | undefined) ?? [];
  if (past.length > 0) {
    const patient = await db.selectFrom('patient').select('id').where('mrn', '=', 'DEMO-0013').executeTakeFirstOrThrow();
    const nurse = await actorOf(db, 'nurse@demo.test');
    const measuredAt = new Date(now.getTime() - 20 * 24 * 60 * MIN);
    await addVitals(
      db,
      nurse,
      patient.id,
      { measuredAt: measuredAt.toISOString(), weightKg: 81.4, systolic: 124, diastolic: 80, heartRate: 70, spo2: 98 },
      internalMeta('demo-loader', now),
    );
  }
  for (const [i, sessionId] of past.entries())
    await completeDemoSession(db, sessionId, password, i === 0 ? 'hypertensive-episode' : 'normal');
  // A count of the safe two hours ago, its difference resolved (where the demo keeps its stock).
  const site = await db.selectFrom('site').select('id').where('synthetic', '=', true).orderBy('created_at', 'desc').executeTakeFirst();
  if (site !== undefined) await demoCount(db, site.id, now.getTime() - 120 * MIN, password);

  // Infusing now: DEMO-0010's session today, started 20 minutes ago (the live feed continues it).
  // The medical director runs it, so the nurse (one infusion at a time by the demo protocol) is
  // free to start DEMO-0009's session.
  const live = (await sessionOf('DEMO-0010', 'today')) as string | undefined;
  if (live !== undefined) {
    const startMs = now.getTime() - 20 * MIN;
    const { at } = await runToInfusing(db, live, startMs, password, 'director@demo.test');
    await recordReadings(db, {}, live, readingsFor('feed', startMs, 5, 20), at(now.getTime()));
  }
  return live;
}
