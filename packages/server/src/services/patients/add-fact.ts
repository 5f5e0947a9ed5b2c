/**
 * Use case: a clinician records a diagnosis, condition, allergy or medication (the patient's active enrollments are rescreened).
 *
 * @module
 */
import type { PatientFact, PatientFactKind } from '@kairos/api';
import { recomputeOpenScreenings } from '../screening/recompute-open-screenings.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { activeFacts } from './active-facts.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatientDetail } from './patient-details-internal.js';

/** Records an entry: `data` as `PatientFactBodySchema` parses it for the kind (the demo loader writes its own, without the defaults). */
export async function addFact<K extends PatientFactKind>(
  db: Db,
  actor: Actor,
  patientId: string,
  kind: K,
  data: Record<string, unknown>,
  meta: RequestMeta,
): Promise<Extract<PatientFact, { kind: K }>> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.details.write');
    const row = await tx
      .insertInto('patient_fact')
      .values({ patient_id: patientId, kind, data: JSON.stringify(data), recorded_at: meta.now, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditPatientDetail(tx, actor, meta, `patient.${kind}.add`, patientId, 'patient_fact', row.id);
    await recomputeOpenScreenings(tx, patientId, actor, meta);
    const view = (await activeFacts(tx, patientId, kind)).find((f) => f.id === row.id);
    if (view === undefined) throw new Error('the entry just recorded is missing');
    return view;
  });
}
