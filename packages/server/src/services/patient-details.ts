/**
 * Patient details beyond demographics: escort, diagnoses, conditions, allergies, medications
 * (each with its interaction flags from core) and vitals. Facts are retired, never deleted.
 * A change re-runs any open screening of the patient, keeping the earlier assessments.
 *
 * @module
 */
import type { EscortBody, Escort, PatientDetails, PatientFact, PatientFactKind, PatientVitals, PatientVitalsBody } from '@kairos/api';
import { checkReadingPlausibility, findMedicationInteractions } from '@kairos/core';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { protocolInForce } from './protocol.js';
import { assertPatientAccess } from './patients.js';
import { recomputeOpenScreenings } from './screening.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

function auditPatientDetail(
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

export async function getPatientDetails(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<PatientDetails> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.details.read');
    const patient = await tx.selectFrom('patient').select(['escort', 'site_id']).where('id', '=', patientId).executeTakeFirstOrThrow();
    // The site's protocol in force decides the flags (its medication classes and severities).
    const protocol = await protocolInForce(tx, patient.site_id, meta.now);
    const facts = await activeFacts(tx, patientId);
    const medications = facts.filter((f) => f.kind === 'medication');
    const found = findMedicationInteractions(
      medications.map((m) => ({ name: m.data.name, dailyDoseMg: m.data.dailyDoseMg ?? null, rxcui: m.data.rxcui ?? null })),
      protocol.config,
    );
    const unrecognised = new Set(found.unrecognisedMedications);
    await auditPatientDetail(tx, actor, meta, 'patient.details.read', patientId, 'patient', patientId);
    return {
      escort: patient.escort,
      diagnoses: facts.filter((f) => f.kind === 'diagnosis'),
      conditions: facts.filter((f) => f.kind === 'condition'),
      allergies: facts.filter((f) => f.kind === 'allergy'),
      medications: medications.map((m) => ({
        ...m,
        recognised: !unrecognised.has(m.data.name),
        interactions: found.interactions
          .filter((i) => i.medication.split(', ').includes(m.data.name))
          .map((i) => ({ class: i.class, severity: i.severity, message: i.message, sources: [...i.sources] })),
      })),
      vitals: await vitalsHistory(tx, patientId),
    };
  });
}

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

export async function setEscort(db: Db, actor: Actor, patientId: string, escort: EscortBody, meta: RequestMeta): Promise<Escort> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.escort.update');
    await tx
      .updateTable('patient')
      .set({ escort: JSON.stringify(escort), updated_at: meta.now })
      .where('id', '=', patientId)
      .execute();
    await auditPatientDetail(tx, actor, meta, 'patient.escort.update', patientId, 'patient', patientId);
    return escort;
  });
}
