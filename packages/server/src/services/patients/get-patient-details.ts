/**
 * Reads a patient's details beyond demographics: escort, diagnoses, conditions, allergies,
 * medications (each with its interaction flags from core, by the site's protocol in force) and vitals.
 *
 * @module
 */
import type { PatientDetails } from '@kairos/api';
import { findMedicationInteractions } from '@kairos/core';
import { protocolInForce } from '../protocol/protocol-in-force.js';
import { transact } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';
import { activeFacts } from './active-facts.js';
import { assertPatientAccess } from './assert-patient-access.js';
import { auditPatientDetail, vitalsHistory } from './patient-details-internal.js';

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
