/**
 * A maintenance course as a clinic books one: a new patient of care team 1 (created by the
 * coordinator), made eligible for the maintenance session with a work-up and signed consent (the
 * demo's intake steps), and booked on Chair 4 in Therapy room A with team 1, `daysAhead` site days
 * from `now`. Returns the patient and its dosing session, with the session's planned start.
 */
import { addDaysToIsoDate, localDateOf } from '@kairos/core';
import { internalMeta, type Actor } from '../src/services/context.js';
import { makeDemoPatientEligible } from '../src/services/demo/seed-intake.js';
import { createPatient } from '../src/services/patients/create-patient.js';
import { bookCohort } from '../src/services/scheduling/book-cohort.js';
import type { Db } from '../src/store/database.js';
import { DEMO_PASSWORD } from './auth.js';

export async function bookMaintenanceSession(
  db: Db,
  now: Date,
  mrn: string,
  daysAhead = 14,
): Promise<{ patientId: string; enrollmentId: string; sessionId: string; startsAt: Date }> {
  const site = await db.selectFrom('site').select(['id', 'time_zone']).orderBy('created_at').executeTakeFirstOrThrow();
  const user = async (email: string) =>
    (await db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const c = await db.selectFrom('app_user').selectAll().where('email', '=', 'coordinator@demo.test').executeTakeFirstOrThrow();
  const coordinator: Actor = { userId: c.id, email: c.email, displayName: c.display_name, roles: c.roles, siteId: c.site_id };
  const meta = internalMeta('test-builder', now);
  const team = {
    'licensed-iv-runner': await user('nurse@demo.test'),
    therapist: await user('therapist@demo.test'),
    prescriber: await user('prescriber@demo.test'),
  };
  const patient = await createPatient(
    db,
    coordinator,
    {
      mrn,
      givenName: 'Rowan',
      familyName: 'Ellery',
      birthDate: '1979-05-02',
      careTeam: [
        { role: 'prescriber', userId: team.prescriber },
        { role: 'nurse', userId: team['licensed-iv-runner'] },
        { role: 'therapist', userId: team.therapist },
      ],
    },
    meta,
  );
  const enrollmentId = await makeDemoPatientEligible(db, site.id, now, DEMO_PASSWORD, mrn, 'maintenance-1');
  const chair = await db.selectFrom('chair').select('id').where('name', '=', 'Chair 4').executeTakeFirstOrThrow();
  const room = await db.selectFrom('room').select('id').where('name', '=', 'Therapy room A').executeTakeFirstOrThrow();
  await bookCohort(
    db,
    coordinator,
    {
      siteId: site.id,
      programTemplate: 'maintenance-1',
      startDate: addDaysToIsoDate(localDateOf(now, site.time_zone), daysAhead),
      members: [{ enrollmentId, chairId: chair.id, roomId: room.id, staff: team }],
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
