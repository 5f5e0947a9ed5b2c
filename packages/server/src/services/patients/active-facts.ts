/**
 * A patient's active clinical facts (diagnoses, conditions, allergies, medications): what screening,
 * the dosing session and the messages read. Facts are retired, never deleted.
 *
 * @module
 */
import type { PatientFact, PatientFactKind } from '@kairos/api';
import type { Db } from '../../store/database.js';

/**
 * Active facts of a patient, oldest first (of one kind when given). Each entry's data is what
 * `PatientFactBodySchema` accepted when it was recorded (the demo records some without defaults).
 */
export async function activeFacts<K extends PatientFactKind = PatientFactKind>(
  db: Db,
  patientId: string,
  kind?: K,
): Promise<Extract<PatientFact, { kind: K }>[]> {
  let q = db
    .selectFrom('patient_fact as f')
    .leftJoin('app_user as u', 'u.id', 'f.recorded_by')
    .select(['f.id', 'f.kind', 'f.data', 'f.recorded_at', 'u.display_name'])
    .where('f.patient_id', '=', patientId)
    .where('f.retired_at', 'is', null);
  if (kind !== undefined) q = q.where('f.kind', '=', kind);
  const rows = await q.orderBy('f.recorded_at').orderBy('f.id').execute();
  return rows.map(
    (r) =>
      ({ id: r.id, kind: r.kind, recordedAt: r.recorded_at.toISOString(), recordedBy: r.display_name, data: r.data }) as Extract<
        PatientFact,
        { kind: K }
      >,
  );
}
