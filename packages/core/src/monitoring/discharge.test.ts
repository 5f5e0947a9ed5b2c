import { describe, expect, it } from 'vitest';
import { vitalsDefaults as config } from '../protocol-config/sections/vitals.js';
import { ALDRETE_ITEMS, MODIFIED_ALDRETE, scoreModifiedAldrete } from './aldrete.js';
import { assessDischargeReadiness, dischargeReadinessRule, type DischargeInput } from './discharge.js';
import type { TimedReading } from './full-set.js';
import type { VitalsReading } from './vital-signs.js';

const START = '2026-12-08T09:00:00Z';
const startMs = Date.parse(START);
const at = (minute: number): string => new Date(startMs + minute * 60_000).toISOString();

const PRE_DOSE: VitalsReading = { systolic: 124, diastolic: 78, heartRate: 72, spo2: 98 };
/** A full set every 5 min from minute 45 to 300 with this blood pressure (and calm other values). */
const afterEnd = (bp: VitalsReading = { systolic: 130, diastolic: 80 }, from = 45): TimedReading[] =>
  Array.from({ length: Math.floor((300 - from) / 5) + 1 }, (_, i) => ({
    at: at(from + i * 5),
    reading: { heartRate: 70, spo2: 97, ...bp },
  }));
const readingsWith = (pre: VitalsReading | undefined, after: TimedReading[]): TimedReading[] => [
  ...(pre === undefined ? [] : [{ at: at(-10), reading: pre }]),
  ...after,
];

/** A patient ready to go home after a 40-min infusion; override what the test is about. */
const ready = (over: Partial<DischargeInput> = {}): DischargeInput => ({
  infusionStart: START,
  infusionEnd: at(40),
  readings: readingsWith(PRE_DOSE, afterEnd()),
  aldrete: { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 },
  escortConfirmed: true,
  escalations: [],
  ketamineDraws: 'not-kept',
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
    expect(r.unmet.map((c) => c.id)).toEqual([
      'infusion-ended',
      'observation-after-end',
      'discharge-vitals',
      'blood-pressure',
      'blood-pressure-floor',
    ]);
    expect(r.minimumObservationEndsAt).toBeUndefined();
  });
});

describe('discharge vital signs: a full set after the end, within 15 min before discharge (inclusive)', () => {
  const once = (minute: number, reading: VitalsReading = { systolic: 130, diastolic: 80, heartRate: 70, spo2: 97 }) =>
    ready({ readings: readingsWith(PRE_DOSE, [{ at: at(minute), reading }]) });
  it.each([
    ['a set 15 min before counts: bound inclusive', 115, 130, 'met'],
    ['a set 16 min before does not', 114, 130, 'missing'],
    ['a set taken at the moment of discharge counts', 130, 130, 'met'],
    ['a set before the infusion ended does not', 39, 50, 'missing'],
  ] as const)('%s', (_t, takenAt, asOf, expected) => {
    expect(status(once(takenAt), asOf, 'discharge-vitals')).toBe(expected);
  });
  it('no reading after the infusion: "take discharge vital signs", and the pre-dose set is never compared with itself', () => {
    const r = assessDischargeReadiness(ready({ readings: readingsWith(PRE_DOSE, []) }), at(130), config);
    expect(r.ready).toBe(false);
    expect(r.unmet.map((c) => [c.id, c.status])).toEqual([
      ['discharge-vitals', 'missing'],
      ['blood-pressure', 'missing'],
      ['blood-pressure-floor', 'missing'],
    ]);
    expect(r.unmet[0]?.message).toMatch(/^take discharge vital signs/);
  });
  it.each([
    ['without SpO2', { systolic: 130, diastolic: 80, heartRate: 70 }],
    ['without heart rate', { systolic: 130, diastolic: 80, spo2: 97 }],
    ['blood pressure only', { systolic: 130, diastolic: 80 }],
  ])('a partial set after the end (%s) is not a discharge set', (_t, reading) => {
    expect(status(once(125, reading), 130, 'discharge-vitals')).toBe('missing');
  });
  it('respiratory rate is not needed for a full set', () => {
    expect(status(once(125), 130, 'discharge-vitals')).toBe('met');
  });
  it('a met discharge set says when it lapses (15 min after it was taken), so a console can refresh then', () => {
    const c = assessDischargeReadiness(once(125), at(130), config).conditions.find((x) => x.id === 'discharge-vitals');
    expect(c?.expiresAt).toBe(at(140));
  });
});

