/**
 * Measurement tasks are not stored: core generates a course's measurement schedule and matches the patient's responses to it.
 *
 * @module
 */
import { measurementTasks, localDateOf, type MeasurementTask } from '@kairos/core';
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

/** The questionnaire tasks of an enrollment on `today` (site-local `YYYY-MM-DD`); [] when no course is booked. */
export async function listMeasurementTasks(
  db: Db,
  enrollmentId: string,
  today: string,
  now: Date = new Date(`${today}T12:00:00Z`),
): Promise<MeasurementTask[]> {
  const course = await enrollmentCourse(db, enrollmentId, now);
  if (course === undefined) return [];
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
