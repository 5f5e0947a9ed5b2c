/**
 * Protocol-configuration section `vitals`: vital-sign thresholds by session phase, the monitoring
 * schedule of a dosing session and the discharge conditions (protocol-defaults.md "Before dosing"
 * and "During and after the infusion").
 *
 * Threshold names carry their comparator so that "<" and "<=" cannot be confused:
 * `systolicAtLeast` fires at value >= threshold, `heartRateAtMost` at value <= threshold,
 * `spo2Below` at value < threshold. Every bound is inclusive exactly as protocol-defaults.md
 * writes it.
 *
 * The `min`/`max` of each threshold is a plausibility range chosen by Kairos (protocol-defaults.md
 * gives no site range for these rows); cross-field rules are in {@link validateVitalsSection}.
 *
 * @module
 */
import { configIssue, type ConfigIssue } from '../issues.js';
import { param, type Param } from '../param.js';
import { fromBrief, fromSource, siteDefault, type Provenance } from '../provenance.js';

/** One level of vital-sign thresholds (a reading at or beyond any of them reaches the level). */
export interface VitalThresholdSet {
  /** Systolic BP, mmHg: the level is reached at systolic >= this value. */
  readonly systolicAtLeast: Param<number>;
  /** Diastolic BP, mmHg: reached at diastolic >= this value. */
  readonly diastolicAtLeast: Param<number>;
  /** Heart rate, beats/min, high side: reached at heart rate >= this value. */
  readonly heartRateAtLeast: Param<number>;
  /** Heart rate, beats/min, low side: reached at heart rate <= this value. */
  readonly heartRateAtMost: Param<number>;
  /** SpO2, %: reached at SpO2 strictly below this value. */
  readonly spo2Below: Param<number>;
  /** Respiratory rate, breaths/min: reached at a rate strictly below this value. */
  readonly respiratoryRateBelow: Param<number>;
  /** Systolic BP, mmHg, low side (hypotension): reached at systolic strictly below this value. */
  readonly systolicBelow: Param<number>;
  /** Diastolic BP, mmHg, low side (hypotension): reached at diastolic strictly below this value. */
  readonly diastolicBelow: Param<number>;
}

/**
 * The physiologically plausible range of each measured value (inclusive). A value outside is
 * refused with its field named, never stored or classified: a monitor's artefact (heart rate 0,
 * SpO2 150) must not hide the real readings beside it, nor raise a false alarm.
 */
export interface PlausibleRanges {
  readonly systolicMin: Param<number>;
  readonly systolicMax: Param<number>;
  readonly diastolicMin: Param<number>;
  readonly diastolicMax: Param<number>;
  readonly heartRateMin: Param<number>;
  readonly heartRateMax: Param<number>;
  readonly spo2Min: Param<number>;
  readonly spo2Max: Param<number>;
  readonly respiratoryRateMin: Param<number>;
  readonly respiratoryRateMax: Param<number>;
  readonly temperatureMin: Param<number>;
  readonly temperatureMax: Param<number>;
}

/** The stop level during and after the infusion, which adds sedation to the vital signs. */
export interface VitalStopThresholdSet extends VitalThresholdSet {
  /** MOAA/S score (0 to 5): reached at MOAA/S <= this value. */
  readonly moaasAtMost: Param<number>;
}

