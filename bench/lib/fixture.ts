/**
 * The bench's clinic: the demo (loaded through its services) plus N chairs, each a patient with a
 * dosing session checked in today and a device token for its monitor, and more sessions: ten for
 * the alarm probes and one with a long history (for "the last 100 readings").
 *
 * The N patients are clones of a demo patient who is ready for dosing: the patient row (a bench
 * MRN and name), the care team, the enrollment, the weight, and a dosing event booked now on a
 * chair of its own with the same staff (as the server test builder `addDosingSessions` does; the
 * booking rules are skipped on purpose: 500 chairs is not the demo's schedule). The sessions are
 * made by `createSessionsForEvents` and checked in by `stepSession` as the
 * console does; device tokens by `createDeviceToken`; history readings by `recordReadings`. The
 * screening and consent history of the template is not copied (no workload reads it).
 *
 * @module
 */
import { createSessionsForEvents } from '../../packages/server/src/services/dosing-session/create-sessions-for-events.js';
import { recordReadings } from '../../packages/server/src/services/dosing-session/record-readings.js';
import { stepSession } from '../../packages/server/src/services/dosing-session/step-session.js';
import { createDeviceToken } from '../../packages/server/src/services/accounts/create-device-token.js';
import { internalMeta, type Actor } from '../../packages/server/src/services/context.js';
import { loadDemo } from '../../packages/server/src/services/demo/load-demo.js';
import type { Db } from '../../packages/server/src/store/database.js';

export interface Chair {
  sessionId: string;
  token: string;
}

export interface BenchFixture {
  siteId: string;
  chairs: Chair[];
  /**
   * The sessions the alarm probes post to in turn (no load monitor posts there), so that an event
   * arriving after its probe gave up cannot be taken for the next probe's.
   */
  probes: Chair[];
  /** A session holding `historyReadings` readings. */
  history: Chair;
  historyReadings: number;
  /** Dosing sessions of the site booked within 12 hours of the build (the Today board's). */
  sessionsToday: number;
}

/** The demo patient whose readiness for dosing the chairs copy (team 1: nurse@demo.test is on the care team). */
const TEMPLATE_MRN = 'DEMO-0009';
const MIN = 60_000;
const PROBES = 10;

async function actorOf(db: Db, email: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, email: u.email, displayName: u.display_name, roles: u.roles, siteId: u.site_id };
}

