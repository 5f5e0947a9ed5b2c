import { describe, expect, it } from 'vitest';
import type { SiteCalendar } from '../calendar/index.js';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { outcomeBenchmarks, outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { generateSchedule, infusionSeries6Template, maintenance1Template, retreat5DayTemplate } from '../protocols/index.js';
import {
  PROGRAM_TIME_POINTS,
  aggregateProgramFacts,
  benchmarkCitation,
  evaluateProgramCourse,
  summarizeProgramAggregates,
  type ProgramAggregates,
  programTimePointsOf,
  summarizeProgramOutcomes,
  wilsonInterval,
  type ProgramCourseInput,
  type ProgramOutcomesConfig,
  type ProgramResponse,
  type ProgramSessionInput,
} from './index.js';

const calendar = (over: Partial<SiteCalendar> = {}): SiteCalendar => ({
  timeZone: 'UTC',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  closedDates: [],
  ...over,
});

describe('wilsonInterval: Newcombe 1998, Table I, method 3 (Wilson score, no continuity correction)', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i: %f to %f (4 decimals)', (events, n, lower, upper) => {
    const ci = wilsonInterval(events, n);
    expect(ci?.lower).toBeCloseTo(lower, 4);
    expect(ci?.upper).toBeCloseTo(upper, 4);
  });
  it('0 events: the lower bound is exactly 0; n events: the upper bound is exactly 1', () => {
    expect(wilsonInterval(0, 20)?.lower).toBe(0);
    expect(wilsonInterval(20, 20)?.upper).toBe(1);
    // Symmetry: 20/20 mirrors 0/20.
    expect(wilsonInterval(20, 20)?.lower).toBeCloseTo(1 - 0.1611, 4);
  });
  it('a higher level gives a wider interval', () => {
    const at95 = wilsonInterval(15, 148);
    const at99 = wilsonInterval(15, 148, 99);
    expect(at99 !== null && at95 !== null && at99.lower < at95.lower && at99.upper > at95.upper).toBe(true);
  });
  it('n = 0: no proportion, null', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
  it.each([
    ['events > n', 5, 4],
    ['negative events', -1, 4],
    ['negative n', 0, -1],
    ['non-integer events', 1.5, 4],
    ['non-integer n', 1, 4.2],
    ['NaN events', Number.NaN, 4],
  ])('refuses %s', (_t, events, n) => {
    expect(() => wilsonInterval(events, n)).toThrow(RangeError);
  });
  it('refuses a level outside (0, 100)', () => {
    expect(() => wilsonInterval(1, 4, 100)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 0)).toThrow(RangeError);
  });
});

