import { describe, expect, it } from 'vitest';
import { formatDate } from '../schedule/site-time';
import {
  benchmarkValueText,
  ciText,
  cohortText,
  daysText,
  intervalText,
  kairMeans,
  meanText,
  medianText,
  oneDecimal,
  pageWords,
  per100Text,
  quartilesText,
  rateParts,
  rateText,
  scopeText,
  shareWithCiText,
  shareText,
  startedText,
  suppressedText,
  timePointLabel,
} from './program-words';

const site = { id: '00000000-0000-4000-8000-000000000001', name: 'Kairos Clinic' };
const filters = { template: null, from: null, to: null, cohort: null, ownPatientsOnly: false };

describe('time points', () => {
  it.each([
    ['baseline', 'Baseline'],
    ['end-of-course', 'End of course'],
    ['plus-7', '+7 days'],
    ['plus-30', '+30 days'],
    ['plus-90', '+90 days'],
  ] as const)('%s reads "%s"', (timePoint, words) => {
    expect(timePointLabel(timePoint)).toBe(words);
  });
});

describe('means and their intervals, one decimal', () => {
  it('rounds half away from zero to one decimal and keeps the trailing zero: 52.57 -> 52.6, 12 -> 12.0', () => {
    expect(oneDecimal(368 / 7)).toBe('52.6');
    expect(oneDecimal(12)).toBe('12.0');
    expect(oneDecimal(0.04)).toBe('0.0');
  });
  it('writes a negative with a minus sign and never "-0.0"', () => {
    expect(oneDecimal(-1.44)).toBe('−1.4');
    expect(oneDecimal(-0.04)).toBe('0.0');
  });
  it('a mean not reported (null) is a dash, never 0', () => {
    expect(meanText(null)).toBe('—');
    expect(meanText(0)).toBe('0.0');
  });
  it('an interval: "95% CI 20.1–45.2"; with a negative bound "to" instead of a dash', () => {
    expect(ciText({ lower: 20.14, upper: 45.16 })).toBe('95% CI 20.1–45.2');
    expect(intervalText({ lower: -3.21, upper: 45.2 })).toBe('−3.2 to 45.2');
    expect(ciText(null)).toBe('—');
    expect(intervalText(null)).toBe('—');
  });
});

describe('rates', () => {
  it('"x of n (p%, 95% CI a–b%)" with whole percentages', () => {
    expect(rateText({ events: 4, n: 6, rate: 4 / 6, ci: { lower: 0.3, upper: 0.9032 } })).toBe('4 of 6 (67%, 95% CI 30–90%)');
  });
  it('breaks into groups a narrow cell may wrap between, never inside the interval', () => {
    expect(rateParts({ events: 4, n: 6, rate: 4 / 6, ci: { lower: 0.3, upper: 0.9 } })).toEqual(['4 of 6', '(67%,', '95% CI 30–90%)']);
    expect(rateText({ events: 4, n: 6, rate: 4 / 6, ci: null })).toBe('4 of 6 (67%)');
  });
  it('0 of 5 is a rate of 0%, not "not reported"', () => {
    expect(rateText({ events: 0, n: 5, rate: 0, ci: { lower: 0, upper: 0.434 } })).toBe('0 of 5 (0%, 95% CI 0–43%)');
  });
  it('a rate not reported (a small cohort) shows the counts only', () => {
    expect(rateText({ events: 1, n: 1, rate: null, ci: null })).toBe('1 of 1');
  });
  it('nobody measured at that time point', () => {
    expect(rateText({ events: 0, n: 0, rate: null, ci: null })).toBe('none measured');
  });
  it('the patients who started, beside the denominator', () => {
    expect(startedText(7)).toBe('of 7 started');
  });
});

describe('the median time to loss of response', () => {
  it('with both bounds', () => {
    expect(medianText({ days: 91, lower: 60, upper: 120 })).toBe('median 91 days (95% CI 60 to 120)');
  });
  it('an upper bound not reached', () => {
    expect(medianText({ days: 91, lower: 60, upper: null })).toBe('median 91 days (95% CI 60 to not reached)');
  });
  it('a median not reached (most responders kept the response)', () => {
    expect(medianText({ days: null, lower: 90, upper: null })).toBe('median not reached (95% CI 90 to not reached)');
    expect(medianText({ days: null, lower: null, upper: null })).toBe('median not reached (95% CI not reached)');
  });
  it('a day is singular; a fractional median keeps one decimal', () => {
    expect(daysText(1)).toBe('1 day');
    expect(daysText(27.5)).toBe('27.5 days');
    expect(medianText({ days: 27.5, lower: 0, upper: 30 })).toBe('median 27.5 days (95% CI 0 to 30)');
  });
});

