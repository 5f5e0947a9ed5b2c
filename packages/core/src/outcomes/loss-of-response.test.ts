import { describe, expect, it } from 'vitest';
import { param } from '../protocol-config/param.js';
import { siteDefault } from '../protocol-config/provenance.js';
import { outcomesDefaults } from '../protocol-config/sections/outcomes.js';
import { assessLossOfResponse, collectLossOfResponseDurations, lossOfResponseRule, type CourseOutcomeInput } from './index.js';

// A retreat: last dosing session on day 4 (2026-12-10), day 5 = 12-11, follow-ups +7, +30 (moved), +90.
const course = (baselineTotal: number, totals: [string, number][]): CourseOutcomeInput => ({
  baselineTotal,
  lastDosingDate: '2026-12-10',
  pcl5: totals.map(([date, total]) => ({ date, total })),
});

describe('responder and loss of response', () => {
  it('responder whose response is lost at +30 days: event 32 days after the last dosing session', () => {
    const r = assessLossOfResponse(
      course(50, [
        ['2026-12-07', 50],
        ['2026-12-11', 30],
        ['2026-12-18', 33],
        ['2027-01-11', 36],
        ['2027-03-11', 40],
      ]),
    );
    expect(r.responder).toBe(true);
    expect(r.responseAssessment).toMatchObject({ date: '2026-12-11', total: 30, reductionPercent: 40, days: 1 });
    // 33 is 34% below: still a response. 36 is 28%: lost.
    expect(r.loss).toMatchObject({ date: '2027-01-11', total: 36, days: 32 });
    expect(r.survival).toEqual({ days: 32, event: true });
  });

  it('exactly 30% later is not a loss (below 30% is): censored at the last PCL-5', () => {
    const r = assessLossOfResponse(
      course(50, [
        ['2026-12-11', 30],
        ['2026-12-18', 35],
        ['2027-03-11', 35],
      ]),
    );
    expect(r.loss).toBeNull();
    expect(r.survival).toEqual({ days: 91, event: false });
  });

  it('a responder with no later PCL-5 is censored at the responder assessment', () => {
    const r = assessLossOfResponse(course(50, [['2026-12-11', 20]]));
    expect(r.survival).toEqual({ days: 1, event: false });
  });

  it('only the first PCL-5 after the last dosing session decides: a later response does not make a responder', () => {
    const r = assessLossOfResponse(
      course(50, [
        ['2026-12-18', 20],
        ['2026-12-11', 40],
      ]),
    );
    expect(r.responder).toBe(false);
    expect(r.responseAssessment?.date).toBe('2026-12-11');
    expect(r.survival).toBeNull();
  });

  it('a PCL-5 on the day of the last dosing session does not count as after it', () => {
    const r = assessLossOfResponse(course(50, [['2026-12-10', 10]]));
    expect(r).toMatchObject({ responder: null, missingReason: 'no-pcl5-after-last-dosing' });
  });

  it('baseline 0 gives a missing responder status, not false', () => {
    expect(assessLossOfResponse(course(0, [['2026-12-11', 0]]))).toMatchObject({ responder: null, missingReason: 'baseline-zero' });
  });

  it('rejects malformed dates and totals', () => {
    expect(() => assessLossOfResponse(course(50, [['11/12/2026', 20]]))).toThrow(RangeError);
    expect(() => assessLossOfResponse(course(50, [['2026-12-11', -2]]))).toThrow(RangeError);
  });

  it('collects the responders only, for Kaplan-Meier', () => {
    const durations = collectLossOfResponseDurations([
      course(50, [
        ['2026-12-11', 30],
        ['2027-01-11', 40],
      ]),
      course(50, [['2026-12-11', 45]]),
      course(50, []),
      course(60, [
        ['2026-12-11', 20],
        ['2026-12-18', 22],
      ]),
    ]);
    expect(durations).toEqual([
      { days: 32, event: true },
      { days: 8, event: false },
    ]);
    expect(lossOfResponseRule.sources.length).toBeGreaterThan(0);
  });
});

describe('lossOfResponseRule: its message takes the thresholds from the configuration passed', () => {
  const input: CourseOutcomeInput = {
    baselineTotal: 50,
    lastDosingDate: '2026-12-10',
    pcl5: [
      { date: '2026-12-11', total: 25 },
      { date: '2027-01-11', total: 38 },
    ],
  };
  it('default: a responder (at least 30%) lost the response below 30% (24%)', () => {
    const r = lossOfResponseRule.evaluate(input);
    expect(r.value).toMatchObject({ responder: true, loss: { date: '2027-01-11', days: 32 } });
    expect(r.message).toContain('at least 30%');
    expect(r.message).toContain('below 30%');
  });
  it('a site loss threshold of 20% keeps the response; the message says 20%', () => {
    const outcomes = { ...outcomesDefaults, lossOfResponse: { reductionBelowPercent: param(20, '%', siteDefault()) } };
    const r = lossOfResponseRule.evaluate(input, { outcomes });
    expect(r.value).toMatchObject({ responder: true, loss: null });
    expect(r.message).toContain('not below 20%');
    expect(r.message).not.toContain('below 30%');
  });
  it('a site response threshold of 60%: not a responder; the message says 60%', () => {
    const outcomes = { ...outcomesDefaults, response: { reductionPercent: param(60, '%', siteDefault()) } };
    const r = lossOfResponseRule.evaluate(input, { outcomes });
    expect(r.value.responder).toBe(false);
    expect(r.message).toContain('less than 60%');
  });
  it('the title carries no number', () => {
    expect(lossOfResponseRule.title.replaceAll('PCL-5', 'PCL')).not.toMatch(/\d/);
  });
});
