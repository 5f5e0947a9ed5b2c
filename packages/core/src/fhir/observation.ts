/**
 * Pure mappers of Kairos's measurements to FHIR R4 Observations:
 * - a vital-sign reading at the chair becomes one Observation per vital sign it holds, each of its
 *   FHIR vital-signs profile (LOINC and UCUM from `VITAL_SIGN_CODES`): blood pressure as the panel
 *   with its two components, heart rate, respiratory rate, SpO2 (both LOINC codes), temperature;
 *   and its MOAA/S level, when taken, an exam Observation (a Kairos-local code: no LOINC found);
 * - a scored questionnaire becomes a survey Observation of its total (PCL-5, PHQ-9, GAD-7 by their
 *   LOINC total codes; the C-SSRS screener by its risk level; CADSS-6 by a Kairos-local code),
 *   derived from its QuestionnaireResponse.
 *
 * Observation ids say where they come from: `vital-<reading>-<sign>` and `score-<response>`.
 *
 * @module
 */
import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import { CSSRS_LOINC } from '../instruments/cssrs-screener.js';
import { GAD7_LOINC } from '../instruments/gad7.js';
import { PCL5_LOINC } from '../instruments/pcl5.js';
import { PHQ9_LOINC } from '../instruments/phq9.js';
import type { QuestionnaireId } from '../instruments/forms.js';
import { metaOf } from './administrative.js';
import {
  FHIR_SYSTEMS,
  OBSERVATION_CATEGORIES,
  VITAL_SIGN_CODES,
  VITAL_SIGNS_PROFILE,
  kairosCoding,
  type VitalSign,
} from './terminology.js';

/** The observations a reading may yield, in the order they are listed. */
export const READING_OBSERVATIONS = ['bp', 'hr', 'rr', 'spo2', 'temp', 'moaas'] as const;
export type ReadingObservation = (typeof READING_OBSERVATIONS)[number];

const SIGN_OF: Readonly<Record<Exclude<ReadingObservation, 'moaas'>, VitalSign>> = Object.freeze({
  bp: 'bloodPressure',
  hr: 'heartRate',
  rr: 'respiratoryRate',
  spo2: 'spo2',
  temp: 'temperature',
});

/** A vital-sign reading of a dosing session, as stored. */
export interface ReadingRecord {
  /** The reading's number (its stored id). */
  id: string;
  patientId: string;
  sessionId: string;
  measuredAt: Date;
  receivedAt: Date;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  /** Degrees Celsius. */
  temperatureC: number | null;
  moaas: number | null;
  /** Who entered it (a device's readings have none). */
  recordedBy: string | null;
  synthetic: boolean;
}

/** The id of one of a reading's Observations. */
export const readingObservationId = (readingId: string, which: ReadingObservation): string => `vital-${readingId}-${which}`;

/** The reading and kind an Observation id names (`vital-12-hr`), or undefined when it names none. */
export function parseReadingObservationId(id: string): { readingId: string; which: ReadingObservation } | undefined {
  const m = /^vital-(\d{1,18})-(bp|hr|rr|spo2|temp|moaas)$/.exec(id);
  return m === null ? undefined : { readingId: m[1] as string, which: m[2] as ReadingObservation };
}

/** Which of its Observations a reading holds. */
export function readingObservationsOf(r: ReadingRecord): ReadingObservation[] {
  const present: Record<ReadingObservation, boolean> = {
    bp: r.systolic !== null || r.diastolic !== null,
    hr: r.heartRate !== null,
    rr: r.respiratoryRate !== null,
    spo2: r.spo2 !== null,
    temp: r.temperatureC !== null,
    moaas: r.moaas !== null,
  };
  return READING_OBSERVATIONS.filter((w) => present[w]);
}

const concept = (codings: readonly { system: string; code: string; display?: string }[], text?: string): CodeableConcept => ({
  coding: codings.map((c) => ({ system: c.system, code: c.code, ...(c.display === undefined ? {} : { display: c.display }) })),
  ...(text === undefined ? {} : { text }),
});

const quantity = (value: number, unit: { code: string; display: string }) => ({
  value,
  unit: unit.display,
  system: FHIR_SYSTEMS.ucum,
  code: unit.code,
});

/** The MOAA/S level's code (Kairos-local: no LOINC was found, clinical-facts.md section 11). */
export const MOAAS_CODE = kairosCoding('instrument', 'moaas', 'Modified Observer’s Assessment of Alertness/Sedation (MOAA/S) level');