describe('completeness, safety', () => {
  it('a share still responding with its interval, or alone when the interval is missing', () => {
    expect(shareWithCiText(0.75, 0.4284, 1)).toBe('75% (95% CI 43–100%)');
    expect(shareWithCiText(1, null, null)).toBe('100%');
  });
  it('"4 of 6 (67%)"; none due yet when nothing was due', () => {
    expect(shareText({ due: 6, answered: 4, share: 4 / 6 })).toBe('4 of 6 (67%)');
    expect(shareText({ due: 0, answered: 0, share: null })).toBe('none due yet');
  });
  it('per 100 sessions with one decimal, a dash when not reported', () => {
    expect(per100Text((3 / 17) * 100)).toBe('17.6');
    expect(per100Text(null)).toBe('—');
  });
  it('minutes to discharge: median and IQR, the number of sessions', () => {
    expect(quartilesText({ n: 17, median: 90, q1: 85, q3: 95 })).toBe('median 90 min (IQR 85–95), 17 sessions');
    expect(quartilesText({ n: 1, median: 90, q1: null, q3: null })).toBe('median 90 min, 1 session');
    expect(quartilesText({ n: 0, median: null, q1: null, q3: null })).toBe('no discharge recorded');
  });
});

describe('benchmarks', () => {
  it.each([
    ['score', 46.6, '46.6 points'],
    ['%', 67, '67%'],
    ['day', 27.5, '27.5 days'],
    ['count', 158, '158'],
    ['1', 0.27, '0.27'],
  ] as const)('unit %s: %d reads "%s"', (unit, value, words) => {
    expect(benchmarkValueText({ unit, value })).toBe(words);
  });
  it('the KAIR means by time point, from their benchmark ids; nothing invented when one is missing', () => {
    const b = (id: string, value: number) => ({
      id,
      label: id,
      value,
      unit: 'score' as const,
      citation: 'KAIR program description (brief)',
    });
    expect(kairMeans([b('kair-pcl5-baseline', 46.6), b('kair-pcl5-week-1', 33.8), b('kair-pcl5-month-1', 30.8), b('other', 1)])).toEqual({
      baseline: 46.6,
      'plus-7': 33.8,
      'plus-30': 30.8,
    });
    expect(kairMeans([b('kair-pcl5-week-1', 33.8)])).toEqual({ 'plus-7': 33.8 });
  });
});

describe('the page’s lines', () => {
  it('whose courses: the site, or a therapist’s own patients', () => {
    expect(scopeText({ site, filters })).toBe('All patients of Kairos Clinic');
    expect(scopeText({ site, filters: { ...filters, ownPatientsOnly: true } })).toBe('Your patients only');
  });
  it('the small-cohort notice names the smallest cohort reported', () => {
    expect(suppressedText(5)).toBe('Fewer than 5 patients started: counts only, no means or rates');
  });
  it('a cohort’s name with its date in words', () => {
    // The day in words as every page writes it (site-time's formatDate: "Mon 8 Jun 2026", by the runtime's locale data).
    expect(cohortText('5-day retreat from 2026-06-08')).toBe(`5-day retreat from ${formatDate('2026-06-08')}`);
    expect(cohortText('5-day retreat from 2026-06-08')).toMatch(/^5-day retreat from Mon,? 8 Jun 2026$/);
  });
});

describe('the intervals named at the level of the figures', () => {
  it.each([
    [95, '95% CI'],
    [90, '90% CI'],
    [99, '99% CI'],
  ])('%s: "%s" in every interval the page writes', (level, ci) => {
    const w = pageWords({ confidenceLevelPercent: level });
    expect(w.ciWords).toBe(ci);
    expect(w.ciText({ lower: 20.14, upper: 45.16 })).toBe(`${ci} 20.1–45.2`);
    expect(w.rateText({ events: 4, n: 6, rate: 4 / 6, ci: { lower: 0.3, upper: 0.9032 } })).toBe(`4 of 6 (67%, ${ci} 30–90%)`);
    expect(w.medianText({ days: 91, lower: 60, upper: null })).toBe(`median 91 days (${ci} 60 to not reached)`);
    expect(w.shareWithCiText(0.75, 0.4284, 1)).toBe(`75% (${ci} 43–100%)`);
  });
});
