/**
 * Measurement tasks of an enrollment: core generates the course's measurement schedule from the
 * booked cohort (template, start date, the site's calendar and protocol configuration) and matches
 * the patient's stored responses to it (core `measurementTasks`). Tasks exist once a course is
 * booked; the baseline opens before day 1 (`outcomes.measureWindow`).
 *
 * @module
 */
import {
  findProgramTemplate,
  generateSchedule,
  measurementTasks,
  localDateOf,
  type MeasurementTask,
  type ScheduledMeasure,
} from '@kairos/core';
import type { SiteMeasurementTasks } from '@kairos/api';
import { notFound } from '../errors.js';
import { audit } from './audit.js';
import type { Actor, RequestMeta } from './context.js';
import { assertPatientAccess, isSiteWide } from './patients/assert-patient-access.js';
import { protocolInForce } from './protocol.js';
import type { Db } from '../store/database.js';
import { transact } from './transaction.js';

export interface EnrollmentCourse {
  enrollmentId: string;
  patientId: string;
  siteId: string;
  timeZone: string;
  templateId: string;
  startDate: string;
  measures: readonly ScheduledMeasure[];
  config: Awaited<ReturnType<typeof protocolInForce>>['config'];
}

async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * The booked course of an enrollment with its measurement schedule, or undefined when none is
 * booked (no planned cohort) or the enrollment was withdrawn.
 */
export async function enrollmentCourse(db: Db, enrollmentId: string, now: Date): Promise<EnrollmentCourse | undefined> {
  return inTransaction(db, async (tx) => {
    const row = await tx
      .selectFrom('enrollment as e')
      .innerJoin('scheduled_event as ev', 'ev.enrollment_id', 'e.id')
      .innerJoin('cohort as c', 'c.id', 'ev.cohort_id')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .select([
        'e.id',
        'e.patient_id',
        'e.site_id',
        'e.state',
        'c.program_template',
        'c.start_date',
        's.time_zone',
        's.working_days',
        's.closed_dates',
      ])
      .where('e.id', '=', enrollmentId)
      .where('c.state', '=', 'planned')
      .orderBy('c.created_at', 'desc')
      .executeTakeFirst();
    if (row === undefined || row.state === 'withdrawn') return undefined;
    const template = findProgramTemplate(row.program_template);
    if (template === undefined) return undefined;
    const protocol = await protocolInForce(tx, row.site_id, now);
    let measures: readonly ScheduledMeasure[];
    try {
      measures = generateSchedule(
        template,
        row.start_date,
        { timeZone: row.time_zone, workingDays: row.working_days, closedDates: row.closed_dates },
        protocol.config,
      ).measures;
    } catch {
      // The calendar changed under a booked course (e.g. a closed day added): its measures are
      // the template's as booked, which the schedule page shows; tasks wait for a reschedule.
      return undefined;
    }
    return {
      enrollmentId: row.id,
      patientId: row.patient_id,
      siteId: row.site_id,
      timeZone: row.time_zone,
      templateId: template.id,
      startDate: row.start_date,
      measures,
      config: protocol.config,
    };
  });
}

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

/** A patient's questionnaire tasks, read by a staff member (care-team access checked, read audited). */
export async function readPatientMeasurementTasks(
  db: Db,
  actor: Actor,
  patientId: string,
  meta: RequestMeta,
): Promise<{ today: string; tasks: PatientMeasurementTask[] }> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'measurement-tasks.read');
    const result = await patientMeasurementTasks(tx, patientId, meta.now);
    await audit(
      tx,
      { ...meta, actor },
      { action: 'measurement-tasks.read', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed', details: {} },
    );
    return result;
  });
}

/**
 * The Today board's questionnaires: every task due or overdue today (or done today) of the site's
 * patients in a booked course, those of the actor's care teams unless the actor works site-wide
 * on this site. Audited when it shows anyone.
 */
export async function listSiteMeasurementTasks(db: Db, actor: Actor, siteId: string, meta: RequestMeta): Promise<SiteMeasurementTasks> {
  return transact(db, async (tx) => {
    if ((await tx.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst()) === undefined)
      throw notFound('site', siteId);
    let q = tx
      .selectFrom('patient as p')
      .select(['p.id', 'p.given_name', 'p.family_name', 'p.mrn'])
      .where('p.site_id', '=', siteId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('enrollment as e')
            .select('e.id')
            .whereRef('e.patient_id', '=', 'p.id')
            .where('e.state', 'in', ['scheduled', 'in-treatment', 'follow-up']),
        ),
      );
    if (!(isSiteWide(actor) && (actor.siteId === null || actor.siteId === siteId)))
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_team_member as m')
            .select('m.user_id')
            .whereRef('m.patient_id', '=', 'p.id')
            .where('m.user_id', '=', actor.userId),
        ),
      );
    const patients = await q.orderBy('p.family_name').execute();
    const items: SiteMeasurementTasks['items'] = [];
    let today = '';
    for (const p of patients) {
      const r = await patientMeasurementTasks(tx, p.id, meta.now);
      today = r.today;
      const open = r.tasks.filter((t) => t.state === 'due' || t.state === 'overdue' || (t.state === 'done' && t.date === r.today));
      if (open.length > 0)
        items.push({
          patient: { id: p.id, name: `${p.given_name} ${p.family_name}`, mrn: p.mrn },
          tasks: open.map((t) => ({
            key: t.key,
            enrollmentId: t.enrollmentId,
            instrument: t.instrument,
            date: t.date,
            dueBy: t.dueBy,
            state: t.state,
          })),
        });
    }
    if (items.length > 0)
      await audit(
        tx,
        { ...meta, actor },
        {
          action: 'measurement-tasks.board',
          recordType: 'site',
          recordId: siteId,
          outcome: 'allowed',
          details: { patientIds: items.map((i) => i.patient.id) },
        },
      );
    return { today, items };
  });
}
