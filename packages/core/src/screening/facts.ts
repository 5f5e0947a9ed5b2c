/**
 * The facts a screening decision is computed from, and their validation. Every field may be
 * absent; absent (or `null`) is never read as normal.
 *
 * @module
 */
import type { Param } from '../protocol-config/param.js';
import type { DosingSection } from '../protocol-config/sections/dosing.js';
import { CONDITION_CODES, REQUIRED_ITEM_IDS, type RequiredItemId } from '../protocol-config/sections/screening.js';
import type { PlausibleRanges, VitalsSection } from '../protocol-config/sections/vitals.js';
import { isoDateToDayNumber } from '../calendar/iso-date.js';

/** A recorded condition. `code` must be one of {@link CONDITION_CODES}. */
export interface ScreeningCondition {
  /** Contraindication condition code, e.g. `respiratory-condition`. */
  readonly code: string;
  /** Marked severe (matters for `respiratory-condition`). */
  readonly severe?: boolean | null;
}

/** Vital signs recorded at screening. */
export interface ScreeningVitals {
  /** Systolic blood pressure, mmHg. */
  readonly systolic?: number | null;
  /** Diastolic blood pressure, mmHg. */
  readonly diastolic?: number | null;
  /** Heart rate, /min. */
  readonly heartRate?: number | null;
  /** Oxygen saturation, %. */
  readonly spo2?: number | null;
  /** Body weight, kg. */
  readonly weightKg?: number | null;
  /** Date of the reading, `YYYY-MM-DD`. */
  readonly measuredOn?: string | null;
}

/** A medication the patient takes. */
export interface MedicationRecord {
  /** Name as recorded (generic or brand, any case, may include strength and form). */
  readonly name: string;
  /** Total daily dose, mg/day (needed for the benzodiazepine load). */
  readonly dailyDoseMg?: number | null;
  /** RxNorm ingredient RxCUI, when known. */
  readonly rxcui?: string | null;
}

/** A recorded allergy or intolerance. */
export interface AllergyRecord {
  /** The substance as recorded (e.g. `ketamine`, `Spravato`, `penicillin`). */
  readonly substance: string;
  /** The reaction, when recorded (e.g. `anaphylaxis`). */
  readonly reaction?: string | null;
  /** `allergy` or `intolerance`; absent or `null` counts as an allergy (the cautious reading). */
  readonly type?: 'allergy' | 'intolerance' | null;
}

/** Everything gathered at screening. Absent or `null` means not recorded. */
export interface ScreeningFacts {
  /** The patient. */
  readonly patient?: {
    /** Birth date, `YYYY-MM-DD`. */
    readonly birthDate?: string | null;
    /** Whether pregnancy is possible; not recorded counts as possible. */
    readonly pregnancyPossible?: boolean | null;
  } | null;
  /** Diagnosis codes (ICD-10-CM). */
  readonly diagnoses?: readonly string[] | null;
  /** Prior treatments tried: `ssri`, `snri`, `trauma-focused-psychotherapy` count; others are ignored. */
  readonly priorTreatments?: readonly string[] | null;
  /** Conditions present (an empty list means none). */
  readonly conditions?: readonly ScreeningCondition[] | null;
  /** The clinician's judgement of cardiovascular risk factors; not recorded counts as present. */
  readonly cardiovascularRiskFactors?: boolean | null;
  /** Vital signs at screening. */
  readonly vitals?: ScreeningVitals | null;
  /** Medications (an empty list means none). */
  readonly medications?: readonly MedicationRecord[] | null;
  /**
   * Allergies and intolerances (an empty list means none). An allergy to ketamine or esketamine
   * fails `contraindication:ketamine-hypersensitivity`; an intolerance makes it warn.
   */
  readonly allergies?: readonly AllergyRecord[] | null;
  /** Date each required item was completed, `YYYY-MM-DD`. */
  readonly completed?: { readonly [K in RequiredItemId]?: string | null } | null;
}

