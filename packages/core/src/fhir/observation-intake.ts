/**
 * A monitor's FHIR Observation as a reading at the chair (issue 25, Must 2): the inverse of
 * `toFhirReadingObservation`. The vital sign is found by its LOINC code (`VITAL_SIGN_CODES`; the
 * blood-pressure panel by its components, or a systolic or diastolic alone), its value must be in
 * the sign's UCUM unit (never converted: a temperature in [degF] is refused, not guessed), its time
 * is `effectiveDateTime` (or `effectiveInstant`) with a zone, and its `identifier` makes the post
 * idempotent (the reading's client id). Plausibility and classification are the JSON route's:
 * the reading goes through the same intake. Every problem names its FHIR path.
 *
 * @module
 */
import type { Observation, Quantity } from '@medplum/fhirtypes';
import { MOAAS_CODE } from './observation.js';
import { FHIR_SYSTEMS, VITAL_SIGN_CODES } from './terminology.js';

/** A reading as the device route takes it (`SessionReadingBody` of the API). */
export interface IntakeReading {
  clientId: string;
  measuredAt: string;
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  spo2?: number;
  respiratoryRate?: number;
  temperature?: number;
  moaas?: number;
}

/** Whose reading it is: the patient (by id, or by the site's MRN) and, when given, the program event (Encounter). */
export interface IntakeTarget {
  patientId?: string;
  mrn?: { system: string | undefined; value: string };
  encounterId?: string;
}

export interface IntakeIssue {
  field: string;
  message: string;
}

export type ObservationIntake = { ok: true; reading: IntakeReading; target: IntakeTarget } | { ok: false; issues: IntakeIssue[] };

/** The reading's field each FHIR path of an accepted Observation fills (to name a refused value by its path). */
export const INTAKE_PATHS: Readonly<Record<keyof IntakeReading, string>> = Object.freeze({
  clientId: 'Observation.identifier',
  measuredAt: 'Observation.effectiveDateTime',
  systolic: 'Observation.component.valueQuantity.value',
  diastolic: 'Observation.component.valueQuantity.value',
  heartRate: 'Observation.valueQuantity.value',
  spo2: 'Observation.valueQuantity.value',
  respiratoryRate: 'Observation.valueQuantity.value',
  temperature: 'Observation.valueQuantity.value',
  moaas: 'Observation.valueInteger',
});

type Field = Exclude<keyof IntakeReading, 'clientId' | 'measuredAt'>;

const LOINC_FIELD: Readonly<Record<string, Field>> = Object.freeze({
  '8480-6': 'systolic',
  '8462-4': 'diastolic',
  '8867-4': 'heartRate',
  '9279-1': 'respiratoryRate',
  '2708-6': 'spo2',
  '59408-5': 'spo2',
  '8310-5': 'temperature',
});

const UNIT_OF: Readonly<Record<Field, string>> = Object.freeze({
  systolic: 'mm[Hg]',
  diastolic: 'mm[Hg]',
  heartRate: VITAL_SIGN_CODES.heartRate.unit?.code ?? '/min',
  respiratoryRate: VITAL_SIGN_CODES.respiratoryRate.unit?.code ?? '/min',
  spo2: VITAL_SIGN_CODES.spo2.unit?.code ?? '%',
  temperature: VITAL_SIGN_CODES.temperature.unit?.code ?? 'Cel',
  moaas: '',
});

const BP_PANEL = VITAL_SIGN_CODES.bloodPressure.codes[0]?.code ?? '85354-9';
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const codesOf = (o: { coding?: { system?: string; code?: string }[] } | undefined): { system: string | undefined; code: string }[] =>
  (o?.coding ?? []).flatMap((c) => (c.code === undefined ? [] : [{ system: c.system, code: c.code }]));

/** The value of a quantity in `unit`, or the problem with it at `path`. */
function valueIn(q: Quantity | undefined, unit: string, path: string): number | IntakeIssue {
  if (q === undefined || typeof q.value !== 'number') return { field: `${path}.value`, message: 'a number is needed' };
  if (q.system !== undefined && q.system !== FHIR_SYSTEMS.ucum)
    return { field: `${path}.system`, message: `UCUM (${FHIR_SYSTEMS.ucum}) is needed` };
  if (q.code !== unit) return { field: `${path}.code`, message: `the unit must be ${unit} (UCUM); ${q.code ?? 'none'} is not converted` };
  return q.value;
}

