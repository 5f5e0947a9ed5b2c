/**
 * Reading a patient's schedule at every site of their enrollments (care-team access checked, read audited).
 *
 * @module
 */
import type { ScheduleEvent } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { listSchedule } from './list-schedule.js';

/** Every scheduled event of a patient, at every site of their enrollments, in time order (care-team access checked, read audited). */
export async function readPatientSchedule(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<ScheduleEvent[]> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.schedule.read');
    const enrollments = await tx.selectFrom('enrollment').select(['id', 'site_id']).where('patient_id', '=', patientId).execute();
    const items = [];
    for (const siteId of [...new Set(enrollments.map((e) => e.site_id))]) {
      items.push(
        ...(await listSchedule(tx, actor, {
          siteId,
          from: '2000-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
          enrollmentIds: enrollments.map((e) => e.id),
        })),
      );
    }
    await audit(
      tx,
      { ...meta, actor },
      { action: 'patient.schedule.read', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed' },
    );
    return items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  });
}