/** The type of the `vitals` protocol configuration section. */
export interface VitalsSection {
  /** Before dosing: a warning needs the prescriber's acknowledgment; a hold needs an override with a reason. */
  readonly preDose: {
    readonly warn: VitalThresholdSet;
    readonly hold: VitalThresholdSet;
    /** The pre-dose full set must be taken at most this many minutes before the infusion starts (min, inclusive). */
    readonly fullSetWithinMinutes: Param<number>;
  };
  /** Values outside these ranges are refused, per value, with the field named. */
  readonly plausible: PlausibleRanges;
  /**
   * While infusing and while observing after the infusion: one set of thresholds. At `pause` level
   * the infusion is paused; after the infusion the same level raises an escalation.
   */
  readonly inSession: {
    readonly warn: VitalThresholdSet;
    readonly pause: VitalStopThresholdSet;
  };
  /** When vital signs, MOAA/S and CADSS-6 are due in a dosing session. */
  readonly schedule: {
    /** Vital signs every this many minutes from the infusion's start until it ends (min). */
    readonly vitalsEveryMinutesDuringInfusion: Param<number>;
    /** A vital-sign reading this many minutes after the infusion's start, whatever its length (min). */
    readonly vitalsAtMinuteAfterStart: Param<number>;
    /** Vital signs every this many minutes after the infusion ends, until discharge (min). */
    readonly vitalsEveryMinutesAfterEnd: Param<number>;
    /** A vital-sign reading just before discharge. */
    readonly vitalsBeforeDischarge: Param<boolean>;
    /** MOAA/S this many minutes after the infusion's start (min, ascending). */
    readonly moaasMinutesAfterStart: Param<readonly number[]>;
    /** MOAA/S at the end of the infusion. */
    readonly moaasAtEnd: Param<boolean>;
    /** MOAA/S this many minutes after the infusion ends (min, ascending). */
    readonly moaasMinutesAfterEnd: Param<readonly number[]>;
    /** CADSS-6 once, due this many minutes before the infusion ends (min). */
    readonly cadss6MinutesBeforeEnd: Param<number>;
    /** A scheduled item not recorded within this many minutes of its due time is overdue (min, inclusive). */
    readonly overdueAfterMinutes: Param<number>;
    /** Closer blood-pressure monitoring: vital signs every this many minutes during the infusion (min). */
    readonly closerVitalsEveryMinutes: Param<number>;
    /** Closer monitoring continues this many minutes after the infusion ends (min). */
    readonly closerMonitoringMinutesAfterEnd: Param<number>;
    /** Medication classes whose flag asks for closer blood-pressure monitoring (besides controlled hypertension). */
    readonly closerMonitoringMedicationClasses: Param<readonly string[]>;
  };
  /** Escalation of alarms nobody with the authority has answered. */
  readonly escalation: {
    /** A pause- or escalate-level alert no prescriber acknowledged within this many minutes becomes an urgent task and a message (min). */
    readonly unacknowledgedMinutes: Param<number>;
  };
  /** Conditions for discharge after a dosing session. */
  readonly discharge: {
    /** Minimum observation after the infusion ends (min, inclusive). */
    readonly minimumMinutesAfterEnd: Param<number>;
    /** Minimum time since the infusion started (min, inclusive). */
    readonly minimumMinutesAfterStart: Param<number>;
    /**
     * Systolic and diastolic each at most this many mmHg above the last pre-dose full set
     * (inclusive; a lower value passes, down to the floor), unless both are below the in-session
     * warning level.
     */
    readonly bloodPressureWithinMmHg: Param<number>;
    /** Discharge floor: systolic in the discharge set at least this (mmHg, inclusive). */
    readonly systolicAtLeast: Param<number>;
    /** The discharge full set: taken after the infusion ended, at most this many minutes before discharge (min, inclusive). */
    readonly fullSetWithinMinutes: Param<number>;
    /** Modified Aldrete total at least this (score 0 to 10). */
    readonly aldreteMinimumTotal: Param<number>;
    /** Modified Aldrete respiration item at least this (score 0 to 2). */
    readonly aldreteMinimumRespiration: Param<number>;
    /** Modified Aldrete SpO2 item at least this (score 0 to 2). */
    readonly aldreteMinimumSpo2: Param<number>;
    /** A responsible adult confirmed to escort the patient home. */
    readonly escortRequired: Param<boolean>;
  };
}

const SBP = { min: 100, max: 250 };
const DBP = { min: 60, max: 150 };
const HR_HIGH = { min: 80, max: 200 };
const HR_LOW = { min: 30, max: 70 };
const SPO2 = { min: 80, max: 100 };
const RR = { min: 4, max: 20 };
const SBP_LOW = { min: 60, max: 110 };
const DBP_LOW = { min: 30, max: 70 };

/** Hypotension bounds, before and during the session: protocol-defaults.md "Added after the first clinical review". */
const HYPOTENSION = {
  warn: { sbpLow: 90, dbpLow: 50 },
  stop: { sbpLow: 80, dbpLow: 45 },
} as const;