/** The reading a monitor's Observation carries, or the problems naming their FHIR paths. */
export function readingOfFhirObservation(o: Observation): ObservationIntake {
  const issues: IntakeIssue[] = [];
  const reading: Partial<IntakeReading> = {};
  if (o.status !== 'final' && o.status !== 'amended' && o.status !== 'corrected')
    issues.push({ field: 'Observation.status', message: 'final, amended or corrected (a reading as measured)' });
  const id = o.identifier?.find((i) => typeof i.value === 'string' && i.value.trim() !== '');
  if (id === undefined) issues.push({ field: 'Observation.identifier', message: 'an identifier makes the post idempotent: one is needed' });
  else if ((id.value as string).length > 100) issues.push({ field: 'Observation.identifier.value', message: 'at most 100 characters' });
  else reading.clientId = (id.value as string).trim();
  const at = o.effectiveDateTime ?? o.effectiveInstant;
  if (at === undefined || !ISO_WITH_ZONE.test(at) || Number.isNaN(Date.parse(at)))
    issues.push({ field: 'Observation.effectiveDateTime', message: 'the time measured, with its zone (2026-12-07T10:15:00Z)' });
  else reading.measuredAt = new Date(at).toISOString();

  const codes = codesOf(o.code);
  const loinc = codes.filter((c) => c.system === FHIR_SYSTEMS.loinc).map((c) => c.code);
  const isMoaas = codes.some((c) => c.system === MOAAS_CODE.system && c.code === MOAAS_CODE.code);
  if (loinc.includes(BP_PANEL)) {
    const seen = new Set<Field>();
    for (const [i, comp] of (o.component ?? []).entries()) {
      const field = codesOf(comp.code).find((c) => c.system === FHIR_SYSTEMS.loinc && (c.code === '8480-6' || c.code === '8462-4'));
      if (field === undefined) continue;
      const name = LOINC_FIELD[field.code] as Field;
      const v = valueIn(comp.valueQuantity, UNIT_OF[name], `Observation.component[${i}].valueQuantity`);
      if (typeof v === 'number') {
        reading[name] = v;
        seen.add(name);
      } else issues.push(v);
    }
    if (seen.size === 0 && !issues.some((i) => i.field.startsWith('Observation.component')))
      issues.push({
        field: 'Observation.component',
        message: 'a blood pressure needs its systolic (8480-6) and diastolic (8462-4) components',
      });
  } else if (isMoaas) {
    if (typeof o.valueInteger !== 'number') issues.push({ field: 'Observation.valueInteger', message: 'the MOAA/S level, a whole number' });
    else reading.moaas = o.valueInteger;
  } else {
    const field = loinc.map((c) => LOINC_FIELD[c]).find((f) => f !== undefined);
    if (field === undefined)
      issues.push({
        field: 'Observation.code',
        message: `not a vital sign Kairos takes (LOINC ${[BP_PANEL, ...Object.keys(LOINC_FIELD)].join(', ')}, or the MOAA/S level)`,
      });
    else {
      const v = valueIn(o.valueQuantity, UNIT_OF[field], 'Observation.valueQuantity');
      if (typeof v === 'number') reading[field] = v;
      else issues.push(v);
    }
  }

  const target: IntakeTarget = {};
  const subject = o.subject;
  if (subject?.reference !== undefined) {
    const m = /^Patient\/(.+)$/.exec(subject.reference);
    if (m === null || !UUID.test(m[1] as string)) issues.push({ field: 'Observation.subject.reference', message: 'Patient/<id>' });
    else target.patientId = m[1];
  } else if (subject?.identifier?.value !== undefined) target.mrn = { system: subject.identifier.system, value: subject.identifier.value };
  if (o.encounter?.reference !== undefined) {
    const m = /^Encounter\/(.+)$/.exec(o.encounter.reference);
    if (m === null || !UUID.test(m[1] as string))
      issues.push({ field: 'Observation.encounter.reference', message: 'Encounter/<id> (the dosing event)' });
    else target.encounterId = m[1];
  }
  if (target.patientId === undefined && target.mrn === undefined && target.encounterId === undefined)
    issues.push({ field: 'Observation.subject', message: 'the patient (Patient/<id>, or the identifier with the MRN), or the encounter' });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, reading: reading as IntakeReading, target };
}
