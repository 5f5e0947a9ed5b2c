/**
 * Classification of a vital-sign reading by session phase (protocol-defaults.md "Before dosing"
 * and "During and after the infusion").
 *
 * Missing is not normal: an absent value is reported as `missing`, never read as 0, and a present
 * 0 is a real value that classifies (SpO2 0 is below 92). Every threshold that fired is listed.
 *
 * @module monitoring/vital-signs
 */
import type { PlausibleRanges, VitalStopThresholdSet, VitalThresholdSet, VitalsSection } from '../protocol-config/sections/vitals.js';
import { fromSource } from '../protocol-config/provenance.js';
import { defineRule } from '../rules/rule.js';

/** A measured value of a reading. */
export type VitalName = 'systolic' | 'diastolic' | 'heartRate' | 'spo2' | 'respiratoryRate' | 'moaas' | 'temperature';

/** Every vital name, in display order. */
export const VITAL_NAMES: readonly VitalName[] = Object.freeze([
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'respiratoryRate',
  'moaas',
  'temperature',
]);

/**
 * The vital signs that make a full set: systolic, diastolic, heart rate and SpO2 together
 * (protocol-defaults.md "a full set", from the Spravato REMS blood pressure points; respiratory
 * rate counts when the monitor gives it, so a reading without it is not incomplete). MOAA/S is
 * scored on its own schedule.
 */
export const FULL_SET_VITALS: readonly VitalName[] = Object.freeze(['systolic', 'diastolic', 'heartRate', 'spo2']);

/** True when the reading holds every value of a full set ({@link FULL_SET_VITALS}). */
export function isFullSet(reading: VitalsReading): boolean {
  return FULL_SET_VITALS.every((v) => reading[v] !== undefined);
}

/**
 * A reading: any subset of the values. Absent means not measured (never 0).
 * Units: systolic and diastolic mmHg; heart rate beats/min; SpO2 % (0 to 100); respiratory rate
 * breaths/min; MOAA/S score 0 to 5; temperature degrees Celsius.
 */
export interface VitalsReading {
  readonly systolic?: number;
  readonly diastolic?: number;
  readonly heartRate?: number;
  readonly spo2?: number;
  readonly respiratoryRate?: number;
  readonly moaas?: number;
  /** Body temperature, degrees Celsius (no threshold; checked for plausibility only). */
  readonly temperature?: number;
}

/** Phase of the session the reading belongs to. */
export type VitalsPhase = 'pre-dose' | 'infusing' | 'observing';

/** The levels each phase can reach, mildest first. */
export interface PhaseLevels {
  'pre-dose': 'normal' | 'warn' | 'hold';
  infusing: 'normal' | 'warn' | 'pause';
  observing: 'normal' | 'warn' | 'escalate';
}

/** A level above normal, in any phase. */
export type AlertLevel = 'warn' | 'hold' | 'pause' | 'escalate';

/** How a threshold compares: value >= threshold, value <= threshold, or value < threshold. */
export type ThresholdComparator = '>=' | '<=' | '<';

/** One threshold that fired. */
export interface FiredThreshold {
  readonly vital: VitalName;
  /** The measured value, in the vital's unit. */
  readonly value: number;
  /** The configured bound it reached. */
  readonly threshold: number;
  readonly comparator: ThresholdComparator;
  readonly level: AlertLevel;
  /** Path of the configuration parameter, e.g. `vitals.inSession.pause.systolicAtLeast`. */
  readonly parameter: string;
}

/**
 * Status of one vital: `missing` (not in the reading), `no-threshold` (present but the phase has
 * no bound for it: MOAA/S before dosing), `normal`, or the highest level its thresholds reached.
 */
export type VitalStatus = 'missing' | 'no-threshold' | 'normal' | AlertLevel;

/** The result for one vital. */
export interface VitalCheck {
  readonly vital: VitalName;
  readonly status: VitalStatus;
  /** The measured value; absent when missing. */
  readonly value?: number;
  /** Value minus the pre-dose value, when both are present (unit of the vital). */
  readonly changeFromPreDose?: number;
}

/** Classification of one reading. */
export interface VitalsClassification<P extends VitalsPhase = VitalsPhase> {
  readonly phase: P;
  /**
   * The highest level any threshold reached; `normal` when none fired. It says nothing about
   * vitals that were not measured: read `complete` and `missing`.
   */
  readonly level: PhaseLevels[P];
  /** Every threshold that fired (a value past a stop bound also fired its warning bound). */
  readonly fired: readonly FiredThreshold[];
  /** One check per vital in the reading, and a `missing` check per absent full-set vital. */
  readonly checks: readonly VitalCheck[];
  /** Full-set vitals absent from the reading. */
  readonly missing: readonly VitalName[];
  /** True when every full-set vital is present. */
  readonly complete: boolean;
  /** Reading minus pre-dose, for each vital present in both. */
  readonly changeFromPreDose: Partial<Record<VitalName, number>>;
}

