/**
 * Discharge readiness after a dosing session (protocol-defaults.md "During and after the
 * infusion" and "Added after the first clinical review"): minimum observation after the end and
 * since the start, a full set of discharge vital signs taken after the end and shortly before
 * discharge, its blood pressure no more than 20 mmHg above the last pre-dose full set (or below
 * the warning level) and above the floor, modified Aldrete, escort, and after an escalation:
 * every escalation acknowledged and the latest full set of vital signs below the warning level.
 *
 * @module monitoring/discharge
 */
import type { DosingRoute } from '../session/routes.js';
import type { VitalsSection } from '../protocol-config/sections/vitals.js';
import { scoreModifiedAldrete, type AldreteScores, type ModifiedAldreteResult } from './aldrete.js';
import { fromSource } from '../protocol-config/provenance.js';
import { defineRule } from '../rules/rule.js';
import { latestFullSet, type FoundFullSet, type TimedReading } from './full-set.js';
import { MS_PER_MINUTE, toEpochMs, toIso, type Instant } from '../calendar/instant.js';
import { classifyVitals } from './vital-signs.js';

/** A discharge condition. */
export type DischargeConditionId =
  | 'infusion-ended'
  | 'observation-after-end'
  | 'observation-after-start'
  | 'discharge-vitals'
  | 'blood-pressure'
  | 'blood-pressure-floor'
  | 'aldrete-total'
  | 'aldrete-respiration'
  | 'aldrete-spo2'
  | 'escort'
  | 'escalations-acknowledged'
  | 'vitals-below-warning'
  | 'ketamine-accounted';