function thresholdSet(
  v: { sbp: number; dbp: number; hrHigh: number; hrLow: number; spo2: number; rr: number; sbpLow: number; dbpLow: number },
  bp: Provenance,
  other: Provenance,
): VitalThresholdSet {
  const low = siteDefault('hypotension bound added after the first clinical review');
  return Object.freeze({
    systolicAtLeast: param(v.sbp, 'mm[Hg]', bp, SBP),
    diastolicAtLeast: param(v.dbp, 'mm[Hg]', bp, DBP),
    heartRateAtLeast: param(v.hrHigh, '/min', other, HR_HIGH),
    heartRateAtMost: param(v.hrLow, '/min', other, HR_LOW),
    spo2Below: param(v.spo2, '%', other, SPO2),
    respiratoryRateBelow: param(v.rr, '/min', other, RR),
    systolicBelow: param(v.sbpLow, 'mm[Hg]', low, SBP_LOW),
    diastolicBelow: param(v.dbpLow, 'mm[Hg]', low, DBP_LOW),
  });
}

const plausibleNote = 'plausible value: outside it the value is refused with the field named';
const plausible = (value: number, unit: 'mm[Hg]' | '/min' | '%' | 'Cel', range: { min: number; max: number }): Param<number> =>
  param(value, unit, siteDefault(plausibleNote), range);