/** One of a reading's Observations, or undefined when the reading does not hold it. */
export function toFhirReadingObservation(r: ReadingRecord, which: ReadingObservation): Observation | undefined {
  if (!readingObservationsOf(r).includes(which)) return undefined;
  const common = {
    resourceType: 'Observation' as const,
    id: readingObservationId(r.id, which),
    status: 'final' as const,
    subject: { reference: `Patient/${r.patientId}` },
    effectiveDateTime: r.measuredAt.toISOString(),
    issued: r.receivedAt.toISOString(),
    ...(r.recordedBy === null ? {} : { performer: [{ reference: `Practitioner/${r.recordedBy}` }] }),
  };
  if (which === 'moaas')
    return {
      ...common,
      meta: metaOf(r.receivedAt, r.synthetic),
      category: [concept([OBSERVATION_CATEGORIES.exam])],
      code: concept([MOAAS_CODE], 'MOAA/S'),
      valueInteger: r.moaas as number,
    };
  const sign = VITAL_SIGN_CODES[SIGN_OF[which]];
  const base = {
    ...common,
    meta: { ...metaOf(r.receivedAt, r.synthetic), profile: [VITAL_SIGNS_PROFILE, sign.profile] },
    category: [concept([OBSERVATION_CATEGORIES.vitalSigns])],
    code: concept(sign.codes),
  };
  switch (which) {
    case 'bp': {
      const [systolic, diastolic] = sign.components ?? [];
      const component = [
        { part: systolic, value: r.systolic },
        { part: diastolic, value: r.diastolic },
      ].flatMap(({ part, value }) =>
        part === undefined || value === null ? [] : [{ code: concept([part.coding]), valueQuantity: quantity(value, part.unit) }],
      );
      return { ...base, component };
    }
    case 'hr':
      return { ...base, valueQuantity: quantity(r.heartRate as number, sign.unit as { code: string; display: string }) };
    case 'rr':
      return { ...base, valueQuantity: quantity(r.respiratoryRate as number, sign.unit as { code: string; display: string }) };
    case 'spo2':
      return { ...base, valueQuantity: quantity(r.spo2 as number, sign.unit as { code: string; display: string }) };
    case 'temp':
      return { ...base, valueQuantity: quantity(r.temperatureC as number, sign.unit as { code: string; display: string }) };
  }
}

/** A scored questionnaire response, as stored. */
export interface ScoredResponseRecord {
  id: string;
  patientId: string;
  instrument: QuestionnaireId;
  completedAt: Date;
  createdAt: Date;
  total: number | null;
  /** The C-SSRS screener's risk level (its "total"). */
  risk: 'none' | 'low' | 'moderate' | 'high' | null;
  enteredBy: string | null;
  synthetic: boolean;
}

/** The id of a response's score Observation. */
export const scoreObservationId = (responseId: string): string => `score-${responseId}`;

/** The response a score Observation id names (`score-<uuid>`), or undefined. */
export function parseScoreObservationId(id: string): string | undefined {
  const m = /^score-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(id);
  return m === null ? undefined : m[1];
}

/**
 * The code of each instrument's score Observation: the LOINC total where one exists (with the
 * source's display where it gives one), else Kairos-local; and the words of `code.text`.
 */
export const SCORE_CODES: Readonly<Record<QuestionnaireId, { coding: { system: string; code: string; display?: string }; text: string }>> =
  Object.freeze({
    'pcl5-month': { coding: { system: FHIR_SYSTEMS.loinc, ...PCL5_LOINC.total }, text: 'PCL-5 total score' },
    // The past-week form has no LOINC of its own (clinical-facts.md section 11): its total is Kairos-local.
    'pcl5-week': {
      coding: kairosCoding('instrument', 'pcl5-week-total', 'PCL-5, past week form, total score'),
      text: 'PCL-5 (past week) total score',
    },
    phq9: { coding: { system: FHIR_SYSTEMS.loinc, ...PHQ9_LOINC.total }, text: 'PHQ-9 total score' },
    gad7: { coding: { system: FHIR_SYSTEMS.loinc, ...GAD7_LOINC.total }, text: 'GAD-7 total score' },
    cssrs: { coding: kairosCoding('instrument', 'cssrs-screener-risk', 'C-SSRS screener risk level'), text: 'C-SSRS screener risk level' },
    cadss6: { coding: kairosCoding('instrument', 'cadss6-total', 'CADSS-6 total score'), text: 'CADSS-6 total score' },
  });

/** The LOINC code of the C-SSRS risk level (93374-7, US Behavioral Health Profiles), given beside Kairos's own. */
const CSSRS_RISK_LOINC = CSSRS_LOINC.riskLevel;

/** A scored response's total as a survey Observation derived from its QuestionnaireResponse (undefined without a score). */
export function toFhirScoreObservation(r: ScoredResponseRecord): Observation | undefined {
  const code = SCORE_CODES[r.instrument];
  const common = {
    resourceType: 'Observation' as const,
    id: scoreObservationId(r.id),
    meta: metaOf(r.createdAt, r.synthetic),
    status: 'final' as const,
    category: [concept([OBSERVATION_CATEGORIES.survey])],
    subject: { reference: `Patient/${r.patientId}` },
    effectiveDateTime: r.completedAt.toISOString(),
    issued: r.createdAt.toISOString(),
    derivedFrom: [{ reference: `QuestionnaireResponse/${r.id}` }],
    ...(r.enteredBy === null ? {} : { performer: [{ reference: `Practitioner/${r.enteredBy}` }] }),
  };
  if (r.instrument === 'cssrs') {
    if (r.risk === null) return undefined;
    return {
      ...common,
      code: concept([code.coding, { system: FHIR_SYSTEMS.loinc, code: CSSRS_RISK_LOINC.code }], code.text),
      valueCodeableConcept: concept([kairosCoding('cssrs-risk', r.risk, `${r.risk} risk`)]),
    };
  }
  if (r.total === null) return undefined;
  return {
    ...common,
    code: concept([code.coding], code.text),
    valueQuantity: { value: r.total, unit: 'score', system: FHIR_SYSTEMS.ucum, code: '{score}' },
  };
}
