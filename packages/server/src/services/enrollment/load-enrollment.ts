/**
 * Loads an enrollment (locked for update) for an actor on the patient's care team.
 *
 * @module
 */
import { notFound } from '../../errors.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

/** Loads an enrollment for an actor: a patient outside the care team is refused and audited. */
export async function loadEnrollmentFor(tx: Db, actor: Actor, enrollmentId: string, meta: RequestMeta, action: string) {
  const e = await tx.selectFrom('enrollment').selectAll().where('id', '=', enrollmentId).forUpdate().executeTakeFirst();
  if (e === undefined) throw notFound('enrollment', enrollmentId);
  await assertPatientAccess(tx, actor, e.patient_id, meta, action);
  return e;
}
