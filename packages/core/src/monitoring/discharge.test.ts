import { describe, expect, it } from 'vitest';
import { vitalsDefaults as config } from '../protocol-config/sections/vitals.js';
import { ALDRETE_ITEMS, MODIFIED_ALDRETE, scoreModifiedAldrete } from './aldrete.js';
import { assessDischargeReadiness, dischargeReadinessRule, type DischargeInput } from './discharge.js';

const START = '2026-12-08T09:00:00Z';
const startMs = Date.parse(START);
const at = (minute: number): string => new Date(startMs + minute * 60_000).toISOString();

/** A patient ready to go home after a 40-min infusion; override what the test is about. */
const ready = (over: Partial<DischargeInput> = {}): DischargeInput => ({
  infusionStart: START,
  infusionEnd: at(40),
  preDose: { systolic: 124, diastolic: 78 },
  latestBloodPressure: { systolic: 130, diastolic: 80 },
  aldrete: { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 },
  escortConfirmed: true,
  escalations: [],
  ...over,
});

const status = (input: DischargeInput, minute: number, id: string) =>
  assessDischargeReadiness(input, at(minute), config).conditions.find((c) => c.id === id)?.status;

describe('minimum observation: the later of end + 60 min and start + 120 min', () => {
  it('40-min infusion: not ready at 119 min (start + 120 not reached), ready at exactly 120 (inclusive)', () => {
    const r119 = assessDischargeReadiness(ready(), at(119), config);
    expect(r119.ready).toBe(false);
    expect(r119.unmet.map((c) => c.id)).toEqual(['observation-after-start']);
    expect(r119.unmet[0]?.metAt).toBe(at(120));
    expect(r119.minimumObservationEndsAt).toBe(at(120));
    expect(assessDischargeReadiness(ready(), at(120), config).ready).toBe(true);
  });
  it('90-min infusion: end + 60 (150) is the later one; 149 not ready, 150 ready', () => {
    const input = ready({ infusionEnd: at(90) });
    const r = assessDischargeReadiness(input, at(149), config);
    expect(r.unmet.map((c) => c.id)).toEqual(['observation-after-end']);
    expect(r.unmet[0]?.metAt).toBe(at(150));
    expect(r.minimumObservationEndsAt).toBe(at(150));
    expect(assessDischargeReadiness(input, at(150), config).ready).toBe(true);
  });
  it('both time conditions unmet early on, each with when it will be met', () => {
    const r = assessDischargeReadiness(ready(), at(50), config);
    expect(r.unmet.map((c) => [c.id, c.metAt])).toEqual([
      ['observation-after-end', at(100)],
      ['observation-after-start', at(120)],
    ]);
  });
  it('an infusion that has not ended is not ready, and the end-based time is unknown', () => {
    const r = assessDischargeReadiness(ready({ infusionEnd: undefined }), at(200), config);
    expect(r.ready).toBe(false);
    expect(r.unmet.map((c) => c.id)).toEqual(['infusion-ended', 'observation-after-end']);
    expect(r.minimumObservationEndsAt).toBeUndefined();
  });
});

describe('blood pressure within 20 mmHg of the last pre-dose reading (inclusive)', () => {
  it.each([
    ['systolic +20 is within: bound inclusive', { systolic: 144, diastolic: 78 }, 'met'],
    ['systolic +21 is not', { systolic: 145, diastolic: 78 }, 'unmet'],
    ['systolic -20 is within', { systolic: 104, diastolic: 78 }, 'met'],
    ['systolic -21 is not', { systolic: 103, diastolic: 78 }, 'unmet'],
    ['diastolic +20 is within', { systolic: 124, diastolic: 98 }, 'met'],
    ['diastolic +21 is not', { systolic: 124, diastolic: 99 }, 'unmet'],
    ['diastolic -21 is not', { systolic: 124, diastolic: 57 }, 'unmet'],
    ['a reading without diastolic is missing, not met', { systolic: 124 }, 'missing'],
  ] as const)('%s', (_t, latest, expected) => {
    expect(status(ready({ latestBloodPressure: latest }), 130, 'blood-pressure')).toBe(expected);
  });
  it('no pre-dose reading is missing', () => {
    expect(status(ready({ preDose: undefined }), 130, 'blood-pressure')).toBe('missing');
  });
});