describe('discharge blood pressure: at most 20 mmHg above the last pre-dose full set, or below the warning level; systolic floor 90', () => {
  const pre = (bp: VitalsReading) => ({ ...PRE_DOSE, ...bp });
  it.each([
    ['systolic +20 passes: bound inclusive', { systolic: 124, diastolic: 78 }, { systolic: 144, diastolic: 78 }, 'met'],
    ['diastolic +20 passes: bound inclusive', { systolic: 124, diastolic: 78 }, { systolic: 124, diastolic: 98 }, 'met'],
    [
      'a lower value passes (anxious pre-dose 148/92, recovered 126/80)',
      { systolic: 148, diastolic: 92 },
      { systolic: 126, diastolic: 80 },
      'met',
    ],
    ['systolic -40 passes: lower is not a failure of this rule', { systolic: 150, diastolic: 78 }, { systolic: 110, diastolic: 70 }, 'met'],
    ['+21 systolic but below the warning level 160/100 passes', { systolic: 124, diastolic: 78 }, { systolic: 145, diastolic: 78 }, 'met'],
    ['+21 diastolic at 99 (below 100) passes', { systolic: 124, diastolic: 78 }, { systolic: 124, diastolic: 99 }, 'met'],
    [
      '+21 systolic at 160 (the warning level, inclusive) fails',
      { systolic: 139, diastolic: 78 },
      { systolic: 160, diastolic: 78 },
      'unmet',
    ],
    [
      '+21 diastolic at 100 (the warning level, inclusive) fails',
      { systolic: 124, diastolic: 79 },
      { systolic: 124, diastolic: 100 },
      'unmet',
    ],
    ['+20 at 162/98 passes (within 20 of pre-dose 142/78)', { systolic: 142, diastolic: 78 }, { systolic: 162, diastolic: 98 }, 'met'],
  ] as const)('%s', (_t, preBp, dischargeBp, expected) => {
    expect(status(ready({ readings: readingsWith(pre(preBp), afterEnd(dischargeBp)) }), 130, 'blood-pressure')).toBe(expected);
  });
  it('no pre-dose full set: met only below the warning level, otherwise missing', () => {
    expect(status(ready({ readings: readingsWith(undefined, afterEnd()) }), 130, 'blood-pressure')).toBe('met');
    expect(status(ready({ readings: readingsWith(undefined, afterEnd({ systolic: 165, diastolic: 80 })) }), 130, 'blood-pressure')).toBe(
      'missing',
    );
    expect(
      status(
        ready({ readings: readingsWith({ systolic: 124, diastolic: 78 }, afterEnd({ systolic: 165, diastolic: 80 })) }),
        130,
        'blood-pressure',
      ),
    ).toBe('missing');
  });
  it.each([
    ['systolic 90 meets the floor: bound inclusive', 90, 'met'],
    ['systolic 89 is below the floor', 89, 'unmet'],
  ] as const)('%s', (_t, systolic, expected) => {
    expect(status(ready({ readings: readingsWith(PRE_DOSE, afterEnd({ systolic, diastolic: 60 })) }), 130, 'blood-pressure-floor')).toBe(
      expected,
    );
  });
  it('the conditions name their protocol parameters', () => {
    const r = assessDischargeReadiness(ready(), at(130), config);
    expect(r.conditions.find((c) => c.id === 'blood-pressure-floor')?.parameters).toEqual(['vitals.discharge.systolicAtLeast']);
    expect(r.conditions.find((c) => c.id === 'blood-pressure')?.parameters).toContain('vitals.discharge.bloodPressureWithinMmHg');
    expect(r.dischargeVitals?.at).toBe(at(130));
    expect(r.preDoseVitals?.at).toBe(at(-10));
  });
});

