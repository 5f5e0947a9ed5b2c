/**
 * The booked course of an enrollment as core's measurement schedule takes it: program, start, site-local today.
 *
 * @module
 */
import { findProgramTemplate, generateSchedule, type ScheduledMeasure } from '@kairos/core';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import type { Db } from '../../../store/database.js';

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