/** Invalid screening input: the field (a dotted path) and what is wrong. Code `INVALID_INPUT`. */
export class ScreeningInputError extends Error {
  /** Always `INVALID_INPUT`. */
  readonly code = 'INVALID_INPUT' as const;
  constructor(
    /** The field, e.g. `completed.labs` or `conditions[0].code`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ScreeningInputError';
  }
}

/** True when a value was not recorded (`undefined` or `null`). */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/**
 * Parses a recorded date and checks it is not after `asOf`.
 * @returns the date's day number.
 * @throws ScreeningInputError when malformed or after `asOf`.
 */
export function readRecordedDate(field: string, text: string, asOf: string): number {
  const day = isoDateToDayNumber(text);
  if (day === undefined) throw new ScreeningInputError(field, `"${text}" is not a YYYY-MM-DD date`);
  const asOfDay = isoDateToDayNumber(asOf);
  if (asOfDay === undefined) throw new ScreeningInputError('asOf', `"${asOf}" is not a YYYY-MM-DD date`);
  if (day > asOfDay) throw new ScreeningInputError(field, `${text} is after asOf ${asOf}`);
  return day;
}

const CONDITION_SET: ReadonlySet<string> = new Set(CONDITION_CODES);

/** The configuration the plausibility checks read: `vitals.plausible` and `dosing.plausibleWeightKg`. */
export interface ScreeningPlausibilityConfig {
  readonly vitals: Pick<VitalsSection, 'plausible'>;
  readonly dosing: Pick<DosingSection, 'plausibleWeightKg'>;
}

/** Refuses a value outside `min`..`max` (both accepted), naming the field and the Params. */
function checkPlausible(
  field: string,
  value: number | null | undefined,
  unit: string,
  min: Param<number>,
  max: Param<number>,
  paths: readonly [string, string],
): void {
  if (isAbsent(value)) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ScreeningInputError(field, `${String(value)} is not a number`);
  if (value < min.value) {
    throw new ScreeningInputError(field, `${value} ${unit} is below the plausible minimum ${min.value} ${unit} (${paths[0]})`);
  }
  if (value > max.value) {
    throw new ScreeningInputError(field, `${value} ${unit} is above the plausible maximum ${max.value} ${unit} (${paths[1]})`);
  }
}

const PLAUSIBLE_VITALS: readonly {
  readonly key: 'systolic' | 'diastolic' | 'heartRate' | 'spo2';
  readonly unit: string;
  readonly min: keyof PlausibleRanges;
  readonly max: keyof PlausibleRanges;
}[] = [
  { key: 'systolic', unit: 'mmHg', min: 'systolicMin', max: 'systolicMax' },
  { key: 'diastolic', unit: 'mmHg', min: 'diastolicMin', max: 'diastolicMax' },
  { key: 'heartRate', unit: '/min', min: 'heartRateMin', max: 'heartRateMax' },
  { key: 'spo2', unit: '%', min: 'spo2Min', max: 'spo2Max' },
];

/**
 * Checks what screening rules cannot decide on: `asOf` and every date well-formed and not after
 * `asOf`, known condition codes, plausible vital signs (`vitals.plausible.*`, bounds accepted;
 * the diastolic below the systolic) and weight (`dosing.plausibleWeightKg`), daily doses of 0 or
 * more, medication names and allergy substances not empty.
 * @throws ScreeningInputError naming the first invalid field.
 */
export function validateScreeningFacts(facts: ScreeningFacts, asOf: string, config: ScreeningPlausibilityConfig): void {
  if (isoDateToDayNumber(asOf) === undefined) throw new ScreeningInputError('asOf', `"${asOf}" is not a YYYY-MM-DD date`);
  const birthDate = facts.patient?.birthDate;
  if (!isAbsent(birthDate)) readRecordedDate('patient.birthDate', birthDate, asOf);
  facts.conditions?.forEach((c, i) => {
    if (!CONDITION_SET.has(c.code)) {
      throw new ScreeningInputError(`conditions[${i}].code`, `unknown condition code "${c.code}" (known: ${CONDITION_CODES.join(', ')})`);
    }
  });
  const v = facts.vitals;
  if (!isAbsent(v)) {
    const plausible = config.vitals.plausible;
    for (const { key, unit, min, max } of PLAUSIBLE_VITALS) {
      checkPlausible(`vitals.${key}`, v[key], unit, plausible[min], plausible[max], [`vitals.plausible.${min}`, `vitals.plausible.${max}`]);
    }
    if (!isAbsent(v.systolic) && !isAbsent(v.diastolic) && !(v.diastolic < v.systolic)) {
      throw new ScreeningInputError('vitals.diastolic', `${v.diastolic} mmHg is not below the systolic ${v.systolic} mmHg`);
    }
    const weight = config.dosing.plausibleWeightKg;
    checkPlausible('vitals.weightKg', v.weightKg, 'kg', weight.min, weight.max, [
      'dosing.plausibleWeightKg.min',
      'dosing.plausibleWeightKg.max',
    ]);
    if (!isAbsent(v.measuredOn)) readRecordedDate('vitals.measuredOn', v.measuredOn, asOf);
  }
  facts.medications?.forEach((m, i) => {
    if (typeof m.name !== 'string' || m.name.trim() === '') throw new ScreeningInputError(`medications[${i}].name`, 'a name is required');
    if (!isAbsent(m.dailyDoseMg) && !(Number.isFinite(m.dailyDoseMg) && m.dailyDoseMg >= 0)) {
      throw new ScreeningInputError(`medications[${i}].dailyDoseMg`, `${m.dailyDoseMg} must be a number of mg, 0 or more`);
    }
  });
  facts.allergies?.forEach((a, i) => {
    if (typeof a.substance !== 'string' || a.substance.trim() === '')
      throw new ScreeningInputError(`allergies[${i}].substance`, 'a substance is required');
    if (!isAbsent(a.type) && a.type !== 'allergy' && a.type !== 'intolerance') {
      throw new ScreeningInputError(`allergies[${i}].type`, `"${String(a.type)}" is not allergy or intolerance`);
    }
  });
  const completed = facts.completed;
  if (!isAbsent(completed)) {
    for (const item of REQUIRED_ITEM_IDS) {
      const date = completed[item];
      if (!isAbsent(date)) readRecordedDate(`completed.${item}`, date, asOf);
    }
  }
}