interface Bound {
  readonly vital: VitalName;
  readonly key: keyof VitalStopThresholdSet;
  readonly comparator: ThresholdComparator;
}

const BOUNDS: readonly Bound[] = [
  { vital: 'systolic', key: 'systolicAtLeast', comparator: '>=' },
  { vital: 'diastolic', key: 'diastolicAtLeast', comparator: '>=' },
  { vital: 'heartRate', key: 'heartRateAtLeast', comparator: '>=' },
  { vital: 'heartRate', key: 'heartRateAtMost', comparator: '<=' },
  { vital: 'spo2', key: 'spo2Below', comparator: '<' },
  { vital: 'respiratoryRate', key: 'respiratoryRateBelow', comparator: '<' },
  { vital: 'moaas', key: 'moaasAtMost', comparator: '<=' },
  { vital: 'systolic', key: 'systolicBelow', comparator: '<' },
  { vital: 'diastolic', key: 'diastolicBelow', comparator: '<' },
];

const RANK: Record<VitalStatus, number> = { missing: -1, 'no-threshold': -1, normal: 0, warn: 1, hold: 2, pause: 2, escalate: 2 };

function reaches(value: number, comparator: ThresholdComparator, threshold: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}

interface Level {
  readonly level: AlertLevel;
  readonly set: VitalThresholdSet | VitalStopThresholdSet;
  readonly path: string;
}

function levelsFor(phase: VitalsPhase, config: VitalsSection): readonly Level[] {
  switch (phase) {
    case 'pre-dose':
      return [
        { level: 'warn', set: config.preDose.warn, path: 'vitals.preDose.warn' },
        { level: 'hold', set: config.preDose.hold, path: 'vitals.preDose.hold' },
      ];
    case 'infusing':
      return [
        { level: 'warn', set: config.inSession.warn, path: 'vitals.inSession.warn' },
        { level: 'pause', set: config.inSession.pause, path: 'vitals.inSession.pause' },
      ];
    case 'observing':
      // After the infusion the pause level raises an escalation (protocol-defaults.md).
      return [
        { level: 'warn', set: config.inSession.warn, path: 'vitals.inSession.warn' },
        { level: 'escalate', set: config.inSession.pause, path: 'vitals.inSession.pause' },
      ];
  }
}

function thresholdOf(set: VitalThresholdSet | VitalStopThresholdSet, key: keyof VitalStopThresholdSet): number | undefined {
  return key in set ? (set as VitalStopThresholdSet)[key].value : undefined;
}

/**
 * Classifies a reading for a phase: pre-dose `normal | warn | hold`, infusing `normal | warn |
 * pause`, observing `normal | warn | escalate` (the in-session pause thresholds raise an
 * escalation once the infusion has ended). Bounds are inclusive as configured (`>=`, `<=`) or
 * strict (`<` for SpO2 and respiratory rate).
 *
 * @param reading any subset of the values; absent is missing, 0 is a value
 * @param phase the session phase
 * @param preDose the last pre-dose reading, for the change from pre-dose (optional)
 * @param config the `vitals` section of the protocol configuration
 * @throws RangeError when a present value is not a finite number
 */