/** Defaults of the `vitals` section with provenance. Leaves are `Param`s; logic reads `.value`. */
export const vitalsDefaults: VitalsSection = Object.freeze({
  preDose: Object.freeze({
    /**
     * Pre-dose warning: SBP >= 140 or DBP >= 90 (Spravato label 5.6 "as a general guide: >140/90",
     * esketamine applied by analogy; Kairos includes the bound itself, the more cautious reading);
     * HR >= 110 or <= 50, SpO2 < 94 %, RR < 12 (site defaults).
     */
    warn: thresholdSet(
      { sbp: 140, dbp: 90, hrHigh: 110, hrLow: 50, spo2: 94, rr: 12, ...HYPOTENSION.warn },
      fromSource(
        ['spravato-label'],
        'section 5.6 "as a general guide: >140/90 mmHg" (esketamine, applied by analogy); bound included, the more cautious reading',
      ),
      siteDefault(),
    ),
    /** Pre-dose hold: SBP >= 160 or DBP >= 100, HR >= 130 or <= 45, SpO2 < 92 %, RR < 10; SBP < 80 or DBP < 45 (site defaults). */
    hold: thresholdSet({ sbp: 160, dbp: 100, hrHigh: 130, hrLow: 45, spo2: 92, rr: 10, ...HYPOTENSION.stop }, siteDefault(), siteDefault()),
    fullSetWithinMinutes: param(30, 'min', siteDefault('a full set taken within 30 min before the infusion starts'), { min: 5, max: 120 }),
  }),
  /** Plausible values (site defaults): outside them a value is refused, per value, with the field named. */
  plausible: Object.freeze({
    systolicMin: plausible(40, 'mm[Hg]', { min: 20, max: 80 }),
    systolicMax: plausible(300, 'mm[Hg]', { min: 200, max: 350 }),
    diastolicMin: plausible(20, 'mm[Hg]', { min: 10, max: 50 }),
    diastolicMax: plausible(200, 'mm[Hg]', { min: 120, max: 250 }),
    heartRateMin: plausible(20, '/min', { min: 10, max: 40 }),
    heartRateMax: plausible(250, '/min', { min: 180, max: 300 }),
    spo2Min: plausible(50, '%', { min: 30, max: 80 }),
    spo2Max: plausible(100, '%', { min: 100, max: 100 }),
    respiratoryRateMin: plausible(4, '/min', { min: 1, max: 8 }),
    respiratoryRateMax: plausible(60, '/min', { min: 40, max: 80 }),
    temperatureMin: plausible(30, 'Cel', { min: 25, max: 34 }),
    temperatureMax: plausible(43, 'Cel', { min: 40, max: 45 }),
  }),
  inSession: Object.freeze({
    /** Warning while infusing or observing: SBP >= 160 or DBP >= 100; HR >= 110 or <= 50; SpO2 < 94 %; RR < 12; SBP < 90 or DBP < 50. */
    warn: thresholdSet({ sbp: 160, dbp: 100, hrHigh: 110, hrLow: 50, spo2: 94, rr: 12, ...HYPOTENSION.warn }, siteDefault(), siteDefault()),
    /**
     * Pause the infusion (escalate when observing): SBP >= 180 or DBP >= 110; HR >= 130 or <= 45;
     * SpO2 < 92 %; RR < 10; SBP < 80 or DBP < 45; MOAA/S <= 2.
     */
    pause: Object.freeze({
      ...thresholdSet({ sbp: 180, dbp: 110, hrHigh: 130, hrLow: 45, spo2: 92, rr: 10, ...HYPOTENSION.stop }, siteDefault(), siteDefault()),
      moaasAtMost: param(2, 'score', siteDefault('the Spravato label uses MOAA/S for sedation; the stop level is not from it'), {
        min: 0,
        max: 4,
      }),
    }),
  }),
  schedule: Object.freeze({
    vitalsEveryMinutesDuringInfusion: param(10, 'min', fromSource(['yale-chart-review-2024'], 'BP every 10 min during the infusion'), {
      min: 1,
      max: 30,
    }),
    vitalsAtMinuteAfterStart: param(40, 'min', fromSource(['spravato-label'], 'REMS: BP about 40 min after dosing'), {
      min: 1,
      max: 240,
    }),
    vitalsEveryMinutesAfterEnd: param(15, 'min', siteDefault('no cited source names the interval after the infusion'), {
      min: 5,
      max: 60,
    }),
    vitalsBeforeDischarge: param(true, '1', fromSource(['spravato-label'], 'REMS: BP before discharge')),
    moaasMinutesAfterStart: param(
      Object.freeze<number[]>([15, 30]),
      'min',
      siteDefault('the Spravato label uses MOAA/S; the times are a site default'),
      { min: 1, max: 240 },
    ),
    moaasAtEnd: param(true, '1', siteDefault('the Spravato label uses MOAA/S; the times are a site default')),
    moaasMinutesAfterEnd: param(
      Object.freeze<number[]>([15, 30]),
      'min',
      siteDefault('the Spravato label uses MOAA/S; the times are a site default'),
      { min: 1, max: 240 },
    ),
    cadss6MinutesBeforeEnd: param(5, 'min', siteDefault('CADSS-6 items from Rodrigues 2021; the due time is not from a source'), {
      min: 0,
      max: 30,
    }),
    overdueAfterMinutes: param(5, 'min', siteDefault(), { min: 1, max: 30 }),
    closerVitalsEveryMinutes: param(
      5,
      'min',
      siteDefault(
        'closer BP monitoring: every 5 min during the infusion (the brief asks for additional monitoring in controlled hypertension)',
      ),
      {
        min: 1,
        max: 15,
      },
    ),
    closerMonitoringMinutesAfterEnd: param(30, 'min', siteDefault('closer BP monitoring for the first 30 min after the infusion ends'), {
      min: 0,
      max: 120,
    }),
    closerMonitoringMedicationClasses: param(
      Object.freeze<string[]>(['maoi', 'stimulant', 'sympathomimetic']),
      '1',
      fromSource(
        ['spravato-label', 'ketalar-label'],
        'MAOIs and psychostimulants (Spravato label), sympathomimetics (Ketalar label): closer blood pressure monitoring',
      ),
    ),
  }),
  escalation: Object.freeze({
    unacknowledgedMinutes: param(
      5,
      'min',
      siteDefault('an unacknowledged pause-level alert becomes an urgent task and a message to the prescriber and the medical directors'),
      {
        min: 1,
        max: 30,
      },
    ),
  }),
  discharge: Object.freeze({
    minimumMinutesAfterEnd: param(60, 'min', fromBrief('observation 1 to 2 h after the infusion'), { min: 30, max: 240 }),
    minimumMinutesAfterStart: param(120, 'min', fromSource(['spravato-label'], 'observe at least 2 h each session'), {
      min: 60,
      max: 480,
    }),
    bloodPressureWithinMmHg: param(
      20,
      'mm[Hg]',
      siteDefault(
        'each no more than 20 mmHg above the last pre-dose full set (lower passes, down to the floor), or both below the warning level',
      ),
      { min: 5, max: 50 },
    ),
    systolicAtLeast: param(90, 'mm[Hg]', siteDefault('discharge floor: systolic >= 90 in the discharge set'), { min: 70, max: 110 }),
    fullSetWithinMinutes: param(
      15,
      'min',
      siteDefault('a full set after the infusion ended, within 15 min before discharge (the brief: monitor 1 to 2 h after)'),
      {
        min: 5,
        max: 60,
      },
    ),
    aldreteMinimumTotal: param(9, 'score', fromSource(['aldrete-1995'], "Aldrete's own rule: total >= 9 of 10"), {
      min: 8,
      max: 10,
    }),
    aldreteMinimumRespiration: param(2, 'score', siteDefault('some tables require 2 on respiration'), { min: 1, max: 2 }),
    aldreteMinimumSpo2: param(2, 'score', siteDefault('some tables require 2 on SpO2'), { min: 1, max: 2 }),
    escortRequired: param(
      true,
      '1',
      fromSource(
        ['ketalar-label', 'spravato-label'],
        'released only with a responsible adult, no driving until the next day; the brief agrees',
      ),
    ),
  }),
});