/** Every condition, in the order they are reported. */
export const DISCHARGE_CONDITIONS: readonly DischargeConditionId[] = Object.freeze([
  'infusion-ended',
  'observation-after-end',
  'observation-after-start',
  'discharge-vitals',
  'blood-pressure',
  'blood-pressure-floor',
  'aldrete-total',
  'aldrete-respiration',
  'aldrete-spo2',
  'escort',
  'escalations-acknowledged',
  'vitals-below-warning',
  'ketamine-accounted',
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
  /** For a met condition that lapses with time (the discharge vital signs age): when it stops being met, ISO 8601 UTC. */
  readonly expiresAt?: string;
  /** The protocol parameters behind the condition (paths such as `vitals.discharge.systolicAtLeast`). */
  readonly parameters?: readonly string[];
}

/** An escalation alert raised while observing. */
export interface EscalationRecord {
  readonly at: Instant;
  /** True once a prescriber acknowledged it. */
  readonly acknowledged: boolean;
}

/** The facts discharge readiness is decided on. Absent facts are missing, never fine. */
export interface DischargeInput {
  /**
   * How the dose was given (IV when absent). Without an infusion the start and the end are both the
   * administration, and the conditions are worded from it.
   */
  readonly route?: DosingRoute;
  readonly infusionStart: Instant;
  /** The infusion's actual end; absent while it runs. */
  readonly infusionEnd?: Instant;
  /**
   * Every reading of the session with its time, in any order: the last pre-dose full set, the
   * discharge full set and the latest full set are found in them. Absent or empty: none taken.
   */
  readonly readings?: readonly TimedReading[];
  /** Modified Aldrete item scores (0 to 2 each). */
  readonly aldrete?: AldreteScores;
  /** A responsible adult is present to take the patient home. */
  readonly escortConfirmed?: boolean;
  /** Escalation alerts of the session; an empty list means none; absent is missing. */
  readonly escalations?: readonly EscalationRecord[];
  /**
   * The session's ketamine draws from stock (issue 23, Must 3): `not-kept` when the site keeps no
   * ketamine stock in Kairos; else how many draws there are and how many are not yet accounted for
   * (drawn = given + wasted). `not-from-stock` for an oral/sublingual dose, whose compounded
   * product the stock does not hold. Absent is missing.
   */
  readonly ketamineDraws?: 'not-kept' | 'not-from-stock' | { readonly drawn: number; readonly unaccounted: number };
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
  /** The discharge full set the blood-pressure conditions were judged on, when there is one. */
  readonly dischargeVitals?: FoundFullSet;
  /** The last pre-dose full set it was compared with, when there is one. */
  readonly preDoseVitals?: FoundFullSet;
}

/** The words of the time conditions by route: without an infusion they count from the administration. */
const DISCHARGE_WORDS: Readonly<Record<DosingRoute, { ended: string; afterEnd: string; afterStart: string }>> = Object.freeze({
  IV: { ended: 'the infusion has ended', afterEnd: 'after the infusion ended', afterStart: 'after the infusion started' },
  IM: { ended: 'the injection was given', afterEnd: 'after the injection', afterStart: 'after the injection' },
  SL: { ended: 'the dose was given', afterEnd: 'after the dose was given', afterStart: 'after the dose was given' },
});

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n}`;

function timeCondition(id: DischargeConditionId, metAtMs: number, asOfMs: number, what: string): DischargeCondition {
  const met = asOfMs >= metAtMs;
  const minutesLeft = Math.ceil((metAtMs - asOfMs) / MS_PER_MINUTE);
  return {
    id,
    status: met ? 'met' : 'unmet',
    // The time itself is in metAt (a client words it in the site's zone); the message stays plain.
    message: met ? `${what}: met` : `${what}: in ${minutesLeft} min`,
    metAt: toIso(metAtMs),
  };
}

/** Every milligram drawn for the session is accounted for before the patient leaves (issue 23, Must 3). */
function ketamineCondition(draws: DischargeInput['ketamineDraws']): DischargeCondition {
  const id = 'ketamine-accounted';
  if (draws === 'not-kept') return { id, status: 'not-applicable', message: 'the site keeps no ketamine stock in Kairos' };
  // An oral/sublingual dose comes from a compounded product, not from the vials the stock holds.
  if (draws === 'not-from-stock')
    return {
      id,
      status: 'not-applicable',
      message: 'an oral/sublingual dose is not drawn from the ketamine stock in Kairos: record it in the clinic’s controlled-substance log',
    };
  if (draws === undefined) return { id, status: 'missing', message: 'whether the ketamine drawn is accounted for is unknown' };
  if (draws.drawn === 0) return { id, status: 'missing', message: 'record the ketamine drawn for this session' };
  if (draws.unaccounted > 0)
    return { id, status: 'unmet', message: 'waste what remains of the ketamine drawn, with a witness (drawn = given + wasted)' };
  return { id, status: 'met', message: 'the ketamine drawn is accounted for: drawn = given + wasted' };
}

/**
 * Decides whether a patient may be discharged at `asOf`. Time conditions are inclusive (exactly
 * 60 min after the end is enough) and report when they will be met; the observation ends at the
 * later of end + 60 min and start + 120 min (defaults). Discharge vital signs: a full set after the
 * end and within 15 min before `asOf` (default); without one the blood-pressure conditions are
 * `missing` ("take discharge vital signs"). Blood pressure: systolic and diastolic each at most
 * 20 mmHg above the last pre-dose full set (inclusive; lower passes), or both below the in-session
 * warning level; and systolic at least the floor (90). Aldrete: total >= 9 with
 * respiration 2 and SpO2 2. Escort confirmed. After an escalation: every escalation acknowledged
 * and the latest full set of vital signs below the in-session warning level. The ketamine drawn for
 * the session accounted for (drawn = given + wasted) where the site keeps its stock in Kairos.
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

  const w = DISCHARGE_WORDS[input.route ?? 'IV'];
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
    conditions.push({ id: 'infusion-ended', status: 'met', message: w.ended, metAt: toIso(endMs) });
    conditions.push(
      timeCondition(
        'observation-after-end',
        endMs + d.minimumMinutesAfterEnd.value * MS_PER_MINUTE,
        asOfMs,
        `at least ${d.minimumMinutesAfterEnd.value} min ${w.afterEnd}`,
      ),
    );
  }
  const afterStartMs = startMs + d.minimumMinutesAfterStart.value * MS_PER_MINUTE;
  conditions.push(
    timeCondition('observation-after-start', afterStartMs, asOfMs, `at least ${d.minimumMinutesAfterStart.value} min ${w.afterStart}`),
  );
  if (endMs !== undefined) {
    minimumObservationEndsAt = toIso(Math.max(endMs + d.minimumMinutesAfterEnd.value * MS_PER_MINUTE, afterStartMs));
  }

  // The discharge full set: after the infusion ended, within the window before now.
  const readings = input.readings ?? [];
  const windowMinutes = d.fullSetWithinMinutes.value;
  const preDoseVitals = latestFullSet(readings, { to: startMs - 1 });
  const dischargeVitals =
    endMs === undefined || endMs > asOfMs
      ? undefined
      : latestFullSet(readings, { from: Math.max(endMs, asOfMs - windowMinutes * MS_PER_MINUTE), to: asOfMs });
  const take = `take discharge vital signs: a full set (systolic, diastolic, heart rate, SpO2) ${w.afterEnd}, within ${windowMinutes} min before discharge`;
  conditions.push(
    dischargeVitals === undefined
      ? { id: 'discharge-vitals', status: 'missing', message: take, parameters: ['vitals.discharge.fullSetWithinMinutes'] }
      : {
          id: 'discharge-vitals',
          status: 'met',
          message: `discharge vital signs taken (a full set ${w.afterEnd}, within ${windowMinutes} min)`,
          expiresAt: toIso(toEpochMs(dischargeVitals.at) + windowMinutes * MS_PER_MINUTE),
          parameters: ['vitals.discharge.fullSetWithinMinutes'],
        },
  );

  // Blood pressure: no more than `within` above the last pre-dose full set, or both below the warning level; and the floor.
  const within = d.bloodPressureWithinMmHg.value;
  const warn = config.inSession.warn;
  const bpParams = [
    'vitals.discharge.bloodPressureWithinMmHg',
    'vitals.inSession.warn.systolicAtLeast',
    'vitals.inSession.warn.diastolicAtLeast',
  ];
  const now = dischargeVitals?.reading;
  const pre = preDoseVitals?.reading;
  if (now?.systolic === undefined || now.diastolic === undefined) {
    conditions.push({
      id: 'blood-pressure',
      status: 'missing',
      message: 'blood pressure: waits for the discharge vital signs',
      parameters: bpParams,
    });
  } else {
    const belowWarning = now.systolic < warn.systolicAtLeast.value && now.diastolic < warn.diastolicAtLeast.value;
    const warningWords = `below the warning level ${warn.systolicAtLeast.value}/${warn.diastolicAtLeast.value}`;
    if (pre?.systolic === undefined || pre.diastolic === undefined) {
      conditions.push(
        belowWarning
          ? {
              id: 'blood-pressure',
              status: 'met',
              message: `blood pressure ${now.systolic}/${now.diastolic} is ${warningWords} (no pre-dose full set to compare with)`,
              parameters: bpParams,
            }
          : {
              id: 'blood-pressure',
              status: 'missing',
              message: `blood pressure ${now.systolic}/${now.diastolic} is not ${warningWords}, and there is no pre-dose full set to compare it with`,
              parameters: bpParams,
            },
      );
    } else {
      const ds = now.systolic - pre.systolic;
      const dd = now.diastolic - pre.diastolic;
      const nearPreDose = ds <= within && dd <= within;
      const ok = nearPreDose || belowWarning;
      const versus = `${now.systolic}/${now.diastolic} (${signed(ds)}/${signed(dd)} against pre-dose ${pre.systolic}/${pre.diastolic})`;
      conditions.push({
        id: 'blood-pressure',
        status: ok ? 'met' : 'unmet',
        message: ok
          ? `blood pressure ${versus}: ${nearPreDose ? `no more than ${within} mmHg above pre-dose` : warningWords}`
          : `blood pressure ${versus} must be no more than ${within} mmHg above pre-dose, or ${warningWords}`,
        parameters: bpParams,
      });
    }
  }
  const floor = d.systolicAtLeast.value;
  conditions.push(
    now?.systolic === undefined
      ? {
          id: 'blood-pressure-floor',
          status: 'missing',
          message: `systolic floor of ${floor} mmHg: waits for the discharge vital signs`,
          parameters: ['vitals.discharge.systolicAtLeast'],
        }
      : {
          id: 'blood-pressure-floor',
          status: now.systolic >= floor ? 'met' : 'unmet',
          message:
            now.systolic >= floor
              ? `systolic ${now.systolic} is at least ${floor}`
              : `systolic ${now.systolic} is below the discharge floor of ${floor} mmHg`,
          parameters: ['vitals.discharge.systolicAtLeast'],
        },
  );

  // Modified Aldrete.
  const aldrete = scoreModifiedAldrete(input.aldrete ?? {});
  if (aldrete.total === undefined) {
    conditions.push({
      id: 'aldrete-total',
      status: 'missing',
      message: `modified Aldrete items not scored: ${aldrete.missing.join(', ')}`,
    });
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
    conditions.push({ id: 'escort', status: 'missing', message: 'confirm the adult who takes the patient home' });
  } else {
    conditions.push({
      id: 'escort',
      status: input.escortConfirmed ? 'met' : 'unmet',
      message: input.escortConfirmed ? 'a responsible adult is present' : 'no responsible adult to take the patient home',
    });
  }

  // After an escalation.
  if (input.escalations === undefined) {
    // Each condition says what it is about: two lines with one message read as a repeated line.
    conditions.push({
      id: 'escalations-acknowledged',
      status: 'missing',
      message: 'whether every escalation was acknowledged is unknown (the session’s escalations were not given)',
    });
    conditions.push({
      id: 'vitals-below-warning',
      status: 'missing',
      message: 'whether vital signs settled after an escalation is unknown (the session’s escalations were not given)',
    });
  } else if (input.escalations.length === 0) {
    conditions.push({ id: 'escalations-acknowledged', status: 'not-applicable', message: 'no escalation to acknowledge in this session' });
    conditions.push({
      id: 'vitals-below-warning',
      status: 'not-applicable',
      message: 'no escalation, so no recheck of vital signs after one',
    });
  } else {
    const open = input.escalations.filter((e) => !e.acknowledged).length;
    conditions.push({
      id: 'escalations-acknowledged',
      status: open === 0 ? 'met' : 'unmet',
      message: open === 0 ? 'every escalation acknowledged by a prescriber' : `${open} escalation(s) not acknowledged by a prescriber`,
    });
    const lastEscalationMs = Math.max(...input.escalations.map((e) => toEpochMs(e.at)));
    const latest = latestFullSet(readings, { to: asOfMs });
    if (latest === undefined || toEpochMs(latest.at) < lastEscalationMs) {
      conditions.push({ id: 'vitals-below-warning', status: 'missing', message: 'no full set of vital signs since the escalation' });
    } else {
      const c = classifyVitals(latest.reading, 'observing', pre, config);
      conditions.push({
        id: 'vitals-below-warning',
        status: c.level === 'normal' ? 'met' : 'unmet',
        message:
          c.level === 'normal'
            ? 'latest full set of vital signs below the warning level'
            : `latest full set of vital signs at ${c.level} level: ${c.fired.map((f) => `${f.vital} ${f.value} ${f.comparator} ${f.threshold}`).join('; ')}`,
        parameters: c.fired.map((f) => f.parameter),
      });
    }
  }

  conditions.push(ketamineCondition(input.ketamineDraws));

  const unmet = conditions.filter((c) => c.status === 'unmet' || c.status === 'missing');
  return {
    ready: unmet.length === 0,
    conditions,
    unmet,
    ...(minimumObservationEndsAt === undefined ? {} : { minimumObservationEndsAt }),
    aldrete,
    ...(dischargeVitals === undefined ? {} : { dischargeVitals }),
    ...(preDoseVitals === undefined ? {} : { preDoseVitals }),
  };
}

/** Discharge readiness as a rule. */
export const dischargeReadinessRule = defineRule({
  id: 'monitoring.discharge-readiness',
  version: '2',
  title: 'Discharge readiness: observation time, blood pressure, modified Aldrete, escort, escalations',
  sources: [fromSource(['aldrete-1995', 'kim-2015', 'spravato-label', 'ketalar-label'])],
  evaluate: (input: DischargeInput, config: VitalsSection, asOf: Instant): DischargeReadiness =>
    assessDischargeReadiness(input, asOf, config),
});
