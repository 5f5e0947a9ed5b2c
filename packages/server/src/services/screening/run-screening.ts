/**
 * Runs the screening of an enrollment: gathers the facts core needs (the patient's details, the
 * screening form, the consent signature date), assesses them under the site's protocol in force, and
 * stores the assessment with its rule ids (earlier assessments are kept).
 *
 * @module
 */
import type { PatientFact, PatientFactKind, ScreeningInput } from '@kairos/api';
import { assessEligibility, CONDITION_CODES, ruleRef, SCREENING_RULES, localDateOf, type ScreeningFacts } from '@kairos/core';
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { consentStatus } from '../consent/consent-status.js';
import { activeFacts } from '../patients/active-facts.js';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import type { RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { inputOf, type Causer } from './screening-internal.js';
import type { AssessmentItems } from './unresolved-items.js';

/** Gathers the facts core needs: patient details, the form, and the consent signature date. */
async function assembleFacts(
  db: Db,
  enrollment: { id: string; patient_id: string },
  input: ScreeningInput,
  timeZone: string,
): Promise<ScreeningFacts> {
  const patient = await db.selectFrom('patient').select('birth_date').where('id', '=', enrollment.patient_id).executeTakeFirstOrThrow();
  const facts = await activeFacts(db, enrollment.patient_id);
  const of = <K extends PatientFactKind>(kind: K) => facts.filter((f): f is Extract<PatientFact, { kind: K }> => f.kind === kind);
  // Contraindications only: a condition recorded for monitoring (controlled hypertension) is no screening fact.
  const conditions = of('condition')
    .filter((f) => (CONDITION_CODES as readonly string[]).includes(f.data.code))
    .map((f) => ({ code: f.data.code, severe: f.data.severe === true }));
  const medications = of('medication').map((f) => ({
    name: f.data.name,
    dailyDoseMg: f.data.dailyDoseMg ?? null,
    rxcui: f.data.rxcui ?? null,
  }));
  const vitals = await db
    .selectFrom('patient_vitals')
    .selectAll()
    .where('patient_id', '=', enrollment.patient_id)
    .where('systolic', 'is not', null)
    .where('diastolic', 'is not', null)
    .orderBy('measured_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const weight = await db
    .selectFrom('patient_vitals')
    .select(['weight_kg', 'measured_at'])
    .where('patient_id', '=', enrollment.patient_id)
    .where('weight_kg', 'is not', null)
    .orderBy('measured_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const consent = await consentStatus(db, enrollment.id);
  const diagnoses = of('diagnosis').map((f) => f.data.code);
  const allergies = of('allergy').map((f) => ({
    substance: f.data.substance,
    reaction: f.data.reaction ?? null,
    type: f.data.type ?? null,
  }));
  return {
    patient: { birthDate: patient.birth_date, pregnancyPossible: input.pregnancyPossible },
    ...(diagnoses.length > 0 ? { diagnoses } : {}),
    allergies,
    priorTreatments: input.priorTreatments,
    ...(conditions.length > 0 || input.conditionsReviewed ? { conditions } : {}),
    cardiovascularRiskFactors: input.cardiovascularRiskFactors,
    ...(vitals === undefined
      ? {}
      : {
          vitals: {
            systolic: vitals.systolic,
            diastolic: vitals.diastolic,
            heartRate: vitals.heart_rate,
            spo2: vitals.spo2,
            weightKg: weight === undefined ? null : Number(weight.weight_kg),
            measuredOn: localDateOf(vitals.measured_at, timeZone),
          },
        }),
    ...(medications.length > 0 || input.medicationsReviewed ? { medications } : {}),
    completed: {
      ...input.completed,
      informedConsent: consent.signed && consent.signedAt !== undefined ? localDateOf(new Date(consent.signedAt), timeZone) : null,
    },
  };
}

/** Computes and stores a new assessment for an enrollment: core assesses the facts under the site's protocol in force. */
export async function recomputeScreening(
  tx: Db,
  enrollment: { id: string; patient_id: string; site_id: string },
  actor: Causer,
  meta: RequestMeta,
): Promise<{ id: string; result: AssessmentItems }> {
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', enrollment.site_id).executeTakeFirstOrThrow();
  const asOf = localDateOf(meta.now, site.time_zone);
  const facts = await assembleFacts(tx, enrollment, await inputOf(tx, enrollment.id), site.time_zone);
  const protocol = await protocolInForce(tx, enrollment.site_id, meta.now);
  let result;
  try {
    result = assessEligibility(facts, protocol.config, asOf);
  } catch (err) {
    if (err instanceof Error && 'field' in err) {
      const field = String((err as { field: unknown }).field);
      throw new AppError('VALIDATION_FAILED', `${field}: ${err.message}`, { issues: [{ field, message: err.message }] });
    }
    throw err;
  }
  const ruleIds = SCREENING_RULES.map(ruleRef);
  const row = await tx
    .insertInto('screening_assessment')
    .values({
      enrollment_id: enrollment.id,
      computed_at: meta.now,
      as_of: asOf,
      facts: JSON.stringify(facts),
      result: JSON.stringify({ ...result, ruleIds }),
      decision: result.decision,
      protocol_version: protocol.version,
      computed_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(
    tx,
    { ...meta, actor },
    {
      action: 'screening.assess',
      recordType: 'enrollment',
      recordId: enrollment.id,
      patientId: enrollment.patient_id,
      outcome: 'allowed',
      details: { decision: result.decision, protocolVersion: protocol.version },
    },
  );
  return { id: row.id, result };
}
