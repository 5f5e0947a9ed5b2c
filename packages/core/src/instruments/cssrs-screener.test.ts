import { describe, expect, it } from 'vitest';
import { needsReview } from '../protocol-config/provenance.js';
import {
  CSSRS_LOINC,
  CSSRS_RISK_RULE_PROVENANCE,
  cssrsScreener,
  scoreCssrsScreener,
  type CssrsAnswers,
  type CssrsForm,
} from './cssrs-screener.js';
import { InstrumentInputError } from './errors.js';

const NO_TO_ALL: CssrsAnswers = { q1: false, q2: false, q6: false };
const YES_TO_2: CssrsAnswers = { q1: true, q2: true, q3: false, q4: false, q5: false, q6: false };

function errorOf(fn: () => unknown): InstrumentInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InstrumentInputError) return err;
    throw err;
  }
  throw new Error('expected an InstrumentInputError');
}

describe('C-SSRS screener data', () => {
  it('carries the HL7 US Behavioral Health LOINC codes of questions 1 to 6, the 3-month follow-up and the risk level', () => {
    expect(Object.values(CSSRS_LOINC.questions).map((c) => c.code)).toEqual([
      '93246-7',
      '93247-5',
      '93248-3',
      '93249-1',
      '93250-9',
      '93267-3',
    ]);
    expect(CSSRS_LOINC.behaviourWithinPast3Months.code).toBe('93269-9');
    expect(CSSRS_LOINC.riskLevel.code).toBe('93374-7');
    expect(CSSRS_LOINC.answers).toEqual({ no: 'LA32-8', yes: 'LA33-6' });
  });
  it('marks the risk mapping as a site default that needs medical-director review', () => {
    expect(needsReview(CSSRS_RISK_RULE_PROVENANCE)).toBe(true);
    expect(cssrsScreener.sources).toContain('cssrs-screener');
  });
});

describe('scoreCssrsScreener risk levels (protocol-defaults.md "Outcomes")', () => {
  it.each<[string, CssrsForm, CssrsAnswers, string]>([
    ['every answer no: none', 'since-last-contact', NO_TO_ALL, 'none'],
    ['yes to 1 only: low', 'since-last-contact', { q1: true, q2: false, q6: false }, 'low'],
    ['yes to 2 with no to 3, 4, 5: low', 'since-last-contact', YES_TO_2, 'low'],
    ['yes to 3: moderate', 'since-last-contact', { ...YES_TO_2, q3: true }, 'moderate'],
    ['yes to 4: high', 'since-last-contact', { ...YES_TO_2, q4: true }, 'high'],
    ['yes to 5: high', 'since-last-contact', { ...YES_TO_2, q5: true }, 'high'],
    ['since last contact, yes to 6: high', 'since-last-contact', { ...NO_TO_ALL, q6: true }, 'high'],
    [
      'lifetime/recent, yes to 6 within the past 3 months: high',
      'lifetime-recent',
      { ...NO_TO_ALL, q6: true, q6WithinPast3Months: true },
      'high',
    ],
    [
      'lifetime/recent, yes to 6 more than 3 months ago: moderate',
      'lifetime-recent',
      { ...NO_TO_ALL, q6: true, q6WithinPast3Months: false },
      'moderate',
    ],
    [
      'lifetime/recent, yes to 1 and 6 more than 3 months ago: moderate (highest level wins)',
      'lifetime-recent',
      { q1: true, q2: false, q6: true, q6WithinPast3Months: false },
      'moderate',
    ],
    [
      'lifetime/recent, yes to 4 and 6 long ago: high (highest level wins)',
      'lifetime-recent',
      { ...YES_TO_2, q4: true, q6: true, q6WithinPast3Months: false },
      'high',
    ],
    ['lifetime/recent, every answer no: none', 'lifetime-recent', NO_TO_ALL, 'none'],
  ])('%s', (_t, form, answers, risk) => {
    expect(scoreCssrsScreener({ form, answers }).risk).toBe(risk);
  });
  it('lists the questions answered yes', () => {
    expect(scoreCssrsScreener({ form: 'since-last-contact', answers: { ...YES_TO_2, q3: true } }).positiveQuestions).toEqual([1, 2, 3]);
  });
});

describe('scoreCssrsScreener skip logic', () => {
  it.each<[string, CssrsForm, CssrsAnswers, number, RegExp]>([
    ['question 1 missing', 'since-last-contact', { q2: false, q6: false }, 1, /question 1 is required/],
    ['question 2 missing', 'since-last-contact', { q1: false, q6: false }, 2, /question 2 is required/],
    ['question 6 missing', 'since-last-contact', { q1: false, q2: false }, 6, /question 6 is required/],
    [
      'question 3 missing after yes to 2',
      'since-last-contact',
      { q1: true, q2: true, q4: false, q5: false, q6: false },
      3,
      /question 3 is required after yes/,
    ],
    [
      'question 5 missing after yes to 2',
      'since-last-contact',
      { q1: true, q2: true, q3: false, q4: false, q6: false },
      5,
      /question 5 is required/,
    ],
    [
      'question 3 answered after no to 2 (excluded)',
      'since-last-contact',
      { ...NO_TO_ALL, q3: false },
      3,
      /not asked after no to question 2/,
    ],
    ['question 4 answered yes after no to 2 (excluded)', 'since-last-contact', { ...NO_TO_ALL, q4: true }, 4, /question 4 is not asked/],
    [
      '3-month follow-up on the since-last-contact form (excluded)',
      'since-last-contact',
      { ...NO_TO_ALL, q6: true, q6WithinPast3Months: true },
      6,
      /does not ask/,
    ],
    [
      '3-month follow-up missing after yes to 6 on the lifetime/recent form',
      'lifetime-recent',
      { ...NO_TO_ALL, q6: true },
      6,
      /within the past 3 months is required/,
    ],
    [
      '3-month follow-up after no to 6 (excluded)',
      'lifetime-recent',
      { ...NO_TO_ALL, q6WithinPast3Months: false },
      6,
      /not asked after no/,
    ],
  ])('%s is INVALID_INPUT naming the question', (_t, form, answers, item, message) => {
    const err = errorOf(() => scoreCssrsScreener({ form, answers }));
    expect(err).toMatchObject({ code: 'INVALID_INPUT', instrument: 'cssrs', item });
    expect(err.message).toMatch(message);
  });
  it('an answer that is not yes or no is INVALID_INPUT naming the question', () => {
    const answers = { ...NO_TO_ALL, q2: 'maybe' } as unknown as CssrsAnswers;
    expect(errorOf(() => scoreCssrsScreener({ form: 'since-last-contact', answers }))).toMatchObject({ item: 2 });
  });
  it('an unknown form is INVALID_INPUT', () => {
    const form = 'weekly' as unknown as CssrsForm;
    expect(errorOf(() => scoreCssrsScreener({ form, answers: NO_TO_ALL })).code).toBe('INVALID_INPUT');
  });
});