describe('modified Aldrete: total >= 9 with respiration 2 and SpO2 2', () => {
  it.each([
    ['total 10 passes', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }, true, []],
    ['total 9 passes: bound inclusive', { activity: 1, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }, true, []],
    ['total 8 fails', { activity: 1, respiration: 2, circulation: 1, consciousness: 2, spo2: 2 }, false, ['aldrete-total']],
    ['total 9 with respiration 1 fails', { activity: 2, respiration: 1, circulation: 2, consciousness: 2, spo2: 2 }, false, ['aldrete-respiration']],
    ['total 9 with SpO2 1 fails', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 1 }, false, ['aldrete-spo2']],
    ['an unscored item is missing (never 0, no partial total)', { activity: 2, respiration: 2, circulation: 2, spo2: 2 }, false, ['aldrete-total']],
  ] as const)('%s', (_t, aldrete, isReady, unmet) => {
    const r = assessDischargeReadiness(ready({ aldrete }), at(130), config);
    expect(r.ready).toBe(isReady);
    expect(r.unmet.map((c) => c.id)).toEqual(unmet);
  });
  it('no Aldrete at all: total, respiration and SpO2 are all missing', () => {
    const r = assessDischargeReadiness(ready({ aldrete: undefined }), at(130), config);
    expect(r.unmet.map((c) => [c.id, c.status])).toEqual([
      ['aldrete-total', 'missing'],
      ['aldrete-respiration', 'missing'],
      ['aldrete-spo2', 'missing'],
    ]);
  });
});

describe('escort and escalations', () => {
  it('escort not confirmed is missing; false is unmet', () => {
    expect(status(ready({ escortConfirmed: undefined }), 130, 'escort')).toBe('missing');
    expect(status(ready({ escortConfirmed: false }), 130, 'escort')).toBe('unmet');
  });
  it('escalations not given are missing (absent is not "none")', () => {
    const r = assessDischargeReadiness(ready({ escalations: undefined }), at(130), config);
    expect(r.ready).toBe(false);
    expect(r.unmet.map((c) => c.id)).toEqual(['escalations-acknowledged', 'vitals-below-warning']);
  });
  it('no escalation: both escalation conditions do not apply', () => {
    expect(status(ready(), 130, 'escalations-acknowledged')).toBe('not-applicable');
    expect(status(ready(), 130, 'vitals-below-warning')).toBe('not-applicable');
  });
  const full = { systolic: 140, diastolic: 85, heartRate: 80, spo2: 97, respiratoryRate: 14 };
  it('after an acknowledged escalation, a full set below the warning level allows discharge', () => {
    const r = assessDischargeReadiness(
      ready({ escalations: [{ at: at(60), acknowledged: true }], latestFullVitals: full }),
      at(130),
      config,
    );
    expect(r.ready).toBe(true);
  });
  it('an unacknowledged escalation blocks discharge', () => {
    const r = assessDischargeReadiness(ready({ escalations: [{ at: at(60), acknowledged: false }], latestFullVitals: full }), at(130), config);
    expect(r.unmet.map((c) => c.id)).toEqual(['escalations-acknowledged']);
  });
  it('after an escalation, SBP 160 in the latest full set (warning level, inclusive) blocks discharge; 159 does not', () => {
    const esc = [{ at: at(60), acknowledged: true }];
    expect(status(ready({ escalations: esc, latestFullVitals: { ...full, systolic: 160 } }), 130, 'vitals-below-warning')).toBe('unmet');
    expect(status(ready({ escalations: esc, latestFullVitals: { ...full, systolic: 159 } }), 130, 'vitals-below-warning')).toBe('met');
  });
  it('after an escalation, an incomplete latest set is missing', () => {
    const esc = [{ at: at(60), acknowledged: true }];
    expect(status(ready({ escalations: esc, latestFullVitals: { systolic: 120, diastolic: 80 } }), 130, 'vitals-below-warning')).toBe('missing');
    expect(status(ready({ escalations: esc }), 130, 'vitals-below-warning')).toBe('missing');
  });
});

describe('dischargeReadinessRule and the Aldrete items', () => {
  it('the rule evaluates (input, config, asOf)', () => {
    expect(dischargeReadinessRule.evaluate(ready(), config, at(120)).ready).toBe(true);
    expect(dischargeReadinessRule.sources).toContain('aldrete-1995');
  });
  it('every Aldrete item has options 2, 1, 0 with a description', () => {
    for (const item of ALDRETE_ITEMS) {
      const d = MODIFIED_ALDRETE[item];
      expect(d.options.map((o) => o.score)).toEqual([2, 1, 0]);
      for (const o of d.options) expect(o.description.length).toBeGreaterThan(3);
    }
  });
  it('scores total 0..10 and refuses item scores other than 0, 1, 2', () => {
    expect(scoreModifiedAldrete({ activity: 0, respiration: 0, circulation: 0, consciousness: 0, spo2: 0 }).total).toBe(0);
    expect(scoreModifiedAldrete({ activity: 2, respiration: 1, circulation: 2, consciousness: 1, spo2: 2 }).total).toBe(8);
    expect(() => scoreModifiedAldrete({ activity: 3 })).toThrow(RangeError);
    expect(() => scoreModifiedAldrete({ activity: 1.5 })).toThrow(RangeError);
  });
});
