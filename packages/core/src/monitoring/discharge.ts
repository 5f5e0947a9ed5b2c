/**
 * Discharge readiness after a dosing session (protocol-defaults.md "During and after the
 * infusion"): minimum observation after the end and since the start, blood pressure back near the
 * pre-dose value, modified Aldrete, escort, and after an escalation: every escalation acknowledged
 * and the latest full set of vital signs below the warning level.
 *
 * @module monitoring/discharge
 */
import type { VitalsSection } from '../protocol-config/sections/vitals.js';
import { scoreModifiedAldrete, type AldreteScores, type ModifiedAldreteResult } from './aldrete.js';
import { defineMonitoringRule } from './rule.js';
import { MS_PER_MINUTE, toEpochMs, toIso, type Instant } from './time.js';
import { classifyVitals, type VitalsReading } from './vital-signs.js';

/** A discharge condition. */
export type DischargeConditionId =
  | 'infusion-ended'
  | 'observation-after-end'
  | 'observation-after-start'
  | 'blood-pressure'
  | 'aldrete-total'
  | 'aldrete-respiration'
  | 'aldrete-spo2'
  | 'escort'
  | 'escalations-acknowledged'
  | 'vitals-below-warning';

/** Every condition, in the order they are reported. */
export const DISCHARGE_CONDITIONS: readonly DischargeConditionId[] = Object.freeze([
  'infusion-ended',
  'observation-after-end',
  'observation-after-start',
  'blood-pressure',
  'aldrete-total',
  'aldrete-respiration',
  'aldrete-spo2',
  'escort',
  'escalations-acknowledged',
  'vitals-below-warning',
]);

/**
 * `met`; `unmet`; `missing` (the facts to decide are not recorded: not met); `not-applicable`
 * (the condition does not apply, e.g. no escalation happened, or the site does not require it).
 */
export type DischargeConditionStatus = 'met' | 'unmet' | 'missing' | 'not-applicable';

/** The result for one condition. */
export interface DischargeCondition {
  readonly id: DischargeConditionId;
  readonly status: DischargeConditionStatus;
  readonly message: string;
  /** For the time conditions: when it is (or was) met, ISO 8601 UTC. */
  readonly metAt?: string;
}

/** An escalation alert raised while observing. */
export interface EscalationRecord {
  readonly at: Instant;
  /** True once a prescriber acknowledged it. */
  readonly acknowledged: boolean;
}

/** The facts discharge readiness is decided on. Absent facts are missing, never fine. */
export interface DischargeInput {
  readonly infusionStart: Instant;
  /** The infusion's actual end; absent while it runs. */
  readonly infusionEnd?: Instant;
  /** The last pre-dose reading (systolic and diastolic are used). */
  readonly preDose?: VitalsReading;
  /** The latest reading with blood pressure. */
  readonly latestBloodPressure?: VitalsReading;
  /** Modified Aldrete item scores (0 to 2 each). */
  readonly aldrete?: AldreteScores;
  /** A responsible adult is present to take the patient home. */
  readonly escortConfirmed?: boolean;
  /** Escalation alerts of the session; an empty list means none; absent is missing. */
  readonly escalations?: readonly EscalationRecord[];
  /** The latest full set of vital signs (needed after an escalation). */
  readonly latestFullVitals?: VitalsReading;
}

/** Discharge readiness. */
export interface DischargeReadiness {
  /** True when every condition is met or not applicable. */
  readonly ready: boolean;
  readonly conditions: readonly DischargeCondition[];
  /** The conditions neither met nor not applicable (`unmet` or `missing`), in report order. */
  readonly unmet: readonly DischargeCondition[];
  /**
   * The earliest time both observation conditions are met (ISO 8601 UTC); absent while the
   * infusion has not ended.
   */
  readonly minimumObservationEndsAt?: string;
  readonly aldrete: ModifiedAldreteResult;
}