type SetKey = keyof VitalThresholdSet;

/** High-side bounds (>=): the warning bound must be strictly below the stop bound. */
const HIGH_SIDE: readonly SetKey[] = ['systolicAtLeast', 'diastolicAtLeast', 'heartRateAtLeast'];
/** Low-side bounds (<= or <): the warning bound must be strictly above the stop bound. */
const LOW_SIDE: readonly SetKey[] = ['heartRateAtMost', 'spo2Below', 'respiratoryRateBelow', 'systolicBelow', 'diastolicBelow'];
/** Low and high bound of one vital within a level: the low must lie strictly below the high. */
const LOW_BELOW_HIGH: readonly (readonly [SetKey, SetKey])[] = [
  ['heartRateAtMost', 'heartRateAtLeast'],
  ['systolicBelow', 'systolicAtLeast'],
  ['diastolicBelow', 'diastolicAtLeast'],
];
const PLAUSIBLE_PAIRS: readonly (readonly [keyof PlausibleRanges, keyof PlausibleRanges])[] = [
  ['systolicMin', 'systolicMax'],
  ['diastolicMin', 'diastolicMax'],
  ['heartRateMin', 'heartRateMax'],
  ['spo2Min', 'spo2Max'],
  ['respiratoryRateMin', 'respiratoryRateMax'],
  ['temperatureMin', 'temperatureMax'],
];

function checkLevels(issues: ConfigIssue[], warn: VitalThresholdSet, stop: VitalThresholdSet, warnPath: string, stopPath: string): void {
  for (const k of HIGH_SIDE) {
    if (!(warn[k].value < stop[k].value)) {
      issues.push(configIssue(`${warnPath}.${k}`, `must be below ${stopPath}.${k} (${stop[k].value}) so that a warning comes first`));
    }
  }
  for (const k of LOW_SIDE) {
    if (!(warn[k].value > stop[k].value)) {
      issues.push(configIssue(`${warnPath}.${k}`, `must be above ${stopPath}.${k} (${stop[k].value}) so that a warning comes first`));
    }
  }
  for (const [set, path] of [
    [warn, warnPath],
    [stop, stopPath],
  ] as const) {
    for (const [low, high] of LOW_BELOW_HIGH) {
      if (!(set[low].value < set[high].value)) issues.push(configIssue(`${path}.${low}`, `must be below ${path}.${high}`));
    }
    if (!(set.diastolicAtLeast.value < set.systolicAtLeast.value)) {
      issues.push(configIssue(`${path}.diastolicAtLeast`, `must be below ${path}.systolicAtLeast`));
    }
  }
}

function checkPositive(issues: ConfigIssue[], p: Param<number>, path: string): void {
  if (!(Number.isFinite(p.value) && p.value > 0)) issues.push(configIssue(path, 'must be a positive number of minutes'));
}

function checkAscendingPositive(issues: ConfigIssue[], p: Param<readonly number[]>, path: string): void {
  p.value.forEach((v, i) => {
    if (!(Number.isFinite(v) && v > 0)) issues.push(configIssue(`${path}.${i}`, 'must be a positive number of minutes'));
    const prev = p.value[i - 1];
    if (prev !== undefined && !(v > prev)) issues.push(configIssue(`${path}.${i}`, 'times must be strictly ascending'));
  });
}

/**
 * Checks a `vitals` section beyond per-parameter ranges: each warning bound lies strictly inside
 * its hold/pause bound (so a warning always comes before a stop), low and high heart-rate bounds
 * and systolic/diastolic bounds are ordered, schedule intervals are positive and ascending, and the
 * Aldrete requirements fit the 0 to 10 score. Paths are rooted at `vitals`.
 */
