import { describe, expect, it } from 'vitest';
import { PROGRAM_TIME_POINTS } from './program.js';
import {
  PROGRAM_CI_WORDS,
  PROGRAM_TIME_POINT_LABELS,
  benchmarkValueText,
  kairMeans,
  programCiWords,
  programLevelText,
  programWords,
  suppressedText,
} from './program-words.js';

const page = programWords({ dash: '–', minus: '−', notReported: '—' });
const pdf = programWords({ dash: '-', minus: '-', notReported: '-' });

describe('the program figures in words, by medium', () => {
  it.each([
    ['a mean', (w: typeof page) => w.meanText(32.66), '32.7', '32.7'],
    ['a negative figure', (w: typeof page) => w.oneDecimal(-1.44), '−1.4', '-1.4'],
    ['minus zero', (w: typeof page) => w.oneDecimal(-0.04), '0.0', '0.0'],
    ['an interval', (w: typeof page) => w.ciText({ lower: 20.1, upper: 45.24 }), '95% CI 20.1–45.2', '95% CI 20.1-45.2'],
    ['an interval below zero', (w: typeof page) => w.intervalText({ lower: -3.2, upper: 45.2 }), '−3.2 to 45.2', '-3.2 to 45.2'],
    ['no interval', (w: typeof page) => w.intervalText(null), '—', '-'],
    [
      'a rate',
      (w: typeof page) => w.rateText({ events: 4, n: 6, rate: 0.6667, ci: { lower: 0.3, upper: 0.9 } }),
      '4 of 6 (67%, 95% CI 30–90%)',
      '4 of 6 (67%, 95% CI 30-90%)',
    ],
    ['a rate not reported', (w: typeof page) => w.rateText({ events: 4, n: 6, rate: null, ci: null }), '4 of 6', '4 of 6'],
    [
      'a median',
      (w: typeof page) => w.medianText({ days: 91, lower: 60, upper: null }),
      'median 91 days (95% CI 60 to not reached)',
      'median 91 days (95% CI 60 to not reached)',
    ],
    [
      'discharge minutes',
      (w: typeof page) => w.quartilesText({ n: 17, median: 90, q1: 85, q3: 95.25 }),
      'median 90 min (IQR 85–95.3), 17 sessions',
      'median 90 min (IQR 85-95.3), 17 sessions',
    ],
    ['a share with its interval', (w: typeof page) => w.shareWithCiText(0.75, 0.43, 1), '75% (95% CI 43–100%)', '75% (95% CI 43-100%)'],
    ['none due', (w: typeof page) => w.shareText({ due: 0, answered: 0, share: null }), 'none due yet', 'none due yet'],
  ])('%s', (_, words, onPage, inPdf) => {
    expect(words(page)).toBe(onPage);
    expect(words(pdf)).toBe(inPdf);
  });

  it('labels every time point, published figures with their units, and the KAIR means by benchmark id', () => {
    expect(PROGRAM_TIME_POINTS.map((t) => PROGRAM_TIME_POINT_LABELS[t])).toEqual([
      'Baseline',
      'End of course',
      '+7 days',
      '+30 days',
      '+90 days',
    ]);
    expect([
      benchmarkValueText({ value: 46.6, unit: 'score' }),
      benchmarkValueText({ value: 1, unit: 'day' }),
      benchmarkValueText({ value: 1234.567, unit: 'count' }),
    ]).toEqual(['46.6 points', '1 day', '1,234.57']);
    expect(
      kairMeans([
        { id: 'kair-pcl5-week-1', value: 33.8 },
        { id: 'other', value: 1 },
      ]),
    ).toEqual({ 'plus-7': 33.8 });
    expect(suppressedText(5)).toBe('Fewer than 5 patients started: counts only, no means or rates');
  });
});

describe('the intervals named at the level the figures were computed with', () => {
  const marks = { dash: '-', minus: '-', notReported: '-' };
  const rate = { events: 4, n: 6, rate: 0.6667, ci: { lower: 0.3, upper: 0.9 } };
  const median = { days: 91, lower: 60, upper: null };
  it.each([
    [95, '95% CI', '4 of 6 (67%, 95% CI 30-90%)', 'median 91 days (95% CI 60 to not reached)', '95% CI 20.1-45.2', '75% (95% CI 43-100%)'],
    [90, '90% CI', '4 of 6 (67%, 90% CI 30-90%)', 'median 91 days (90% CI 60 to not reached)', '90% CI 20.1-45.2', '75% (90% CI 43-100%)'],
    [99, '99% CI', '4 of 6 (67%, 99% CI 30-90%)', 'median 91 days (99% CI 60 to not reached)', '99% CI 20.1-45.2', '75% (99% CI 43-100%)'],
    [
      99.9,
      '99.9% CI',
      '4 of 6 (67%, 99.9% CI 30-90%)',
      'median 91 days (99.9% CI 60 to not reached)',
      '99.9% CI 20.1-45.2',
      '75% (99.9% CI 43-100%)',
    ],
    [
      0.9 * 100,
      '90% CI',
      '4 of 6 (67%, 90% CI 30-90%)',
      'median 91 days (90% CI 60 to not reached)',
      '90% CI 20.1-45.2',
      '75% (90% CI 43-100%)',
    ],
  ])('level %s: %s', (level, words, rateWords, medianWords, ciWords, shareWords) => {
    const w = programWords(marks, level);
    expect(programCiWords(level)).toBe(words);
    expect(`${programLevelText(level)} CI`).toBe(words);
    expect(w.ciWords).toBe(words);
    expect(w.rateText(rate)).toBe(rateWords);
    expect(w.rateParts(rate)[2]).toBe(rateWords.slice('4 of 6 (67%, '.length));
    expect(w.medianText(median)).toBe(medianWords);
    expect(w.medianText({ days: null, lower: null, upper: null })).toBe(`median not reached (${words} not reached)`);
    expect(w.ciText({ lower: 20.1, upper: 45.24 })).toBe(ciWords);
    expect(w.shareWithCiText(0.75, 0.43, 1)).toBe(shareWords);
  });

  it('the default level is 95%, as before; a level outside (0, 100) is refused', () => {
    expect(PROGRAM_CI_WORDS).toBe('95% CI');
    expect(programWords(marks).ciWords).toBe('95% CI');
    for (const bad of [0, 100, -5, Number.NaN]) expect(() => programCiWords(bad)).toThrow(RangeError);
  });
});