describe('programTimePointsOf', () => {
  it('retreat: baseline day 1, end of course day 5, +7/+30/+90; the +30 on Sunday 2027-01-10 moved to Monday is still plus-30', () => {
    const s = generateSchedule(retreat5DayTemplate, '2026-12-07', calendar());
    expect(s.measures.map((m) => [m.date, programTimePointsOf(m)])).toEqual([
      ['2026-12-07', ['baseline']],
      ['2026-12-08', []],
      ['2026-12-10', []],
      ['2026-12-11', ['end-of-course']],
      ['2026-12-18', ['plus-7']],
      ['2027-01-11', ['plus-30']],
      ['2027-03-11', ['plus-90']],
    ]);
    expect(s.measures.find((m) => m.date === '2027-01-11')?.movedFrom).toEqual(['2027-01-10']);
  });

  it('series: infusion 1 is the baseline; before infusion 4 (mid-course) stands for none; follow-ups from the last infusion', () => {
    const s = generateSchedule(infusionSeries6Template, '2026-12-07', calendar());
    expect(s.measures.map((m) => [m.date, programTimePointsOf(m)])).toEqual([
      ['2026-12-07', ['baseline']],
      ['2026-12-09', []],
      ['2026-12-11', []],
      ['2026-12-14', []],
      ['2026-12-16', []],
      ['2026-12-18', []],
      // The day after the last infusion (Saturday 12-19) moved to Monday.
      ['2026-12-21', ['end-of-course']],
      ['2026-12-25', ['plus-7']],
      // +30 days after 12-18 is Sunday 2027-01-17: moved to Monday.
      ['2027-01-18', ['plus-30']],
      ['2027-03-18', ['plus-90']],
    ]);
  });

  it('a follow-up on a closed day moves and keeps its time point', () => {
    const s = generateSchedule(infusionSeries6Template, '2026-12-07', calendar({ closedDates: ['2026-12-25'] }));
    const moved = s.measures.find((m) => m.movedFrom.includes('2026-12-25'));
    expect(moved?.date).toBe('2026-12-28');
    expect(moved && programTimePointsOf(moved)).toEqual(['plus-7']);
  });

  it('maintenance: the PCL-5 before the session is its baseline, +7 days after is plus-7', () => {
    const s = generateSchedule(maintenance1Template, '2026-12-07', calendar());
    expect(s.measures.map((m) => programTimePointsOf(m))).toEqual([['baseline'], ['plus-7']]);
  });

  it.each([
    [['dosing-day'], [], []],
    [['mid-course', 'dosing-day'], [], []],
    [['baseline', 'dosing-day'], [], ['baseline']],
    [['follow-up'], ['quarter', 'week'], ['plus-7', 'plus-90']],
    [['end-of-course', 'follow-up'], ['week'], ['end-of-course', 'plus-7']],
  ] as const)('purposes %j, offsets %j: %j', (purposes, offsets, expected) => {
    expect(programTimePointsOf({ purposes, offsets })).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// A hand-built cohort on the retreat of Monday 2026-12-07 (UTC, Monday to Friday), read on
// 2027-03-20, when every window has closed. Measures and their windows (opens 2 days before,
// overdue 2 days after; baseline opens 30 days before; end of course opens on its day):
//   2026-12-07 baseline       PCL-5 (past month), PHQ-9, GAD-7
//   2026-12-11 end of course  PCL-5 (past week), PHQ-9
//   2026-12-18 +7             PCL-5 (past week), PHQ-9
//   2027-01-11 +30            PCL-5 (past month), PHQ-9   (moved from Sunday 01-10)
//   2027-03-11 +90            PCL-5 (past month), PHQ-9
// The last dosing session is day 4, 2026-12-10.
// ---------------------------------------------------------------------------------------------

const RETREAT = generateSchedule(retreat5DayTemplate, '2026-12-07', calendar()).measures;
const TODAY = '2027-03-20';
const LAST_DOSING = '2026-12-10';
const DATES = {
  baseline: '2026-12-07',
  'end-of-course': '2026-12-11',
  'plus-7': '2026-12-18',
  'plus-30': '2027-01-11',
  'plus-90': '2027-03-11',
} as const;
const PCL5_FORM = {
  baseline: 'pcl5-month',
  'end-of-course': 'pcl5-week',
  'plus-7': 'pcl5-week',
  'plus-30': 'pcl5-month',
  'plus-90': 'pcl5-month',
};

type Point = keyof typeof DATES;
type Answer = number | null | { total: number; completedDate: string };

let nextId = 0;
/** Responses given for the scheduled dates; an answer may carry its own completion date. */
function answers(instrument: 'pcl5' | 'phq9' | 'gad7', values: Partial<Record<Point, Answer>>): ProgramResponse[] {
  return Object.entries(values).flatMap(([point, a]) => {
    if (a === null || a === undefined) return [];
    const p = point as Point;
    const { total, completedDate } = typeof a === 'number' ? { total: a, completedDate: DATES[p] } : a;
    return [
      {
        id: `r${++nextId}`,
        instrument: instrument === 'pcl5' ? PCL5_FORM[p] : instrument,
        dueDate: DATES[p],
        completedDate,
        total,
      },
    ];
  });
}

/** A started retreat course, completed, with its answers. */
function startedCourse(over: Partial<ProgramCourseInput> & { responses: ProgramResponse[] }): ProgramCourseInput {
  return {
    state: 'completed',
    screened: true,
    eligible: true,
    started: true,
    withdrawnReason: null,
    measures: RETREAT,
    lastDosingDate: LAST_DOSING,
    ...over,
  };
}

/** A course that never reached dosing: no course booked, no answers. */
function notStarted(state: string, over: Partial<ProgramCourseInput> = {}): ProgramCourseInput {
  return {
    state,
    screened: false,
    eligible: false,
    started: false,
    withdrawnReason: null,
    measures: [],
    responses: [],
    lastDosingDate: null,
    ...over,
  };
}

// PCL-5 (baseline, end of course, +7, +30, +90); response >= 30% below baseline, remission =
// response and <= 28, reliable improvement >= 15 points below baseline.
//   A 50, 30, 32, 36, 40     eoc 40% R, 30 no Rem, 20 RI | +7 36% R, 18 RI | +30 28% -, 14 - | +90 20% -, 10 -
//   B 40, 28, 20, 24, -      eoc 30% R (inclusive), 28 Rem (inclusive), 12 - | +7 50% R Rem RI | +30 40% R Rem, 16 RI
//   C 60, 50, 45, -, -       eoc 16.7% -, 10 - | +7 25% -, 15 RI (inclusive); no +30 nor +90: lost to follow-up
//   D 35, 20, 18, 15, 14     R Rem RI at every time point (15, 17, 20, 21 points)
//   E 45, -, 40, 42, 44      never a response (11%, 7%, 2%), never 15 points
//   F 55, 35, 38, 45, -      eoc 36.4% R, 35 no Rem, 20 RI | +7 30.9% R, 17 RI | +30 18.2% -, 10 -; +30 answered: not lost
//   K 70 only: started, withdrawn after its first dosing session (no reason given)
const A = startedCourse({
  responses: [
    ...answers('pcl5', { baseline: 50, 'end-of-course': 30, 'plus-7': 32, 'plus-30': 36, 'plus-90': 40 }),
    ...answers('phq9', { baseline: 18, 'end-of-course': 10 }),
    ...answers('gad7', { baseline: 12 }),
  ],
});
const B = startedCourse({
  responses: [
    ...answers('pcl5', { baseline: 40, 'end-of-course': 28, 'plus-7': 20, 'plus-30': { total: 24, completedDate: '2027-01-13' } }),
    ...answers('phq9', { baseline: 12, 'end-of-course': 8 }),
    ...answers('gad7', { baseline: 9 }),
  ],
});
const C = startedCourse({
  responses: [
    ...answers('pcl5', { baseline: 60, 'end-of-course': 50, 'plus-7': 45 }),
    ...answers('phq9', { baseline: 20 }),
    ...answers('gad7', { baseline: 15 }),
  ],
});
const D = startedCourse({
  responses: [
    ...answers('pcl5', { baseline: 35, 'end-of-course': 20, 'plus-7': 18, 'plus-30': 15, 'plus-90': 14 }),
    ...answers('phq9', { baseline: 10 }),
  ],
});
const E = startedCourse({
  responses: [...answers('pcl5', { baseline: 45, 'plus-7': 40, 'plus-30': 42, 'plus-90': 44 }), ...answers('phq9', { baseline: 15 })],
});
const F = startedCourse({
  responses: [
    ...answers('pcl5', { baseline: 55, 'end-of-course': 35, 'plus-7': 38, 'plus-30': { total: 45, completedDate: '2027-01-12' } }),
    ...answers('phq9', { baseline: 16 }),
  ],
});
const K = startedCourse({
  state: 'withdrawn',
  lastDosingDate: '2026-12-08',
  responses: [...answers('pcl5', { baseline: 70 }), ...answers('phq9', { baseline: 22 })],
});

// Not started: G ineligible; H and L withdrawn before dosing ("moved away"); I referred; J in
// screening; M in a state Kairos does not know (counted in referred only, whatever its flags).
const COHORT: ProgramCourseInput[] = [
  A,
  B,
  C,
  D,
  E,
  F,
  K,
  notStarted('ineligible', { screened: true }),
  notStarted('withdrawn', { screened: true, eligible: true, withdrawnReason: 'moved away' }),
  notStarted('referred'),
  notStarted('screening'),
  notStarted('withdrawn', { screened: true, eligible: true, withdrawnReason: '  moved away ' }),
  notStarted('archived', { screened: true, eligible: true, started: true, measures: RETREAT, lastDosingDate: LAST_DOSING }),
];

const CONFIG: ProgramOutcomesConfig = outcomesDefaults;
const T_975_DF6 = 2.446912; // Student t, 97.5th percentile, 6 degrees of freedom
const summary = summarizeProgramOutcomes(COHORT, [], TODAY, CONFIG);

describe('summarizeProgramOutcomes: a hand-built cohort (7 started of 13 referred)', () => {
  it('flow: referred 13, screened 10, eligible 9, started 7, completed 6, withdrawn 3, lost to follow-up 1', () => {
    expect(summary.flow).toEqual({
      referred: 13, // every course, the unknown state included
      screened: 10, // A-F, K, G, H, L
      eligible: 9, // A-F, K, H, L
      started: 7, // A-F, K
      completed: 6, // A-F
      withdrawn: 3, // H, L, K
      // reasons trimmed; K gave none
      withdrawnReasons: [
        { reason: 'moved away', count: 2 },
        { reason: 'no reason recorded', count: 1 },
      ],
      // C: +90 overdue, neither +30 nor +90 answered. K likewise, but withdrawn is not also lost.
      lostToFollowUp: 1,
    });
  });

  it('not suppressed: 7 started >= the smallest reported cohort 5', () => {
    expect(summary.suppressed).toBe(false);
    expect(summary.smallestCohort).toBe(5);
  });

  it('PCL-5 means at each time point (t-based 95% interval, n - 1 df)', () => {
    const pcl5 = summary.scores.pcl5;
    expect(pcl5.map((m) => [m.timePoint, m.n])).toEqual([
      ['baseline', 7], // A-F and K
      ['end-of-course', 5], // E missed it
      ['plus-7', 6],
      ['plus-30', 5], // C missed it
      ['plus-90', 3], // A, D, E
    ]);
    // Baseline 50 + 40 + 60 + 35 + 45 + 55 + 70 = 355; SS = 18875 - 355^2/7 = 871.43; SD = sqrt(871.43 / 6) = 12.05.
    const [baseline, eoc, p7, p30, p90] = pcl5;
    expect(baseline?.mean).toBeCloseTo(355 / 7, 10);
    expect(baseline?.mean).toBeCloseTo(50.714, 3);
    expect(baseline?.sd).toBeCloseTo(12.0515, 4);
    const half = (T_975_DF6 * 12.0515) / Math.sqrt(7); // 11.146
    expect(baseline?.ci?.lower).toBeCloseTo(50.714 - half, 2);
    expect(baseline?.ci?.upper).toBeCloseTo(50.714 + half, 2);
    // End of course 30 + 28 + 50 + 20 + 35 = 163 / 5; +7 32 + 20 + 45 + 18 + 40 + 38 = 193 / 6;
    // +30 36 + 24 + 15 + 42 + 45 = 162 / 5; +90 40 + 14 + 44 = 98 / 3.
    expect(eoc?.mean).toBeCloseTo(32.6, 10);
    expect(p7?.mean).toBeCloseTo(193 / 6, 10);
    expect(p30?.mean).toBeCloseTo(32.4, 10);
    expect(p90?.mean).toBeCloseTo(98 / 3, 10);
    // +90: deviations 7.33, -18.67, 11.33: SS = 53.78 + 348.44 + 128.44 = 530.67; SD = sqrt(265.33) = 16.29.
    expect(p90?.sd).toBeCloseTo(16.289, 3);
  });

  it('PHQ-9 at each time point; GAD-7 at baseline only', () => {
    expect(summary.scores.phq9.map((m) => [m.timePoint, m.n, m.mean])).toEqual([
      ['baseline', 7, 113 / 7], // 18 + 12 + 20 + 10 + 15 + 16 + 22 = 113
      ['end-of-course', 2, 9], // 10, 8
      ['plus-7', 0, null],
      ['plus-30', 0, null],
      ['plus-90', 0, null],
    ]);
    // End of course: n = 2, SD = sqrt(2); t(0.975, 1) = 12.706: 9 -/+ 12.706 x 1 = -3.71 to 21.71.
    expect(summary.scores.phq9[1]?.sd).toBeCloseTo(Math.SQRT2, 10);
    expect(summary.scores.phq9[1]?.ci?.lower).toBeCloseTo(9 - 12.706, 2);
    // No SD nor interval from one value or none.
    expect(summary.scores.phq9[2]).toEqual({ timePoint: 'plus-7', n: 0, mean: null, sd: null, ci: null });
    // GAD-7: 12, 9, 15: mean 12, SD 3.
    expect(summary.scores.gad7).toHaveLength(1);
    expect(summary.scores.gad7[0]).toMatchObject({ timePoint: 'baseline', n: 3, mean: 12, sd: 3 });
  });

  it('rates over patients with both a baseline and that time point’s PCL-5, with started (7) beside', () => {
    const table = summary.rates.map((r) => [r.id, r.timePoint, r.events, r.n]);
    expect(table).toEqual([
      // response: eoc A B D F of A B C D F; +7 A B D F of A-F; +30 B D of A B D E F; +90 D of A D E
      ['response', 'end-of-course', 4, 5],
      ['response', 'plus-7', 4, 6],
      ['response', 'plus-30', 2, 5],
      ['response', 'plus-90', 1, 3],
      // remission: eoc B (28) D (20); +7 B (20) D (18); +30 B (24) D (15); +90 D (14)
      ['remission', 'end-of-course', 2, 5],
      ['remission', 'plus-7', 2, 6],
      ['remission', 'plus-30', 2, 5],
      ['remission', 'plus-90', 1, 3],
      // reliable improvement: eoc A (20) D (15) F (20); +7 A B C (15) D F; +30 B (16) D (20); +90 D (21)
      ['reliable-improvement', 'end-of-course', 3, 5],
      ['reliable-improvement', 'plus-7', 5, 6],
      ['reliable-improvement', 'plus-30', 2, 5],
      ['reliable-improvement', 'plus-90', 1, 3],
    ]);
    for (const r of summary.rates) {
      expect(r.started).toBe(7);
      expect(r.rate).toBeCloseTo(r.events / r.n, 12);
      expect(r.ci).toEqual(wilsonInterval(r.events, r.n));
    }
    // Response at the end of course: 4/5 = 0.8, Wilson 95% 0.3755 to 0.9638.
    const eoc = summary.rates[0];
    expect(eoc?.rate).toBe(0.8);
    expect(eoc?.ci?.lower).toBeCloseTo(0.3755, 4);
    expect(eoc?.ci?.upper).toBeCloseTo(0.9638, 4);
  });

  it('durability: Kaplan-Meier of loss of response among the 4 responders (A, B, D, F)', () => {
    // Days from the last dosing session (2026-12-10):
    //   A responder at day 1 (30 of 50), lost at the +30 on 2027-01-11 (36: 28% < 30%): event at 32
    //   F responder (35 of 55), lost at the +30 answered 2027-01-12 (45: 18%): event at 33
    //   B responder (28 of 40: 30%), never below 30%, last PCL-5 2027-01-13: censored at 34
    //   D responder, never below, last PCL-5 2027-03-11: censored at 91
    //   C (50 of 60) and E (first after dosing 40 of 45) are not responders; K has no PCL-5 after dosing.
    // S(32) = 3/4; S(33) = 3/4 x 2/3 = 1/2 -> median 33 days.
    // Greenwood: 1/(4x3) = 1/12 at 32; + 1/(3x2) at 33 = 1/4. Log band: S exp(-/+ 1.96 sqrt(sum)).
    // Lower band at 32: 0.75 exp(-1.96 x 0.2887) = 0.426 <= 0.5 -> median lower limit 32;
    // the upper band never falls to 0.5 -> upper limit null.
    const d = summary.durability;
    expect(d).not.toBeNull();
    expect(d?.responders).toBe(4);
    expect(d?.events).toBe(2);
    expect(d?.median).toEqual({ days: 33, lower: 32, upper: null });
    expect(d?.curve.map((p) => [p.days, p.survival, p.atRisk, p.events])).toEqual([
      [0, 1, 4, 0],
      [32, 0.75, 4, 1],
      [33, 0.5, 3, 1],
    ]);
    expect(d?.curve[1]?.lower).toBeCloseTo(0.75 * Math.exp(-1.959964 * Math.sqrt(1 / 12)), 6);
    expect(d?.curve[1]?.upper).toBe(1);
    expect(d?.curve[2]?.lower).toBeCloseTo(0.5 * Math.exp(-1.959964 * 0.5), 6);
    // B and D kept the response: censored at their last PCL-5, D's the last follow-up.
    expect(d?.censored).toEqual([
      { days: 34, count: 1 },
      { days: 91, count: 1 },
    ]);
  });

  it("carries the interval level it computed with: 95 by default, the site's otherwise", () => {
    expect(summary.confidenceLevelPercent).toBe(95);
    const at90: ProgramOutcomesConfig = {
      ...CONFIG,
      statistics: { confidenceLevelPercent: param(90, '%', siteDefault()) },
    };
    const s90 = summarizeProgramOutcomes(COHORT, [], TODAY, at90);
    expect(s90.confidenceLevelPercent).toBe(90);
    // The figures are the 90% ones: narrower than the 95% ones.
    const width = (x: typeof summary) => (x.rates[0]?.ci?.upper ?? 0) - (x.rates[0]?.ci?.lower ?? 0);
    expect(width(s90)).toBeLessThan(width(summary));
  });

  it('completeness over the started courses not withdrawn, every window closed (K, withdrawn, is no longer asked)', () => {
    // 6 started courses still followed (A to F), each scheduled every questionnaire below; all windows closed on 2027-03-20.
    expect(summary.completeness.map((c) => [c.timePoint, c.instrument, c.due, c.answered])).toEqual([
      ['baseline', 'pcl5', 6, 6],
      ['baseline', 'phq9', 6, 6],
      ['baseline', 'gad7', 6, 3], // A, B, C
      ['end-of-course', 'pcl5', 6, 5],
      ['end-of-course', 'phq9', 6, 2],
      ['plus-7', 'pcl5', 6, 6],
      ['plus-7', 'phq9', 6, 0],
      ['plus-30', 'pcl5', 6, 5],
      ['plus-30', 'phq9', 6, 0],
      ['plus-90', 'pcl5', 6, 3],
      ['plus-90', 'phq9', 6, 0],
    ]);
    expect(summary.completeness[2]?.share).toBeCloseTo(3 / 6, 12);
  });

  it('names the rules and methods it applied, with their versions', () => {
    expect(summary.rules.map((r) => r.id)).toEqual([
      'outcomes.response',
      'outcomes.remission',
      'outcomes.reliable-improvement',
      'outcomes.loss-of-response',
      'outcomes.cohort-statistics',
      'outcomes.kaplan-meier',
      'outcomes.wilson-interval',
      'outcomes.program-summary',
    ]);
    for (const r of summary.rules) expect(r.version).toMatch(/^[1-9]\d*$/);
  });

  it('gives the same figures for the same input (pure)', () => {
    expect(summarizeProgramOutcomes(COHORT, [], TODAY, CONFIG)).toEqual(summary);
  });
});

describe('summarizeProgramOutcomes: small-cell suppression', () => {
  const four = [A, B, C, D];
  const s = summarizeProgramOutcomes(four, [], TODAY, CONFIG);

  it('4 started < 5: suppressed, counts only', () => {
    expect(s.suppressed).toBe(true);
    expect(s.flow.started).toBe(4);
    expect(s.flow.lostToFollowUp).toBe(1); // C
  });
  it('means, SDs and intervals are null; n stays', () => {
    expect(s.scores.pcl5.map((m) => [m.n, m.mean, m.sd, m.ci])).toEqual([
      [4, null, null, null],
      [4, null, null, null],
      [4, null, null, null],
      [3, null, null, null],
      [2, null, null, null],
    ]);
  });
  it('rates and intervals are null; events and n stay', () => {
    const response = s.rates.filter((r) => r.id === 'response');
    expect(response.map((r) => [r.timePoint, r.events, r.n, r.rate, r.ci, r.started])).toEqual([
      ['end-of-course', 3, 4, null, null, 4], // A B D of A B C D
      ['plus-7', 3, 4, null, null, 4], // A B D
      ['plus-30', 2, 3, null, null, 4], // B D of A B D
      ['plus-90', 1, 2, null, null, 4], // D of A D
    ]);
  });
  it('no survival curve; completeness counts stay', () => {
    expect(s.durability).toBeNull();
    expect(s.completeness.find((c) => c.timePoint === 'plus-90' && c.instrument === 'pcl5')).toMatchObject({ due: 4, answered: 2 });
  });
  it('the site’s smallest cohort decides: at 4, the same four courses are reported', () => {
    const at4: ProgramOutcomesConfig = { ...outcomesDefaults, reporting: { smallestCohort: param(4, 'count', siteDefault()) } };
    const r = summarizeProgramOutcomes(four, [], TODAY, at4);
    expect(r.suppressed).toBe(false);
    expect(r.smallestCohort).toBe(4);
    // Baseline 50 + 40 + 60 + 35 = 185 / 4.
    expect(r.scores.pcl5[0]?.mean).toBe(46.25);
    expect(r.rates[0]?.rate).toBe(0.75);
    expect(r.durability?.responders).toBe(3); // A, B, D
  });
});

describe('summarizeProgramOutcomes: follow-up and windows', () => {
  it('a course inside its +90 window is not lost to follow-up; once overdue it is', () => {
    const c = startedCourse({ responses: answers('pcl5', { baseline: 50, 'end-of-course': 30, 'plus-7': 30 }) });
    // +90 on 2027-03-11: due until 2027-03-13, overdue from 2027-03-14.
    expect(summarizeProgramOutcomes([c], [], '2027-03-13', CONFIG).flow.lostToFollowUp).toBe(0);
    expect(summarizeProgramOutcomes([c], [], '2027-03-14', CONFIG).flow.lostToFollowUp).toBe(1);
  });
  it('an answer at +90 alone, or at +30 alone, keeps a course from being lost', () => {
    const at90 = startedCourse({ responses: answers('pcl5', { baseline: 50, 'plus-90': 40 }) });
    const at30 = startedCourse({ responses: answers('pcl5', { baseline: 50, 'plus-30': 40 }) });
    expect(summarizeProgramOutcomes([at90, at30], [], TODAY, CONFIG).flow.lostToFollowUp).toBe(0);
  });
  it('completeness counts a task once its window has closed or it was answered; open windows are not yet due', () => {
    // On 2026-12-12: baseline closed (answered PCL-5, not PHQ-9, GAD-7); end of course open until 12-13.
    const c = startedCourse({ responses: answers('pcl5', { baseline: 50 }) });
    const s = summarizeProgramOutcomes([c], [], '2026-12-12', CONFIG);
    expect(s.completeness.map((x) => [x.timePoint, x.instrument, x.due, x.answered, x.share])).toEqual([
      ['baseline', 'pcl5', 1, 1, 1],
      ['baseline', 'phq9', 1, 0, 0],
      ['baseline', 'gad7', 1, 0, 0],
      ['end-of-course', 'pcl5', 0, 0, null],
      ['end-of-course', 'phq9', 0, 0, null],
      ['plus-7', 'pcl5', 0, 0, null],
      ['plus-7', 'phq9', 0, 0, null],
      ['plus-30', 'pcl5', 0, 0, null],
      ['plus-30', 'phq9', 0, 0, null],
      ['plus-90', 'pcl5', 0, 0, null],
      ['plus-90', 'phq9', 0, 0, null],
    ]);
  });
  it('an answer of the wrong PCL-5 form fulfils no task (the past-week form at +30 asks the past month)', () => {
    const c = startedCourse({
      responses: [
        ...answers('pcl5', { baseline: 50 }),
        { id: 'wrong-form', instrument: 'pcl5-week', dueDate: DATES['plus-30'], completedDate: DATES['plus-30'], total: 20 },
      ],
    });
    expect(summarizeProgramOutcomes([c], [], TODAY, CONFIG).scores.pcl5[3]?.n).toBe(0);
  });
  it('a baseline PCL-5 of 0 leaves response and remission undefined: out of their n, in reliable improvement’s', () => {
    const zero = startedCourse({ responses: answers('pcl5', { baseline: 0, 'end-of-course': 0 }) });
    const s = summarizeProgramOutcomes([zero], [], TODAY, {
      ...outcomesDefaults,
      reporting: { smallestCohort: param(1, 'count', siteDefault()) },
    });
    const eoc = s.rates.filter((r) => r.timePoint === 'end-of-course').map((r) => [r.id, r.events, r.n]);
    expect(eoc).toEqual([
      ['response', 0, 0],
      ['remission', 0, 0],
      ['reliable-improvement', 0, 1],
    ]);
  });
});

describe('summarizeProgramOutcomes: a course never booked, unknown states, no courses', () => {
  it('a course never booked (empty measures) counts in the flow only', () => {
    const s = summarizeProgramOutcomes([notStarted('eligible', { screened: true, eligible: true })], [], TODAY, CONFIG);
    expect(s.flow).toMatchObject({ referred: 1, screened: 1, eligible: 1, started: 0, lostToFollowUp: 0 });
    expect(s.scores.pcl5.every((m) => m.n === 0)).toBe(true);
    expect(s.rates.every((r) => r.n === 0 && r.rate === null && r.ci === null)).toBe(true);
    expect(s.completeness).toEqual([]);
    expect(s.durability).toBeNull();
  });
  it('an unknown state is counted in referred only, whatever its flags and answers', () => {
    const odd = { ...A, state: 'on-hold' };
    const s = summarizeProgramOutcomes([odd], [], TODAY, CONFIG);
    expect(s.flow).toEqual({
      referred: 1,
      screened: 0,
      eligible: 0,
      started: 0,
      completed: 0,
      withdrawn: 0,
      withdrawnReasons: [],
      lostToFollowUp: 0,
    });
    expect(s.scores.pcl5[0]?.n).toBe(0);
  });
  it('no courses and no sessions: zeros and nulls, suppressed', () => {
    const s = summarizeProgramOutcomes([], [], TODAY, CONFIG);
    expect(s.suppressed).toBe(true);
    expect(s.flow.referred).toBe(0);
    expect(s.scores.pcl5).toHaveLength(PROGRAM_TIME_POINTS.length);
    expect(s.rates).toHaveLength(12);
    expect(s.safety.adverseEvents.per100Sessions).toBeNull();
  });
});

describe('summarizeProgramOutcomes: safety of the sessions whose infusion started', () => {
  const session = (over: Partial<ProgramSessionInput>): ProgramSessionInput => ({
    adverseEvents: [],
    bloodPressureLevel: 'none',
    dischargeMinutes: null,
    paused: false,
    stoppedEarly: false,
    ...over,
  });
  const sessions: ProgramSessionInput[] = [
    session({ adverseEvents: [{ kind: 'nausea', severity: 'mild' }], dischargeMinutes: 60 }),
    session({
      adverseEvents: [
        { kind: 'nausea', severity: 'mild' },
        { kind: 'hypertension', severity: 'moderate' },
      ],
      bloodPressureLevel: 'warn',
      dischargeMinutes: 75,
      paused: true,
    }),
    session({ bloodPressureLevel: 'pause', dischargeMinutes: 90 }),
    session({ adverseEvents: [{ kind: 'nausea', severity: 'moderate' }], bloodPressureLevel: 'escalate', stoppedEarly: true }),
    session({ bloodPressureLevel: 'warn', dischargeMinutes: 120, route: 'IM' }),
  ];

  it('per 100 sessions, by kind and severity; blood pressure; discharge quartiles (R type 7); pauses and early stops', () => {
    // 5 sessions, 4 adverse events: 80 per 100 sessions. Nausea mild 2 (40), then by kind: hypertension
    // moderate 1 (20), nausea moderate 1 (20). Warning: sessions 2 and 5; pause or escalate: 3 and 4.
    // Discharge minutes 60, 75, 90, 120 (session 4 not discharged): R type 7, h = (n - 1) p:
    //   q1 h = 0.75: 60 + 0.75 x 15 = 71.25; median h = 1.5: 75 + 0.5 x 15 = 82.5; q3 h = 2.25: 90 + 0.25 x 30 = 97.5.
    expect(summarizeProgramOutcomes([], sessions, TODAY, CONFIG).safety).toEqual({
      sessions: 5,
      adverseEvents: {
        total: 4,
        per100Sessions: 80,
        byKind: [
          { kind: 'nausea', severity: 'mild', count: 2, per100Sessions: 40 },
          { kind: 'hypertension', severity: 'moderate', count: 1, per100Sessions: 20 },
          { kind: 'nausea', severity: 'moderate', count: 1, per100Sessions: 20 },
        ],
      },
      bloodPressure: { warningSessions: 2, pauseSessions: 2 },
      dischargeMinutes: { n: 4, median: 82.5, q1: 71.25, q3: 97.5 },
      pausedSessions: 1,
      stoppedEarlySessions: 1,
      // Session 5 was an intramuscular injection; the others (no route recorded) IV.
      sessionsByRoute: [
        { route: 'IV', sessions: 4 },
        { route: 'IM', sessions: 1 },
      ],
    });
  });
  it('one discharge: every quartile is that value; none: null', () => {
    expect(summarizeProgramOutcomes([], [session({ dischargeMinutes: 65 })], TODAY, CONFIG).safety.dischargeMinutes).toEqual({
      n: 1,
      median: 65,
      q1: 65,
      q3: 65,
    });
    expect(summarizeProgramOutcomes([], [session({})], TODAY, CONFIG).safety.dischargeMinutes).toEqual({
      n: 0,
      median: null,
      q1: null,
      q3: null,
    });
  });
  it('safety is never suppressed (a cohort of one still shows its sessions)', () => {
    const s = summarizeProgramOutcomes([A], sessions, TODAY, CONFIG);
    expect(s.suppressed).toBe(true);
    expect(s.safety.adverseEvents.total).toBe(4);
  });
  it('refuses a negative or non-finite discharge time', () => {
    expect(() => summarizeProgramOutcomes([], [session({ dischargeMinutes: -5 })], TODAY, CONFIG)).toThrow(RangeError);
    expect(() => summarizeProgramOutcomes([], [session({ dischargeMinutes: Number.NaN })], TODAY, CONFIG)).toThrow(/dischargeMinutes/);
  });
});

describe('summarizeProgramOutcomes: bad input', () => {
  const withTotal = (instrument: string, total: number): ProgramCourseInput =>
    startedCourse({ responses: [{ id: 'bad-1', instrument, dueDate: DATES.baseline, completedDate: DATES.baseline, total }] });

  it.each([
    ['pcl5-month', -1],
    ['phq9', Number.NaN],
    ['gad7', Number.POSITIVE_INFINITY],
  ])('a %s total of %f throws a RangeError naming the response', (instrument, total) => {
    expect(() => summarizeProgramOutcomes([withTotal(instrument, total)], [], TODAY, CONFIG)).toThrow(RangeError);
    expect(() => summarizeProgramOutcomes([withTotal(instrument, total)], [], TODAY, CONFIG)).toThrow(/response bad-1 .*total/);
  });
  it('a response of another instrument (C-SSRS) is ignored, whatever its total', () => {
    expect(() => summarizeProgramOutcomes([withTotal('cssrs', -1)], [], TODAY, CONFIG)).not.toThrow();
  });
  it('refuses a malformed today', () => {
    expect(() => summarizeProgramOutcomes([], [], '2027-3-20', CONFIG)).toThrow(RangeError);
  });
});

describe('evaluateProgramCourse: one course into the facts the summary aggregates (whatever the day)', () => {
  it('a started retreat: its value per time point, each task with its last day, a responder censored at its last PCL-5', () => {
    const f = evaluateProgramCourse(
      startedCourse({
        responses: [
          ...answers('pcl5', { baseline: 50, 'end-of-course': 30, 'plus-7': 28, 'plus-30': 32 }),
          ...answers('phq9', { baseline: 16 }),
        ],
      }),
      CONFIG,
    );
    expect(f.values).toEqual(
      expect.arrayContaining([
        { timePoint: 'baseline', instrument: 'pcl5', total: 50 },
        { timePoint: 'end-of-course', instrument: 'pcl5', total: 30 },
        { timePoint: 'plus-30', instrument: 'pcl5', total: 32 },
        { timePoint: 'baseline', instrument: 'phq9', total: 16 },
      ]),
    );
    expect(f.values).toHaveLength(5);
    // +90 PCL-5 of 2027-03-11, overdue after 2 days: unanswered, but the +30 was answered, so never lost.
    expect(f.tasks).toContainEqual({ timePoint: 'plus-90', instrument: 'pcl5', dueBy: '2027-03-13', answered: false });
    expect(f.tasks).toContainEqual({ timePoint: 'plus-30', instrument: 'pcl5', dueBy: '2027-01-13', answered: true });
    expect(f.lostToFollowUpAfter).toBeNull();
    // Responder (30 <= 35), still >= 30 % below at +7 (28) and +30 (32 is 36 %): censored at +30, 32 days after 12-10.
    expect(f.survival).toEqual({ days: 32, event: false });
  });

  it('no answer at +30 or +90: lost once today is after the +90 PCL-5 window (2027-03-13)', () => {
    const f = evaluateProgramCourse(startedCourse({ responses: answers('pcl5', { baseline: 44, 'end-of-course': 40 }) }), CONFIG);
    expect(f.lostToFollowUpAfter).toBe('2027-03-13');
    expect(aggregateProgramFacts([f], [], '2027-03-13').lostToFollowUp).toBe(0);
    expect(aggregateProgramFacts([f], [], '2027-03-14').lostToFollowUp).toBe(1);
  });

  it('withdrawn: no completeness tasks and never lost; not started or an unknown state: flow facts only', () => {
    const withdrawn = evaluateProgramCourse(
      startedCourse({ state: 'withdrawn', withdrawnReason: ' moved ', responses: answers('pcl5', { baseline: 58 }) }),
      CONFIG,
    );
    expect(withdrawn.tasks).toEqual([]);
    expect(withdrawn.lostToFollowUpAfter).toBeNull();
    expect(withdrawn.values).toEqual([{ timePoint: 'baseline', instrument: 'pcl5', total: 58 }]);
    for (const c of [notStarted('referred'), startedCourse({ state: 'archived', responses: answers('pcl5', { baseline: 50 }) })]) {
      const f = evaluateProgramCourse(c, CONFIG);
      expect([f.values, f.tasks, f.lostToFollowUpAfter, f.survival]).toEqual([[], [], null, null]);
    }
  });
});

describe('summarizeProgramAggregates: the figures from the small rows a store aggregates to', () => {
  const empty: ProgramAggregates = {
    courses: [],
    lostToFollowUp: 0,
    values: [],
    pcl5Pairs: [],
    survival: [],
    completeness: [],
    safety: {
      sessions: 0,
      adverseEvents: [],
      bloodPressure: [],
      dischargeMinutes: [],
      pausedSessions: 0,
      stoppedEarlySessions: 0,
      sessionsByRoute: [],
    },
  };
  const started = (count: number) => ({ state: 'completed', screened: true, eligible: true, started: true, withdrawnReason: null, count });

  it('the same summary as every course in memory, for the hand-built cohort and its sessions', () => {
    const facts = COHORT.map((c) => evaluateProgramCourse(c, CONFIG));
    expect(summarizeProgramAggregates(aggregateProgramFacts(facts, [], TODAY), CONFIG)).toEqual(
      summarizeProgramOutcomes(COHORT, [], TODAY, CONFIG),
    );
  });

  it('a mean from a histogram: 40 x 2 and 50 x 3 give n 5, mean 46, SD sqrt(30) (order and split bins do not matter)', () => {
    const a = {
      ...empty,
      courses: [started(5)],
      values: [
        { timePoint: 'baseline', instrument: 'pcl5', total: 50, count: 2 },
        { timePoint: 'baseline', instrument: 'pcl5', total: 40, count: 2 },
        { timePoint: 'baseline', instrument: 'pcl5', total: 50, count: 1 },
      ],
    } satisfies ProgramAggregates;
    const m = summarizeProgramAggregates(a, CONFIG).scores.pcl5[0];
    expect(m).toMatchObject({ timePoint: 'baseline', n: 5, mean: 46 });
    expect(m?.sd).toBeCloseTo(Math.sqrt(30), 12);
  });

  it('rates from PCL-5 pairs by the clinical rules: 50 -> 30 responds (40 %), 50 -> 40 does not; baseline 0 is out of response’s n', () => {
    const a = {
      ...empty,
      courses: [started(6)],
      pcl5Pairs: [
        { timePoint: 'end-of-course', baselineTotal: 50, total: 30, count: 3 },
        { timePoint: 'end-of-course', baselineTotal: 50, total: 40, count: 2 },
        { timePoint: 'end-of-course', baselineTotal: 0, total: 0, count: 1 },
      ],
    } satisfies ProgramAggregates;
    const r = summarizeProgramAggregates(a, CONFIG).rates;
    expect(r.find((x) => x.id === 'response' && x.timePoint === 'end-of-course')).toMatchObject({ events: 3, n: 5, started: 6 });
    expect(r.find((x) => x.id === 'reliable-improvement' && x.timePoint === 'end-of-course')).toMatchObject({ events: 3, n: 6 });
  });

  it('discharge quartiles (R type 7) from a minutes histogram: 60, 90, 90, 120 give 82.5, 90, 97.5', () => {
    const a = {
      ...empty,
      safety: {
        ...empty.safety,
        sessions: 4,
        dischargeMinutes: [
          { minutes: 120, count: 1 },
          { minutes: 90, count: 2 },
          { minutes: 60, count: 1 },
        ],
      },
    } satisfies ProgramAggregates;
    expect(summarizeProgramAggregates(a, CONFIG).safety.dischargeMinutes).toEqual({ n: 4, median: 90, q1: 82.5, q3: 97.5 });
  });

  it('refuses a count that is not a whole number >= 0', () => {
    expect(() => summarizeProgramAggregates({ ...empty, courses: [started(-1)] }, CONFIG)).toThrow(RangeError);
    expect(() =>
      summarizeProgramAggregates({ ...empty, courses: [started(5)], survival: [{ days: 3, event: true, count: 1.5 }] }, CONFIG),
    ).toThrow(RangeError);
  });
});

describe('benchmarkCitation: the source a clinician reads beside a benchmark', () => {
  const byId = (id: string) => {
    const b = outcomeBenchmarks.find((x) => x.id === id);
    if (b === undefined) throw new Error(`no benchmark ${id}`);
    return b;
  };
  it('a published source: its title and reference', () => {
    expect(benchmarkCitation(byId('feder-2021-response-ketamine'))).toBe(
      'Feder 2021: Feder A et al. Am J Psychiatry 2021. doi:10.1176/appi.ajp.2020.20050596',
    );
  });
  it('the program brief', () => {
    expect(benchmarkCitation(byId('kair-pcl5-baseline'))).toBe('KAIR program description (brief)');
  });
  it('several sources are joined; a site default says it needs review', () => {
    const two = { ...byId('abdallah-2022-n'), provenance: { kind: 'source' as const, citations: ['feder-2014', 'feder-2021'] as const } };
    expect(benchmarkCitation(two)).toMatch(/^Feder 2014: .*; Feder 2021: /);
    expect(benchmarkCitation({ ...two, provenance: siteDefault('local audit') })).toBe(
      'site default, needs medical-director review: local audit',
    );
  });
  it('every shipped benchmark has a citation', () => {
    for (const b of outcomeBenchmarks) expect(benchmarkCitation(b).length).toBeGreaterThan(0);
  });
});
