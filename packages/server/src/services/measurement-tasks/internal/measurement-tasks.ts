/**
 * Measurement tasks are not stored: core generates a course's measurement schedule and matches the patient's responses to it.
 *
 * @module
 */
import { findProgramTemplate, measurementTasks, localDateOf, preBookingBaselineTasks, type MeasurementTask } from '@kairos/core';
import type { Db } from '../../../store/database.js';
import { enrollmentCourse } from './enrollment-course.js';

/** Stored responses of a patient as task matching reads them (site-local completion dates). */
async function responsesFor(db: Db, patientId: string, timeZone: string) {
  const rows = await db
    .selectFrom('questionnaire_response')
    .select(['id', 'instrument', 'due_date', 'completed_at', 'enrollment_id'])
    .where('patient_id', '=', patientId)
    .orderBy('completed_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    instrument: r.instrument,
    dueDate: r.due_date,
    completedDate: localDateOf(r.completed_at, timeZone),
    enrollmentId: r.enrollment_id,
  }));
}

/** Before a course is booked, the states in which the baseline questionnaires are open (from the referral). */
const BEFORE_BOOKING = ['referred', 'screening', 'eligible'];

/**
 * The questionnaire tasks of an enrollment on `today` (site-local `YYYY-MM-DD`): its booked course's,
 * or before one is booked its baseline, open from the referral; [] otherwise.
 */
export async function listMeasurementTasks(
  db: Db,
  enrollmentId: string,
  today: string,
  now: Date = new Date(`${today}T12:00:00Z`),
): Promise<MeasurementTask[]> {
  const course = await enrollmentCourse(db, enrollmentId, now);
  if (course === undefined) {
    const e = await db
      .selectFrom('enrollment as e')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .select(['e.patient_id', 'e.state', 'e.program_template', 'e.created_at', 's.time_zone'])
      .where('e.id', '=', enrollmentId)
      .executeTakeFirst();
    const template = e === undefined ? undefined : findProgramTemplate(e.program_template);
    if (e === undefined || template === undefined || !BEFORE_BOOKING.includes(e.state)) return [];
    const responses = (await responsesFor(db, e.patient_id, e.time_zone)).filter(
      (r) => r.enrollmentId === null || r.enrollmentId === enrollmentId,
    );
    const baseline = template.measures
      .filter((m) => m.purpose === 'baseline')
      .map((m) => ({ instruments: m.instruments, purposes: [m.purpose], labels: [m.label] }));
    return preBookingBaselineTasks(baseline, localDateOf(e.created_at, e.time_zone), responses, today);
  }
  const responses = (await responsesFor(db, course.patientId, course.timeZone)).filter(
    (r) => r.enrollmentId === null || r.enrollmentId === enrollmentId,
  );
  return measurementTasks(course.measures, responses, today, course.config.outcomes);
}

export interface PatientMeasurementTask extends MeasurementTask {
  enrollmentId: string;
  programTemplate: string;
}

/** Every questionnaire task of a patient's booked courses on the site's today. */
export async function patientMeasurementTasks(
  db: Db,
  patientId: string,
  now: Date,
): Promise<{ today: string; tasks: PatientMeasurementTask[] }> {
  const patient = await db
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['s.time_zone'])
    .where('p.id', '=', patientId)
    .executeTakeFirstOrThrow();
  const today = localDateOf(now, patient.time_zone);
  const enrollments = await db
    .selectFrom('enrollment')
    .select(['id', 'program_template'])
    .where('patient_id', '=', patientId)
    .where('state', '!=', 'withdrawn')
    .orderBy('created_at')
    .execute();
  const tasks: PatientMeasurementTask[] = [];
  for (const e of enrollments) {
    for (const t of await listMeasurementTasks(db, e.id, today, now))
      tasks.push({ ...t, enrollmentId: e.id, programTemplate: e.program_template });
  }
  return { today, tasks };
}