export function classifyVitals<P extends VitalsPhase>(
  reading: VitalsReading,
  phase: P,
  preDose: VitalsReading | undefined,
  config: VitalsSection,
): VitalsClassification<P> {
  const levels = levelsFor(phase, config);
  const fired: FiredThreshold[] = [];
  const checks: VitalCheck[] = [];
  const missing: VitalName[] = [];
  const changeFromPreDose: Partial<Record<VitalName, number>> = {};
  let overall: VitalStatus = 'normal';

  for (const vital of VITAL_NAMES) {
    const value = reading[vital];
    if (value === undefined) {
      if (FULL_SET_VITALS.includes(vital)) {
        missing.push(vital);
        checks.push({ vital, status: 'missing' });
      }
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${vital} must be a finite number, got ${String(value)}`);
    }
    let status: VitalStatus = 'no-threshold';
    for (const { level, set, path } of levels) {
      for (const b of BOUNDS) {
        if (b.vital !== vital) continue;
        const threshold = thresholdOf(set, b.key);
        if (threshold === undefined) continue;
        if (status === 'no-threshold') status = 'normal';
        if (reaches(value, b.comparator, threshold)) {
          fired.push({ vital, value, threshold, comparator: b.comparator, level, parameter: `${path}.${b.key}` });
          if (RANK[level] > RANK[status]) status = level;
        }
      }
    }
    const before = preDose?.[vital];
    const change = before === undefined ? undefined : value - before;
    if (change !== undefined) changeFromPreDose[vital] = change;
    checks.push(change === undefined ? { vital, status, value } : { vital, status, value, changeFromPreDose: change });
    if (RANK[status] > RANK[overall]) overall = status;
  }

  return {
    phase,
    level: overall as PhaseLevels[P],
    fired,
    checks,
    missing,
    complete: missing.length === 0,
    changeFromPreDose,
  };
}

/** Why one value of a reading is refused. */
export interface ReadingIssue {
  /** The reading's field (`systolic`, `heartRate`, ...), or `reading` for the reading as a whole. */
  readonly field: VitalName | 'reading';
  readonly message: string;
  /** The rule that refused it, e.g. `monitoring.plausible-values`. */
  readonly rule: string;
  /** The protocol parameter behind the refusal, e.g. `vitals.plausible.heartRateMin`, when one applies. */
  readonly parameter?: string;
}

const PLAUSIBLE: readonly { vital: VitalName; min: keyof PlausibleRanges; max: keyof PlausibleRanges; unit: string }[] = [
  { vital: 'systolic', min: 'systolicMin', max: 'systolicMax', unit: 'mmHg' },
  { vital: 'diastolic', min: 'diastolicMin', max: 'diastolicMax', unit: 'mmHg' },
  { vital: 'heartRate', min: 'heartRateMin', max: 'heartRateMax', unit: 'beats/min' },
  { vital: 'spo2', min: 'spo2Min', max: 'spo2Max', unit: '%' },
  { vital: 'respiratoryRate', min: 'respiratoryRateMin', max: 'respiratoryRateMax', unit: 'breaths/min' },
  { vital: 'temperature', min: 'temperatureMin', max: 'temperatureMax', unit: '°C' },
];

/** Id of the rule that refuses implausible readings. */
export const PLAUSIBLE_READING_RULE_ID = 'monitoring.plausible-reading';

/**
 * Why a reading cannot be stored, value by value (empty when it can): a reading needs at least one
 * value; each value must be a finite number within the plausible range of the protocol
 * (`vitals.plausible.*`, bounds inclusive); a blood pressure needs both systolic and diastolic, the
 * diastolic below the systolic; MOAA/S is a whole score from 0 to 5.
 *
 * @param reading any subset of the values (absent is not measured)
 * @param config the `vitals` section of the protocol configuration
 */
export function checkReadingPlausibility(reading: VitalsReading, config: VitalsSection): ReadingIssue[] {
  const issues: ReadingIssue[] = [];
  const rule = PLAUSIBLE_READING_RULE_ID;
  if (VITAL_NAMES.every((v) => reading[v] === undefined)) {
    return [
      {
        field: 'reading',
        message: 'a reading needs at least one value (systolic, diastolic, heart rate, SpO2, respiratory rate, MOAA/S or temperature)',
        rule,
      },
    ];
  }
  for (const { vital, min, max, unit } of PLAUSIBLE) {
    const value = reading[vital];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push({ field: vital, message: 'must be a number', rule });
      continue;
    }
    const lo = config.plausible[min].value;
    const hi = config.plausible[max].value;
    if (value < lo)
      issues.push({
        field: vital,
        message: `${value} ${unit} is below the plausible minimum ${lo} ${unit}`,
        rule,
        parameter: `vitals.plausible.${min}`,
      });
    else if (value > hi)
      issues.push({
        field: vital,
        message: `${value} ${unit} is above the plausible maximum ${hi} ${unit}`,
        rule,
        parameter: `vitals.plausible.${max}`,
      });
  }
  const { systolic, diastolic, moaas } = reading;
  if (systolic !== undefined && diastolic === undefined)
    issues.push({ field: 'diastolic', message: 'a blood pressure needs the diastolic with the systolic', rule });
  if (diastolic !== undefined && systolic === undefined)
    issues.push({ field: 'systolic', message: 'a blood pressure needs the systolic with the diastolic', rule });
  if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
    issues.push({ field: 'diastolic', message: `${diastolic} mmHg must be below the systolic ${systolic} mmHg`, rule });
  }
  if (moaas !== undefined && !(Number.isInteger(moaas) && moaas >= 0 && moaas <= 5)) {
    issues.push({ field: 'moaas', message: 'must be a whole MOAA/S score from 0 to 5', rule });
  }
  return issues;
}

/** Input of {@link vitalSignsRule}. */
export interface VitalSignsRuleInput {
  readonly reading: VitalsReading;
  readonly phase: VitalsPhase;
  readonly preDose?: VitalsReading;
}

/** The vital-sign classification as a rule: id, version, title, sources, evaluate. */
export const vitalSignsRule = defineRule({
  id: 'monitoring.vital-signs',
  version: '2',
  title: 'Vital signs by session phase: warning, hold, pause or escalation',
  sources: [fromSource(['spravato-label', 'yale-chart-review-2024'])],
  evaluate: (input: VitalSignsRuleInput, config: VitalsSection): VitalsClassification =>
    classifyVitals(input.reading, input.phase, input.preDose, config),
});