/** Adds `count` patients with a dosing session booked at `startsAt` (scheduled state); returns the session ids in order. */
async function addChairs(db: Db, siteId: string, count: number, now: Date, label: string): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const patient = await tx.selectFrom('patient').selectAll().where('mrn', '=', TEMPLATE_MRN).executeTakeFirstOrThrow();
    const source = await tx
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .selectAll('e')
      .where('en.patient_id', '=', patient.id)
      .where('e.kind', '=', 'dosing')
      .orderBy('e.starts_at')
      .executeTakeFirstOrThrow();
    const enrollment = await tx.selectFrom('enrollment').selectAll().where('id', '=', source.enrollment_id).executeTakeFirstOrThrow();
    const team = await tx.selectFrom('care_team_member').selectAll().where('patient_id', '=', patient.id).execute();
    const staff = await tx.selectFrom('event_staff').selectAll().where('event_id', '=', source.id).execute();
    const weight = await tx
      .selectFrom('patient_vitals')
      .selectAll()
      .where('patient_id', '=', patient.id)
      .orderBy('measured_at', 'desc')
      .executeTakeFirst();
    const duration = source.ends_at.getTime() - source.starts_at.getTime();
    const startsAt = new Date(now.getTime() - 30 * MIN);
    const endsAt = new Date(startsAt.getTime() + duration);
    const eventIds: string[] = [];
    const perRoom = 50;
    let roomId = '';
    for (let i = 0; i < count; i++) {
      if (i % perRoom === 0)
        roomId = (
          await tx
            .insertInto('room')
            .values({ site_id: siteId, name: `${label} suite ${i / perRoom + 1}`, created_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const chair = await tx
        .insertInto('chair')
        .values({ room_id: roomId, name: `${label} chair ${i + 1}`, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: _p, escort, ...patientRest } = patient;
      const p = await tx
        .insertInto('patient')
        .values({
          ...patientRest,
          escort: escort === null ? null : JSON.stringify(escort),
          mrn: `${label.toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
          given_name: 'Bench',
          family_name: `${label} ${i + 1}`,
          phone: null,
          email: null,
          synthetic: true,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const m of team)
        await tx
          .insertInto('care_team_member')
          .values({ ...m, patient_id: p.id })
          .execute();
      if (weight !== undefined) {
        const { id: _w, ...w } = weight;
        await tx
          .insertInto('patient_vitals')
          .values({ ...w, weight_kg: w.weight_kg === null ? null : Number(w.weight_kg), patient_id: p.id })
          .execute();
      }
      const { id: _e, ...enrollmentRest } = enrollment;
      const en = await tx
        .insertInto('enrollment')
        .values({ ...enrollmentRest, patient_id: p.id, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: _s, ...eventRest } = source;
      const ev = await tx
        .insertInto('scheduled_event')
        .values({
          ...eventRest,
          enrollment_id: en.id,
          chair_id: chair.id,
          starts_at: startsAt,
          ends_at: endsAt,
          infusion: eventRest.infusion === null ? null : JSON.stringify(eventRest.infusion),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const s of staff)
        await tx
          .insertInto('event_staff')
          .values({ ...s, event_id: ev.id, starts_at: startsAt, ends_at: endsAt })
          .execute();
      eventIds.push(ev.id);
    }
    await createSessionsForEvents(tx, eventIds, now);
    const sessions = await tx.selectFrom('dosing_session').select(['id', 'event_id']).where('event_id', 'in', eventIds).execute();
    const byEvent = new Map(sessions.map((s) => [s.event_id, s.id]));
    return eventIds.map((id) => byEvent.get(id) as string);
  });
}

/**
 * Builds the bench clinic in a freshly migrated database: the demo, then `chairs` chairs (plus
 * the probe and history sessions), each checked in, with one device token each.
 */
export async function buildFixture(
  db: Db,
  { chairs, historyReadings, log }: { chairs: number; historyReadings: number; log: (line: string) => void },
): Promise<BenchFixture> {
  const now = new Date();
  const t0 = Date.now();
  await loadDemo(db, now);
  log(`demo loaded in ${Date.now() - t0} ms`);
  const site = await db.selectFrom('site').select(['id', 'settings']).where('synthetic', '=', true).executeTakeFirstOrThrow();
  // The per-token limit (600 readings a minute, a site setting) belongs to the security issue; the
  // bench posts far more per monitor, so the site raises it to the setting's maximum.
  const settings = { ...site.settings };
  settings.security = { ...(settings.security ?? {}), deviceReadingsPerMinute: 100_000 };
  await db
    .updateTable('site')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', site.id)
    .execute();
  const t1 = Date.now();
  const ids = await addChairs(db, site.id, chairs + PROBES + 1, now, 'Bench');
  const nurse = await actorOf(db, 'nurse@demo.test');
  const admin = await actorOf(db, 'admin@demo.test');
  const meta = internalMeta('bench-fixture', now);
  const out: Chair[] = [];
  for (const [i, sessionId] of ids.entries()) {
    await stepSession(db, nurse, sessionId, { step: 'check-in' }, meta, 'test');
    const { token } = await createDeviceToken(db, admin, { siteId: site.id, name: `bench monitor ${i + 1}` }, meta);
    out.push({ sessionId, token });
  }
  log(`${ids.length} chairs checked in with their tokens in ${Date.now() - t1} ms`);
  const probes = out.slice(chairs, chairs + PROBES);
  const history = out[chairs + PROBES] as Chair;
  // The history: readings a minute apart up to now, posted by its monitor in batches of 500.
  const t2 = Date.now();
  const startMs = now.getTime() - historyReadings * 1000;
  for (let from = 0; from < historyReadings; from += 500) {
    const batch = Array.from({ length: Math.min(500, historyReadings - from) }, (_, k) => ({
      clientId: `history-${from + k}`,
      measuredAt: new Date(startMs + (from + k) * 1000).toISOString(),
      systolic: 118 + ((from + k) % 9),
      diastolic: 76,
      heartRate: 70 + ((from + k) % 5),
      spo2: 98,
      respiratoryRate: 14,
    }));
    await recordReadings(db, { device: { id: 'bench-history', siteId: site.id, name: 'bench history' } }, history.sessionId, batch, meta);
  }
  log(`${historyReadings} history readings in ${Date.now() - t2} ms`);
  const today = await db
    .selectFrom('dosing_session as s')
    .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('s.site_id', '=', site.id)
    .where('e.starts_at', '>', new Date(now.getTime() - 12 * 3_600_000))
    .where('e.starts_at', '<', new Date(now.getTime() + 12 * 3_600_000))
    .executeTakeFirstOrThrow();
  return { sessionsToday: Number(today.n), siteId: site.id, chairs: out.slice(0, chairs), probes, history, historyReadings };
}
