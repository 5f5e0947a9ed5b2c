import type { ProgramOutcomes } from '@kairos/api';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf-text.js';
import { LITERATURE_CAUTION, medianWords, renderProgramOutcomesPdf, type ProgramOutcomesPdfFacts } from './render-program-outcomes-pdf.js';

const mean = (timePoint: ProgramOutcomes['scores']['pcl5'][number]['timePoint'], n: number, m: number, lo: number, hi: number) => ({
  timePoint,
  n,
  mean: m,
  sd: 8,
  ci: { lower: lo, upper: hi },
});

const OUTCOMES: ProgramOutcomes = {
  site: { id: '00000000-0000-4000-8000-000000000001', name: 'Harbour Light Clinic' },
  filters: { template: 'retreat-5-day', from: '2026-05-01', to: '2026-07-31', cohort: null, ownPatientsOnly: false },
  asOf: '2026-12-01',
  protocolVersion: 3,
  rules: [{ id: 'outcomes.cohort-statistics', version: '1' }],
  suppressed: false,
  smallestCohort: 5,
  confidenceLevelPercent: 95,
  flow: {
    referred: 6,
    screened: 6,
    eligible: 6,
    started: 6,
    completed: 5,
    withdrawn: 1,
    withdrawnReasons: [{ reason: 'moved away', count: 1 }],
    lostToFollowUp: 1,
  },
  scores: {
    pcl5: [
      mean('baseline', 6, 52.6667, 47.1, 58.2),
      mean('end-of-course', 5, 33.2, 20.1, 46.3),
      mean('plus-7', 4, 31.5, 18, 45),
      mean('plus-30', 4, 30, 22.4, 37.6),
      mean('plus-90', 3, 33, 10.2, 55.8),
    ],
    phq9: [mean('baseline', 2, 17, 4.3, 29.7)],
    gad7: [mean('baseline', 3, 12, 7, 17)],
  },
  rates: [
    { id: 'response', timePoint: 'end-of-course', events: 3, n: 5, rate: 0.6, ci: { lower: 0.231, upper: 0.882 }, started: 6 },
    { id: 'remission', timePoint: 'end-of-course', events: 1, n: 5, rate: 0.2, ci: { lower: 0.036, upper: 0.624 }, started: 6 },
    { id: 'reliable-improvement', timePoint: 'end-of-course', events: 3, n: 5, rate: 0.6, ci: { lower: 0.231, upper: 0.882 }, started: 6 },
  ],
  durability: {
    responders: 3,
    events: 1,
    median: { days: null, lower: 91, upper: null },
    curve: [
      { days: 0, survival: 1, lower: null, upper: null, atRisk: 3, events: 0 },
      { days: 91, survival: 2 / 3, lower: 0.3, upper: 1, atRisk: 3, events: 1 },
    ],
    censored: [
      { days: 104, count: 1 },
      { days: 118, count: 1 },
    ],
  },
  benchmarks: [
    {
      id: 'kair-pcl5-baseline',
      label: 'PCL-5 mean at baseline (KAIR)',
      value: 46.6,
      unit: 'score',
      citation: 'KAIR program description (brief)',
    },
    {
      id: 'kair-pcl5-week-1',
      label: 'PCL-5 mean at one week (KAIR)',
      value: 33.8,
      unit: 'score',
      citation: 'KAIR program description (brief)',
    },
    {
      id: 'kair-pcl5-month-1',
      label: 'PCL-5 mean at one month (KAIR)',
      value: 30.8,
      unit: 'score',
      citation: 'KAIR program description (brief)',
    },
    {
      id: 'abdallah-2022-n',
      label: 'Veterans randomised, no PCL-5 benefit over placebo',
      value: 158,
      unit: 'count',
      citation: 'Abdallah 2022, Neuropsychopharmacology',
    },
    { id: 'aita-2024-pooled-g', label: 'Pooled effect size g', value: 0.27, unit: '1', citation: 'Aita 2024, J Affect Disord' },
  ],
  safety: {
    sessions: 11,
    adverseEvents: {
      total: 2,
      per100Sessions: (2 / 11) * 100,
      byKind: [
        { kind: 'nausea', severity: 'mild', count: 1, per100Sessions: (1 / 11) * 100 },
        { kind: 'anxiety', severity: 'moderate', count: 1, per100Sessions: (1 / 11) * 100 },
      ],
    },
    bloodPressure: { warningSessions: 1, pauseSessions: 1 },
    dischargeMinutes: { n: 11, median: 90, q1: 85, q3: 95 },
    pausedSessions: 1,
    stoppedEarlySessions: 1,
    sessionsByRoute: [
      { route: 'IV', sessions: 10 },
      { route: 'IM', sessions: 1 },
    ],
  },
  completeness: [
    { timePoint: 'baseline', instrument: 'pcl5', due: 6, answered: 6, share: 1 },
    { timePoint: 'plus-30', instrument: 'pcl5', due: 5, answered: 4, share: 0.8 },
  ],
};

