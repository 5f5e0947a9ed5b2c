/**
 * A maintenance course as a clinic books one: a new patient of a care team (created by the
 * coordinator), made eligible for the maintenance session with a work-up and signed consent (the
 * demo's intake steps), and booked on a chair and room, `daysAhead` site days from `now`. The
 * interactive demo (npm start, kairos demo) books one today, so that a nurse can click through what
 * comes before a maintenance infusion (the bladder questions, the count of infusions in 12 months);
 * the tests book theirs through the same function (test/maintenance.ts).
 *
 * @module
 */
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import { DEMO_PASSWORD } from '../accounts/passwords.js';
import { internalMeta, type Actor } from '../context.js';
import { createPatient } from '../patients/create-patient.js';
import { bookCohort } from '../scheduling/book-cohort.js';
import type { Db } from '../../store/database.js';
import { makeDemoPatientEligible } from './seed-intake.js';

/** Staff by email, for a care team or a session. */
interface Team {
  nurse: string;
  therapist: string;
  prescriber: string;
}

export interface MaintenanceBooking {
  mrn: string;
  /** Site days from today (0: today). */
  daysAhead: number;
  /** The patient's care team (the demo's intake steps are care team 1's). */
  team: Team;
  /** Who works the session, when not the care team (colleagues covering). */
  staff?: Team;
  chair: string;
  room: string;
  patient: { givenName: string; familyName: string; birthDate: string };
}

/** Books a maintenance course; returns the patient and its dosing session, with the session's planned start. */
export async function bookMaintenanceCourse(
  db: Db,
  now: Date,
  b: MaintenanceBooking,
): Promise<{ patientId: string; enrollmentId: string; sessionId: string; startsAt: Date }> {
  const site = await db.selectFrom('site').select(['id', 'time_zone']).orderBy('created_at').executeTakeFirstOrThrow();
  const user = async (email: string) =>
    (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const c = await db.selectFrom('app_user').selectAll().where('email', '=', 'coordinator@demo.test').executeTakeFirstOrThrow();
  const coordinator: Actor = { userId: c.id, email: c.email, displayName: c.display_name, roles: c.roles, siteId: c.site_id };
  const meta = internalMeta('demo-loader', now);
  const staffOf = async (t: Team) => ({
    'licensed-iv-runner': await user(t.nurse),
    therapist: await user(t.therapist),
    prescriber: await user(t.prescriber),
  });
  const team = await staffOf(b.team);
  const patient = await createPatient(
    db,
    coordinator,
    {
      mrn: b.mrn,
      ...b.patient,
      careTeam: [
        { role: 'prescriber', userId: team.prescriber },
        { role: 'nurse', userId: team['licensed-iv-runner'] },
        { role: 'therapist', userId: team.therapist },
      ],
    },
    meta,
  );
  const enrollmentId = await makeDemoPatientEligible(db, site.id, now, DEMO_PASSWORD, b.mrn, 'maintenance-1');
  const chair = await db.selectFrom('chair').select('id').where('name', '=', b.chair).executeTakeFirstOrThrow();
  const room = await db.selectFrom('room').select('id').where('name', '=', b.room).executeTakeFirstOrThrow();
  const staff = b.staff === undefined ? team : await staffOf(b.staff);
  await bookCohort(
    db,
    coordinator,
    {
      siteId: site.id,
      programTemplate: 'maintenance-1',
      startDate: addDaysToIsoDate(localDateOf(now, site.time_zone), b.daysAhead),
      members: [{ enrollmentId, chairId: chair.id, roomId: room.id, staff }],
    },
    meta,
  );
  const s = await db
    .selectFrom('dosing_session as s')
    .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
    .select(['s.id', 'e.starts_at'])
    .where('s.enrollment_id', '=', enrollmentId)
    .executeTakeFirstOrThrow();
  return { patientId: patient.id, enrollmentId, sessionId: s.id, startsAt: s.starts_at };
}

/**
 * The interactive demo's maintenance session: Rowan Ellery (DEMO-M001), care team 1's patient, today
 * on Chair 4. This morning every nurse and therapist works the retreat and the series, so the second
 * prescriber runs the infusion (prescribers are licensed to) and Uma Fourth is its therapist.
 */
export async function seedDemoMaintenance(db: Db, now: Date): Promise<void> {
  await bookMaintenanceCourse(db, now, {
    mrn: 'DEMO-M001',
    daysAhead: 0,
    team: { nurse: 'nurse@demo.test', therapist: 'therapist@demo.test', prescriber: 'prescriber@demo.test' },
    staff: { nurse: 'prescriber2@demo.test', therapist: 'therapist4@demo.test', prescriber: 'prescriber2@demo.test' },
    chair: 'Chair 4',
    room: 'Therapy room A',
    patient: { givenName: 'Rowan', familyName: 'Ellery', birthDate: '1979-05-02' },
  });
}