export function validateVitalsSection(section: VitalsSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  checkLevels(issues, section.preDose.warn, section.preDose.hold, 'vitals.preDose.warn', 'vitals.preDose.hold');
  checkLevels(issues, section.inSession.warn, section.inSession.pause, 'vitals.inSession.warn', 'vitals.inSession.pause');
  for (const [min, max] of PLAUSIBLE_PAIRS) {
    if (!(section.plausible[min].value < section.plausible[max].value)) {
      issues.push(configIssue(`vitals.plausible.${min}`, `must be below vitals.plausible.${max}`));
    }
  }
  checkPositive(issues, section.preDose.fullSetWithinMinutes, 'vitals.preDose.fullSetWithinMinutes');
  checkPositive(issues, section.discharge.fullSetWithinMinutes, 'vitals.discharge.fullSetWithinMinutes');
  const moaas = section.inSession.pause.moaasAtMost.value;
  if (!(Number.isInteger(moaas) && moaas >= 0 && moaas <= 4)) {
    issues.push(configIssue('vitals.inSession.pause.moaasAtMost', 'must be a whole MOAA/S score from 0 to 4 (5 is fully awake)'));
  }
  const s = section.schedule;
  checkPositive(issues, s.vitalsEveryMinutesDuringInfusion, 'vitals.schedule.vitalsEveryMinutesDuringInfusion');
  checkPositive(issues, s.vitalsAtMinuteAfterStart, 'vitals.schedule.vitalsAtMinuteAfterStart');
  checkPositive(issues, s.vitalsEveryMinutesAfterEnd, 'vitals.schedule.vitalsEveryMinutesAfterEnd');
  checkPositive(issues, s.overdueAfterMinutes, 'vitals.schedule.overdueAfterMinutes');
  checkPositive(issues, s.closerVitalsEveryMinutes, 'vitals.schedule.closerVitalsEveryMinutes');
  if (!(s.closerVitalsEveryMinutes.value <= s.vitalsEveryMinutesDuringInfusion.value)) {
    issues.push(
      configIssue('vitals.schedule.closerVitalsEveryMinutes', 'closer monitoring must be at least as frequent as the usual interval'),
    );
  }
  checkPositive(issues, section.escalation.unacknowledgedMinutes, 'vitals.escalation.unacknowledgedMinutes');
  checkAscendingPositive(issues, s.moaasMinutesAfterStart, 'vitals.schedule.moaasMinutesAfterStart');
  checkAscendingPositive(issues, s.moaasMinutesAfterEnd, 'vitals.schedule.moaasMinutesAfterEnd');
  if (!(Number.isFinite(s.cadss6MinutesBeforeEnd.value) && s.cadss6MinutesBeforeEnd.value >= 0)) {
    issues.push(configIssue('vitals.schedule.cadss6MinutesBeforeEnd', 'must be 0 or more minutes'));
  }
  const d = section.discharge;
  checkPositive(issues, d.minimumMinutesAfterEnd, 'vitals.discharge.minimumMinutesAfterEnd');
  checkPositive(issues, d.minimumMinutesAfterStart, 'vitals.discharge.minimumMinutesAfterStart');
  if (!(d.bloodPressureWithinMmHg.value >= 0)) {
    issues.push(configIssue('vitals.discharge.bloodPressureWithinMmHg', 'must be 0 or more mmHg'));
  }
  for (const [p, path] of [
    [d.aldreteMinimumRespiration, 'vitals.discharge.aldreteMinimumRespiration'],
    [d.aldreteMinimumSpo2, 'vitals.discharge.aldreteMinimumSpo2'],
  ] as const) {
    if (!(Number.isInteger(p.value) && p.value >= 0 && p.value <= 2)) issues.push(configIssue(path, 'must be an item score from 0 to 2'));
  }
  if (!(Number.isInteger(d.aldreteMinimumTotal.value) && d.aldreteMinimumTotal.value >= 0 && d.aldreteMinimumTotal.value <= 10)) {
    issues.push(configIssue('vitals.discharge.aldreteMinimumTotal', 'must be a total score from 0 to 10'));
  }
  return issues;
}
