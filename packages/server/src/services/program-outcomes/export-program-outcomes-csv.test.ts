import type { ProgramOutcomes } from '@kairos/api';
import { describe, expect, it } from 'vitest';
import { programOutcomesTable } from './export-program-outcomes-csv.js';

/** Only what the headers read: the level, and tables with no row. */
const outcomes = (confidenceLevelPercent: number) =>
  ({
    confidenceLevelPercent,
    suppressed: true,
    scores: { pcl5: [], phq9: [], gad7: [] },
    rates: [],
    durability: null,
  }) as unknown as ProgramOutcomes;

describe('the program outcomes CSV headers name the intervals at the level of the figures', () => {
  it.each([
    [95, '95% CI'],
    [90, '90% CI'],
    [99, '99% CI'],
  ])('level %i: %s', (level, ci) => {
    expect(programOutcomesTable(outcomes(level), 'scores').header).toEqual([
      'Questionnaire',
      'Time point',
      'n',
      'Mean',
      'SD',
      `${ci} lower`,
      `${ci} upper`,
    ]);
    expect(programOutcomesTable(outcomes(level), 'rates').header.slice(4, 7)).toEqual(['Rate (%)', `${ci} lower (%)`, `${ci} upper (%)`]);
    expect(programOutcomesTable(outcomes(level), 'durability').header.slice(3)).toEqual([
      'Still responding (%)',
      `${ci} lower (%)`,
      `${ci} upper (%)`,
    ]);
  });
});