describe('modified Aldrete: total >= 9 with respiration 2 and SpO2 2', () => {
  it.each([
    ['total 10 passes', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }, true, []],
    ['total 9 passes: bound inclusive', { activity: 1, respiration: 2, circulation: 2, consciousness: 2, spo2: 2 }, true, []],
    ['total 8 fails', { activity: 1, respiration: 2, circulation: 1, consciousness: 2, spo2: 2 }, false, ['aldrete-total']],
    [
      'total 9 with respiration 1 fails',
      { activity: 2, respiration: 1, circulation: 2, consciousness: 2, spo2: 2 },
      false,
      ['aldrete-respiration'],
    ],
    ['total 9 with SpO2 1 fails', { activity: 2, respiration: 2, circulation: 2, consciousness: 2, spo2: 1 }, false, ['aldrete-spo2']],
    [
      'an unscored item is missing (never 0, no partial total)',
      { activity: 2, respiration: 2, circulation: 2, spo2: 2 },
      false,
      ['aldrete-total'],
    ],
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
  // A checklist that prints one line twice reads as a defect (issue 22): each condition says what it is about.
  it.each([
    ['no escalation', ready()],
    ['escalations not given', ready({ escalations: undefined })],
    ['nothing recorded yet', ready({ escalations: undefined, escortConfirmed: undefined, aldrete: undefined })],
  ])('%s: no two conditions share a message', (_label, input) => {
    const messages = assessDischargeReadiness(input, at(130), config).conditions.map((c) => c.message);
    expect(new Set(messages).size).toBe(messages.length);
  });
  const full = { systolic: 140, diastolic: 85, heartRate: 80, spo2: 97, respiratoryRate: 14 };
  const withLatest = (reading: VitalsReading, minute = 125) =>
    readingsWith(PRE_DOSE, [
      ...afterEnd(undefined, 45).filter((r) => Date.parse(String(r.at)) < Date.parse(at(minute))),
      { at: at(minute), reading },
    ]);
  it('after an acknowledged escalation, a full set below the warning level allows discharge', () => {
    const r = assessDischargeReadiness(
      ready({ escalations: [{ at: at(60), acknowledged: true }], readings: withLatest(full) }),
      at(130),
      config,
    );
    expect(r.ready).toBe(true);
  });
  it('an unacknowledged escalation blocks discharge', () => {
    const r = assessDischargeReadiness(
      ready({ escalations: [{ at: at(60), acknowledged: false }], readings: withLatest(full) }),
      at(130),
      config,
    );
    expect(r.unmet.map((c) => c.id)).toEqual(['escalations-acknowledged']);
  });
  it('after an escalation, SBP 160 in the latest full set (warning level, inclusive) blocks discharge; 159 does not', () => {
    const esc = [{ at: at(60), acknowledged: true }];
    expect(status(ready({ escalations: esc, readings: withLatest({ ...full, systolic: 160 }) }), 130, 'vitals-below-warning')).toBe(
      'unmet',
    );
    expect(status(ready({ escalations: esc, readings: withLatest({ ...full, systolic: 159 }) }), 130, 'vitals-below-warning')).toBe('met');
  });
  it('after an escalation, SBP 79 in the latest full set (hypotension) blocks discharge', () => {
    const esc = [{ at: at(60), acknowledged: true }];
    expect(
      status(ready({ escalations: esc, readings: withLatest({ ...full, systolic: 79, diastolic: 50 }) }), 130, 'vitals-below-warning'),
    ).toBe('unmet');
  });
  it('after an escalation, no full set since it is missing', () => {
    const esc = [{ at: at(200), acknowledged: true }];
    expect(
      status(
        ready({
          escalations: esc,
          readings: readingsWith(
            PRE_DOSE,
            afterEnd(undefined, 45).filter((r) => Date.parse(String(r.at)) < Date.parse(at(200))),
          ),
        }),
        210,
        'vitals-below-warning',
      ),
    ).toBe('missing');
  });
});

describe('dischargeReadinessRule and the Aldrete items', () => {
  it('the rule evaluates (input, config, asOf)', () => {
    expect(dischargeReadinessRule.evaluate(ready(), config, at(120)).ready).toBe(true);
    expect(dischargeReadinessRule.sources.flatMap((p) => (p.kind === 'source' ? p.citations : []))).toContain('aldrete-1995');
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

describe('the ketamine drawn is accounted for before discharge (issue 23, Must 3)', () => {
  it.each([
    ['the site keeps no stock in Kairos: not applicable', 'not-kept', 'not-applicable'],
    ['not given: missing, never fine', undefined, 'missing'],
    ['no draw recorded: missing', { drawn: 0, unaccounted: 0 }, 'missing'],
    ['a draw not yet accounted for: unmet', { drawn: 1, unaccounted: 1 }, 'unmet'],
    ['two draws, one accounted for: unmet', { drawn: 2, unaccounted: 1 }, 'unmet'],
    ['every draw accounted for: met', { drawn: 1, unaccounted: 0 }, 'met'],
  ] as const)('%s', (_, draws, expected) => {
    expect(status(ready({ ketamineDraws: draws }), 130, 'ketamine-accounted')).toBe(expected);
  });

  it('an unaccounted draw alone keeps the patient from discharge', () => {
    const r = assessDischargeReadiness(ready({ ketamineDraws: { drawn: 1, unaccounted: 1 } }), at(130), config);
    expect(r.ready).toBe(false);
    expect(r.unmet.map((c) => c.id)).toEqual(['ketamine-accounted']);
    expect(r.unmet[0]?.message).toMatch(/witness/);
  });
});
