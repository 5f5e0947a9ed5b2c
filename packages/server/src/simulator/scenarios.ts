/**
 * Monitor scenarios for the simulator: deterministic vital signs minute by minute from the start
 * of the infusion. The normal course follows clinical-facts.md (Yale chart review 2024; Szarmach
 * 2020): blood pressure peaks near 40 minutes with a mean rise of 16/11 mmHg and is back to
 * baseline within 1.5 h. The other scenarios cross the protocol thresholds at stated minutes.
 * This is test and demo tooling, not a clinical rule.
 *
 * @module
 */

export const SCENARIOS = ['normal', 'hypertensive-episode', 'desaturation', 'hypotension'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface SimulatedReading {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate: number;
}

const BASELINE: SimulatedReading = { systolic: 122, diastolic: 78, heartRate: 72, spo2: 98, respiratoryRate: 14 };
/** Mean rise at the peak, mmHg (clinical-facts.md: Yale chart review 2024, 16/11). */
export const NORMAL_PEAK_RISE = { systolic: 16, diastolic: 11 } as const;
/** Minute of the peak (clinical-facts.md: about 40 minutes in). */
export const PEAK_MINUTE = 40;
/** Back to baseline by this minute (within 1.5 h). */
export const BASELINE_BY_MINUTE = 90;

/** When each scenario crosses its threshold, for tests and for the demo's narration. */
export const SCENARIO_EVENTS = {
  'hypertensive-episode': { minute: 35, what: 'systolic 182 mmHg (pause level: systolic >= 180)' },
  desaturation: { minute: 22, what: 'SpO2 90% (pause level: SpO2 < 92%)' },
  hypotension: { minute: 25, what: 'blood pressure 76/44 mmHg (pause level: systolic < 80, diastolic < 45)' },
} as const;

/** The hypotensive dip: from minute 15, deepest at minute 25 (76/44), back on the normal course by minute 35. */
const HYPOTENSION_DIP = { from: 15, nadir: 25, until: 35, systolic: 76, diastolic: 44 } as const;

/** The course's shape: 0 before the start, rising to 1 at the peak, back to 0 by BASELINE_BY_MINUTE. */
function riseFraction(minute: number): number {
  if (minute <= 0) return 0;
  if (minute <= PEAK_MINUTE) return Math.sin((Math.PI / 2) * (minute / PEAK_MINUTE));
  if (minute >= BASELINE_BY_MINUTE) return 0;
  return Math.cos((Math.PI / 2) * ((minute - PEAK_MINUTE) / (BASELINE_BY_MINUTE - PEAK_MINUTE)));
}

/** The reading of a scenario at a minute from the start of the infusion (negative: before it). */
export function scenarioReading(scenario: Scenario, minute: number): SimulatedReading {
  const f = riseFraction(minute);
  const r: SimulatedReading = {
    systolic: Math.round(BASELINE.systolic + NORMAL_PEAK_RISE.systolic * f),
    diastolic: Math.round(BASELINE.diastolic + NORMAL_PEAK_RISE.diastolic * f),
    heartRate: Math.round(BASELINE.heartRate + 8 * f),
    spo2: BASELINE.spo2,
    respiratoryRate: BASELINE.respiratoryRate,
  };
  if (scenario === 'hypertensive-episode' && minute >= 25 && minute <= 55) {
    // An episode on top of the normal rise: up to 182 at minute 35, settling by minute 55.
    const extra =
      minute <= 35
        ? ((minute - 25) / 10) * (182 - 122 - NORMAL_PEAK_RISE.systolic * riseFraction(35))
        : ((55 - minute) / 20) * (182 - 122 - NORMAL_PEAK_RISE.systolic * riseFraction(35));
    r.systolic = Math.round(BASELINE.systolic + NORMAL_PEAK_RISE.systolic * f + extra);
    r.diastolic = Math.round(r.diastolic + extra * 0.45);
    r.heartRate = Math.round(r.heartRate + extra * 0.3);
  }
  if (scenario === 'desaturation' && minute >= 18 && minute <= 30) {
    r.spo2 = minute <= 22 ? 98 - 2 * (minute - 18) : Math.min(98, 90 + (minute - 22));
    r.respiratoryRate = minute >= 20 && minute <= 26 ? 11 : 14;
  }
  if (scenario === 'hypotension' && minute > HYPOTENSION_DIP.from && minute < HYPOTENSION_DIP.until) {
    // A dip below the normal course, deepest at the nadir (a vasovagal or sedation-related fall).
    const { from, nadir, until } = HYPOTENSION_DIP;
    const depth = minute <= nadir ? (minute - from) / (nadir - from) : (until - minute) / (until - nadir);
    const atNadir = scenarioReading('normal', nadir);
    r.systolic = Math.round(r.systolic - depth * (atNadir.systolic - HYPOTENSION_DIP.systolic));
    r.diastolic = Math.round(r.diastolic - depth * (atNadir.diastolic - HYPOTENSION_DIP.diastolic));
    r.heartRate = Math.round(r.heartRate + depth * 14);
  }
  return r;
}
