/**
 * Classification of a vital-sign reading by session phase (protocol-defaults.md "Before dosing"
 * and "During and after the infusion").
 *
 * Missing is not normal: an absent value is reported as `missing`, never read as 0, and a present
 * 0 is a real value that classifies (SpO2 0 is below 92). Every threshold that fired is listed.
 *
 * @module monitoring/vital-signs
 */
import type { VitalStopThresholdSet, VitalThresholdSet, VitalsSection } from '../protocol-config/sections/vitals.js';
import { defineMonitoringRule } from './rule.js';

/** A measured value of a reading. */
export type VitalName = 'systolic' | 'diastolic' | 'heartRate' | 'spo2' | 'respiratoryRate' | 'moaas';

/** Every vital name, in display order. */
export const VITAL_NAMES: readonly VitalName[] = Object.freeze(['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate', 'moaas']);

/**
 * The vital signs that make a full set (every one has a threshold in every phase). MOAA/S is
 * scored on its own schedule, so a reading without it is not incomplete.
 */
export const FULL_SET_VITALS: readonly VitalName[] = Object.freeze(['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate']);

/**
 * A reading: any subset of the values. Absent means not measured (never 0).
 * Units: systolic and diastolic mmHg; heart rate beats/min; SpO2 % (0 to 100); respiratory rate
 * breaths/min; MOAA/S score 0 to 5.
 */
export interface VitalsReading {
  readonly systolic?: number;
  readonly diastolic?: number;
  readonly heartRate?: number;
  readonly spo2?: number;
  readonly respiratoryRate?: number;
  readonly moaas?: number;
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

/** Input of {@link vitalSignsRule}. */
export interface VitalSignsRuleInput {
  readonly reading: VitalsReading;
  readonly phase: VitalsPhase;
  readonly preDose?: VitalsReading;
}

/** The vital-sign classification as a rule: id, version, title, sources, evaluate. */
export const vitalSignsRule = defineMonitoringRule({
  id: 'monitoring.vital-signs',
  version: '1',
  title: 'Vital signs by session phase: warning, hold, pause or escalation',
  sources: ['spravato-label', 'yale-chart-review-2024'],
  evaluate: (input: VitalSignsRuleInput, config: VitalsSection): VitalsClassification =>
    classifyVitals(input.reading, input.phase, input.preDose, config),
});
