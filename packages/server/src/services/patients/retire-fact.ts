/**
 * Use case: a clinician retires a recorded fact with a reason (kept in the history; the enrollments are rescreened).
 *
 * @module
 */
import { AppError, notFound } from '../../errors.js';
import { recomputeOpenScreenings } from '../screening/recompute-open-screenings.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatientDetail } from './patient-details-internal.js';

export async function retireFact(
  db: Db,
  actor: Actor,
  patientId: string,
  factId: string,
  reason: string,
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.details.write');
    const fact = await tx
      .selectFrom('patient_fact')
      .select(['id', 'kind', 'retired_at'])
      .where('id', '=', factId)
      .where('patient_id', '=', patientId)
      .executeTakeFirst();
    if (fact === undefined) throw notFound('fact', factId);
    if (fact.retired_at !== null) throw new AppError('CONFLICT', 'this entry was already removed');
    await tx
      .updateTable('patient_fact')
      .set({ retired_at: meta.now, retired_by: actor.userId, retire_reason: reason })
      .where('id', '=', factId)
      .execute();
    await auditPatientDetail(tx, actor, meta, `patient.${fact.kind}.retire`, patientId, 'patient_fact', factId, { reason });
    await recomputeOpenScreenings(tx, patientId, actor, meta);
  });
}
