/**
 * A maintenance course as a clinic books one, for the tests: a new patient of care team 1 (Rowan
 * Ellery), made eligible for the maintenance session with a work-up and signed consent (the demo's
 * intake steps), and booked on Chair 4 in Therapy room A with team 1, `daysAhead` site days from
 * `now` (the demo books its own the same way: services/demo/seed-maintenance.ts). Returns the
 * patient and its dosing session, with the session's planned start.
 */
import { bookMaintenanceCourse } from '../src/services/demo/seed-maintenance.js';
import type { Db } from '../src/store/database.js';

export function bookMaintenanceSession(
  db: Db,
  now: Date,
  mrn: string,
  daysAhead = 14,
): Promise<{ patientId: string; enrollmentId: string; sessionId: string; startsAt: Date }> {
  return bookMaintenanceCourse(db, now, {
    mrn,
    daysAhead,
    team: { nurse: 'nurse@demo.test', therapist: 'therapist@demo.test', prescriber: 'prescriber@demo.test' },
    chair: 'Chair 4',
    room: 'Therapy room A',
    patient: { givenName: 'Rowan', familyName: 'Ellery', birthDate: '1979-05-02' },
  });
}
