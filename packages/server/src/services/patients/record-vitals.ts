/**
 * Records a patient's vital signs and weight outside a session (implausible values refused, field
 * named); the reading re-runs any open screening of the patient.
 *
 * @module
 */
import type { PatientVitals, PatientVitalsBody } from '@kairos/api';
import { checkReadingPlausibility } from '@kairos/core';
import { AppError } from '../../errors.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import { recomputeOpenScreenings } from '../screening/recompute-open-screenings.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatientDetail, vitalsHistory } from './patient-details-internal.js';

export async function addVitals(db: Db, actor: Actor, patientId: string, v: PatientVitalsBody, meta: RequestMeta): Promise<PatientVitals> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.vitals.add');
    if (new Date(v.measuredAt) > meta.now)
      throw new AppError('VALIDATION_FAILED', 'body.measuredAt: is in the future', {
        issues: [{ field: 'body.measuredAt', message: 'is in the future' }],
      });
    // Implausible values are refused here, field named, whatever the enrollment (screening refuses them too).
    const { site_id: siteId } = await tx.selectFrom('patient').select('site_id').where('id', '=', patientId).executeTakeFirstOrThrow();
    const { config } = await protocolInForce(tx, siteId, meta.now);
    const reading = Object.fromEntries(
      Object.entries({
        systolic: v.systolic,
        diastolic: v.diastolic,
        heartRate: v.heartRate,
        spo2: v.spo2,
        respiratoryRate: v.respiratoryRate,
      }).filter(([, x]) => x !== undefined),
    );
    const issues =
      Object.keys(reading).length === 0
        ? []
        : checkReadingPlausibility(reading, config.vitals).map((i) => ({
            field: `body.${i.field === 'reading' ? 'measuredAt' : i.field}`,
            message: i.message,
          }));
    const w = config.dosing.plausibleWeightKg;
    if (v.weightKg !== undefined && (v.weightKg < w.min.value || v.weightKg > w.max.value))
      issues.push({ field: 'body.weightKg', message: `${v.weightKg} kg is outside the plausible ${w.min.value} to ${w.max.value} kg` });
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
    const row = await tx
      .insertInto('patient_vitals')
      .values({
        patient_id: patientId,
        measured_at: v.measuredAt,
        weight_kg: v.weightKg ?? null,
        systolic: v.systolic ?? null,
        diastolic: v.diastolic ?? null,
        heart_rate: v.heartRate ?? null,
        spo2: v.spo2 ?? null,
        respiratory_rate: v.respiratoryRate ?? null,
        recorded_at: meta.now,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditPatientDetail(tx, actor, meta, 'patient.vitals.add', patientId, 'patient_vitals', row.id);
    await recomputeOpenScreenings(tx, patientId, actor, meta);
    const stored = (await vitalsHistory(tx, patientId)).find((x) => x.id === row.id);
    if (stored === undefined) throw new Error('the reading just recorded is missing');
    return stored;
  });
}