function timeCondition(id: DischargeConditionId, metAtMs: number, asOfMs: number, what: string): DischargeCondition {
  const met = asOfMs >= metAtMs;
  const minutesLeft = Math.ceil((metAtMs - asOfMs) / MS_PER_MINUTE);
  return {
    id,
    status: met ? 'met' : 'unmet',
    message: met ? `${what}: met` : `${what}: met at ${toIso(metAtMs)} (in ${minutesLeft} min)`,
    metAt: toIso(metAtMs),
  };
}

/**
 * Decides whether a patient may be discharged at `asOf`. Time conditions are inclusive (exactly
 * 60 min after the end is enough) and report when they will be met; the observation ends at the
 * later of end + 60 min and start + 120 min (defaults). Blood pressure: systolic and diastolic
 * each within 20 mmHg of the last pre-dose reading, inclusive. Aldrete: total >= 9 with
 * respiration 2 and SpO2 2. Escort confirmed. After an escalation: every escalation acknowledged
 * and the latest full set of vital signs below the in-session warning level.
 *
 * @param input the facts; absent facts make their condition `missing`
 * @param asOf the time of the question
 * @param config the `vitals` section of the protocol configuration
 */
export function assessDischargeReadiness(input: DischargeInput, asOf: Instant, config: VitalsSection): DischargeReadiness {
  const d = config.discharge;
  const asOfMs = toEpochMs(asOf);
  const startMs = toEpochMs(input.infusionStart);
  const conditions: DischargeCondition[] = [];
  let minimumObservationEndsAt: string | undefined;

  // Time conditions.
  const endMs = input.infusionEnd === undefined ? undefined : toEpochMs(input.infusionEnd);
  if (endMs === undefined || endMs > asOfMs) {
    conditions.push({ id: 'infusion-ended', status: 'unmet', message: 'the infusion has not ended' });
    conditions.push({
      id: 'observation-after-end',
      status: 'unmet',
      message: `observation of ${d.minimumMinutesAfterEnd.value} min after the end: the infusion has not ended`,
    });
  } else {
    conditions.push({ id: 'infusion-ended', status: 'met', message: `the infusion ended at ${toIso(endMs)}` });
    conditions.push(
      timeCondition(
        'observation-after-end',
        endMs + d.minimumMinutesAfterEnd.value * MS_PER_MINUTE,
        asOfMs,
        `at least ${d.minimumMinutesAfterEnd.value} min after the infusion ended`,
      ),
    );
  }
  const afterStartMs = startMs + d.minimumMinutesAfterStart.value * MS_PER_MINUTE;
  conditions.push(
    timeCondition('observation-after-start', afterStartMs, asOfMs, `at least ${d.minimumMinutesAfterStart.value} min after the infusion started`),
  );
  if (endMs !== undefined) {
    minimumObservationEndsAt = toIso(Math.max(endMs + d.minimumMinutesAfterEnd.value * MS_PER_MINUTE, afterStartMs));
  }

  // Blood pressure back near the pre-dose value.
  const within = d.bloodPressureWithinMmHg.value;
  const pre = input.preDose;
  const now = input.latestBloodPressure;
  if (pre?.systolic === undefined || pre.diastolic === undefined || now?.systolic === undefined || now.diastolic === undefined) {
    conditions.push({
      id: 'blood-pressure',
      status: 'missing',
      message: 'needs the last pre-dose and the latest systolic and diastolic values',
    });
  } else {
    const ds = now.systolic - pre.systolic;
    const dd = now.diastolic - pre.diastolic;
    const ok = Math.abs(ds) <= within && Math.abs(dd) <= within;
    conditions.push({
      id: 'blood-pressure',
      status: ok ? 'met' : 'unmet',
      message: `systolic ${now.systolic} (${ds >= 0 ? '+' : ''}${ds}) and diastolic ${now.diastolic} (${dd >= 0 ? '+' : ''}${dd}) must each be within ${within} mmHg of pre-dose ${pre.systolic}/${pre.diastolic}`,
    });
  }

  // Modified Aldrete.
  const aldrete = scoreModifiedAldrete(input.aldrete ?? {});
  if (aldrete.total === undefined) {
    conditions.push({ id: 'aldrete-total', status: 'missing', message: `modified Aldrete items not scored: ${aldrete.missing.join(', ')}` });
  } else {
    const ok = aldrete.total >= d.aldreteMinimumTotal.value;
    conditions.push({
      id: 'aldrete-total',
      status: ok ? 'met' : 'unmet',
      message: `modified Aldrete total ${aldrete.total}, needs at least ${d.aldreteMinimumTotal.value}`,
    });
  }
  for (const [id, item, min] of [
    ['aldrete-respiration', 'respiration', d.aldreteMinimumRespiration.value],
    ['aldrete-spo2', 'spo2', d.aldreteMinimumSpo2.value],
  ] as const) {
    const score = input.aldrete?.[item];
    conditions.push(
      score === undefined
        ? { id, status: 'missing', message: `modified Aldrete ${item} not scored` }
        : { id, status: score >= min ? 'met' : 'unmet', message: `modified Aldrete ${item} ${score}, needs at least ${min}` },
    );
  }

  // Escort.
  if (!d.escortRequired.value) {
    conditions.push({ id: 'escort', status: 'not-applicable', message: 'the site does not require an escort' });
  } else if (input.escortConfirmed === undefined) {
    conditions.push({ id: 'escort', status: 'missing', message: 'escort not confirmed' });
  } else {
    conditions.push({
      id: 'escort',
      status: input.escortConfirmed ? 'met' : 'unmet',
      message: input.escortConfirmed ? 'a responsible adult is present' : 'no responsible adult to take the patient home',
    });
  }

  // After an escalation.
  if (input.escalations === undefined) {
    conditions.push({ id: 'escalations-acknowledged', status: 'missing', message: 'escalations of the session not given' });
    conditions.push({ id: 'vitals-below-warning', status: 'missing', message: 'escalations of the session not given' });
  } else if (input.escalations.length === 0) {
    conditions.push({ id: 'escalations-acknowledged', status: 'not-applicable', message: 'no escalation in this session' });
    conditions.push({ id: 'vitals-below-warning', status: 'not-applicable', message: 'no escalation in this session' });
  } else {
    const open = input.escalations.filter((e) => !e.acknowledged).length;
    conditions.push({
      id: 'escalations-acknowledged',
      status: open === 0 ? 'met' : 'unmet',
      message: open === 0 ? 'every escalation acknowledged by a prescriber' : `${open} escalation(s) not acknowledged by a prescriber`,
    });
    if (input.latestFullVitals === undefined) {
      conditions.push({ id: 'vitals-below-warning', status: 'missing', message: 'no full set of vital signs after the escalation' });
    } else {
      const c = classifyVitals(input.latestFullVitals, 'observing', input.preDose, config);
      if (!c.complete) {
        conditions.push({ id: 'vitals-below-warning', status: 'missing', message: `latest set of vital signs lacks ${c.missing.join(', ')}` });
      } else {
        conditions.push({
          id: 'vitals-below-warning',
          status: c.level === 'normal' ? 'met' : 'unmet',
          message:
            c.level === 'normal'
              ? 'latest full set of vital signs below the warning level'
              : `latest full set of vital signs at ${c.level} level: ${c.fired.map((f) => `${f.vital} ${f.value} ${f.comparator} ${f.threshold}`).join('; ')}`,
        });
      }
    }
  }

  const unmet = conditions.filter((c) => c.status === 'unmet' || c.status === 'missing');
  return {
    ready: unmet.length === 0,
    conditions,
    unmet,
    ...(minimumObservationEndsAt === undefined ? {} : { minimumObservationEndsAt }),
    aldrete,
  };
}

/** Discharge readiness as a rule. */
export const dischargeReadinessRule = defineMonitoringRule({
  id: 'monitoring.discharge-readiness',
  version: '1',
  title: 'Discharge readiness: observation time, blood pressure, modified Aldrete, escort, escalations',
  sources: ['aldrete-1995', 'kim-2015', 'spravato-label', 'ketalar-label'],
  evaluate: (input: DischargeInput, config: VitalsSection, asOf: Instant): DischargeReadiness => assessDischargeReadiness(input, asOf, config),
});