const facts = (over: Partial<ProgramOutcomes> = {}): ProgramOutcomesPdfFacts => ({
  outcomes: { ...OUTCOMES, ...over },
  timeZone: 'America/New_York',
  synthetic: false,
  printedBy: 'Dr. Dana Director',
  generatedAt: new Date('2026-12-01T15:00:00Z'),
});

describe('program outcomes PDF', () => {
  it('the filters, the flow, the PCL-5 means with their CIs beside the published means, rates, the KM median, safety, completeness and the literature, in plain words', async () => {
    const { text, title } = await pdfText(await renderProgramOutcomesPdf(facts()));
    expect(title).toBe('Program outcomes');
    expect(text).toContain('Harbour Light Clinic');
    expect(text).toContain('Courses starting May 1, 2026 to July 31, 2026');
    expect(text).toContain('Program: 5-day ketamine-assisted psychotherapy retreat');
    expect(text).toContain('thresholds of protocol version 3');
    expect(text).toContain('Reasons for withdrawal: moved away (1).');
    // PCL-5 at baseline: n 6, mean 52.7, CI, the KAIR mean 46.6 beside.
    expect(text).toMatch(/Baseline 6 52\.7 47\.1-58\.2 46\.6/);
    expect(text).toMatch(/\+30 days 4 30\.0 22\.4-37\.6 30\.8/);
    expect(text).toContain('KAIR program: published means');
    expect(text).toContain('3 of 5 (60%, 95% CI 23-88%)');
    // (pdfkit may break the line after a hyphen)
    expect(text).toMatch(/Time to loss of response \(Kaplan- ?Meier\): median not reached \(95% CI 91 to not reached\)/);
    expect(text).toContain('Days after the last dosing session');
    expect(text).toContain('2 (18.2 per 100 sessions)');
    expect(text).toContain('Anxiety Moderate 1 9.1');
    expect(text).toContain('median 90 min (IQR 85-95), 11 sessions');
    expect(text).toContain('By route IV infusion 10, Intramuscular injection 1');
    expect(text).toContain('4 of 5 (80%)');
    expect(text).toContain(LITERATURE_CAUTION.slice(0, 60));
    expect(text).toContain('Source: Abdallah 2022, Neuropsychopharmacology');
    expect(text).toContain('Aita 2024');
    expect(text).toContain('Printed December 1, 2026');
    // No internal identifiers: no uuid, rule id or template id.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toMatch(/outcomes\.cohort|retreat-5-day|kair-pcl5/);
  });

  it('a cohort too small to report: counts only (no means, rates or curve), saying why', async () => {
    const suppressed = {
      suppressed: true,
      scores: {
        pcl5: OUTCOMES.scores.pcl5.map((m) => ({ ...m, mean: null, sd: null, ci: null })),
        phq9: [],
        gad7: [],
      },
      rates: OUTCOMES.rates.map((r) => ({ ...r, rate: null, ci: null })),
      durability: null,
    };
    const { text } = await pdfText(await renderProgramOutcomesPdf(facts(suppressed)));
    expect(text).toContain('Fewer than 5 patients started: counts only, no means or rates.');
    expect(text).toMatch(/Baseline 6 46\.6/);
    expect(text).not.toContain('52.7');
    expect(text).not.toContain('3 of 5');
    expect(text).not.toContain('Kaplan-Meier estimate');
    expect(text).not.toContain('per 100 sessions)');
  });

  it.each([
    [90, '90% CI', '90% confidence intervals throughout'],
    [99, '99% CI', '99% confidence intervals throughout'],
  ])('a site at level %i: every interval named at the level its figures were computed with', async (level, ci, throughout) => {
    const { text } = await pdfText(await renderProgramOutcomesPdf(facts({ confidenceLevelPercent: level })));
    expect(text).toContain(throughout);
    expect(text).toContain(`3 of 5 (60%, ${ci} 23-88%)`);
    expect(text).toMatch(new RegExp(`median not reached \\(${ci} 91 to not reached\\)`));
    expect(text).toContain(`Mean 12.0 (${ci} 7.0-17.0), 3 answered.`);
    expect(text).toContain(`This site: mean with ${ci}`);
    expect(text).toContain(`${ci} band`);
    expect(text).toContain(`67% (${ci} 30-100%)`);
    expect(text).not.toContain('95%');
  });

  it('the durability chart marks the censored responders, its legend naming them; none censored, no such entry', async () => {
    expect((await pdfText(await renderProgramOutcomesPdf(facts()))).text).toContain('Censored');
    const noneCensored = { ...OUTCOMES.durability!, censored: [] };
    expect((await pdfText(await renderProgramOutcomesPdf(facts({ durability: noneCensored })))).text).not.toContain('Censored');
  });

  it('the median in words: reached, with its interval', () => {
    expect(medianWords({ days: 91, lower: 60, upper: null })).toBe('median 91 days (95% CI 60 to not reached)');
    expect(medianWords({ days: null, lower: null, upper: null })).toBe('median not reached (95% CI not reached)');
    expect(medianWords({ days: 91, lower: 60, upper: null }, 90)).toBe('median 91 days (90% CI 60 to not reached)');
  });
});
