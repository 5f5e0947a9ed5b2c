/**
 * Shared by the patient-details use cases of this folder: the audit event of a detail, and the
 * patient's vital-sign history.
 *
 * @module
 */
import type { PatientVitals } from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

export function auditPatientDetail(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  patientId: string,
  recordType: string,
  recordId: string | null,
  details: Record<string, unknown> = {},
) {
  return audit(tx, { ...meta, actor }, { action, recordType, recordId, patientId, outcome: 'allowed', details });
}

export async function vitalsHistory(db: Db, patientId: string): Promise<PatientVitals[]> {
  const rows = await db
    .selectFrom('patient_vitals')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('measured_at', 'desc')
    .execute();
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    id: r.id,
    measuredAt: r.measured_at.toISOString(),
    weightKg: num(r.weight_kg),
    systolic: r.systolic,
    diastolic: r.diastolic,
    heartRate: r.heart_rate,
    spo2: r.spo2,
    respiratoryRate: r.respiratory_rate,
  }));
}
