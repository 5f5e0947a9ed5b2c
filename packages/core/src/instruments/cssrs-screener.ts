/**
 * C-SSRS screener (Columbia-Suicide Severity Rating Scale, screen version): 6 yes/no questions
 * with skip logic, in the since-last-contact and the lifetime/recent forms, and the risk level
 * of protocol-defaults.md "Outcomes".
 *
 * Skip logic: questions 1, 2 and 6 are always asked; 3, 4 and 5 only after yes to 2. On the
 * lifetime/recent form a yes to 6 is followed by whether the behaviour was within the past
 * 3 months; the since-last-contact form does not ask it.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { siteDefault, type Provenance } from '../protocol-config/provenance.js';
import { InstrumentInputError } from './errors.js';
import type { InstrumentDefinition } from './instrument.js';

/** Sources: the screener and its skip logic; LOINC codes of the HL7 US Behavioral Health example. */
export const CSSRS_SOURCES: readonly CitationKey[] = Object.freeze(['cssrs-screener', 'hl7-us-behavioral-health', 'loinc-cssrs'] as const);

/** The two forms of the screener. */
export type CssrsForm = 'since-last-contact' | 'lifetime-recent';

/** Risk level from the screener. */
export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

/** Question number of the screener, 1 to 6. */
export type CssrsQuestion = 1 | 2 | 3 | 4 | 5 | 6;

/** What each question asks about (paraphrased; the screener's own wording is not reproduced). */
export const CSSRS_QUESTIONS: Readonly<Record<CssrsQuestion, string>> = Object.freeze({
  1: 'Wish to be dead',
  2: 'Non-specific active suicidal thoughts',
  3: 'Active suicidal ideation with any methods (not plan), without intent to act',
  4: 'Active suicidal ideation with some intent to act, without specific plan',
  5: 'Active suicidal ideation with specific plan and intent',
  6: 'Suicidal behaviour',
});

/** LOINC codes of the screener questions and risk level; the answers are LA32-8 No and LA33-6 Yes. */
export const CSSRS_LOINC = Object.freeze({
  /** A screener-specific panel code was not found; 93245-9 is the full scale (lifetime recent). */
  panel: undefined,
  fullScalePanel: Object.freeze({ code: '93245-9', display: 'C-SSRS - lifetime recent' }),
  questions: Object.freeze({
    1: Object.freeze({ code: '93246-7' }),
    2: Object.freeze({ code: '93247-5' }),
    3: Object.freeze({ code: '93248-3' }),
    4: Object.freeze({ code: '93249-1' }),
    5: Object.freeze({ code: '93250-9' }),
    6: Object.freeze({ code: '93267-3' }),
  }),
  /** Question 6 follow-up: behaviour within the past 3 months. */
  behaviourWithinPast3Months: Object.freeze({ code: '93269-9' }),
  riskLevel: Object.freeze({ code: '93374-7' }),
  answers: Object.freeze({ no: 'LA32-8', yes: 'LA33-6' }),
});

/** Provenance of the risk mapping: a site default following the screener's usual triage. */
export const CSSRS_RISK_RULE_PROVENANCE: Provenance = siteDefault("risk levels following the screener's usual triage");

/** Answers to the screener: `true` yes, `false` no, `undefined` not asked. */
export interface CssrsAnswers {
  readonly q1?: boolean;
  readonly q2?: boolean;
  readonly q3?: boolean;
  readonly q4?: boolean;
  readonly q5?: boolean;
  readonly q6?: boolean;
  /** Lifetime/recent form only, asked after yes to 6: was the behaviour within the past 3 months. */
  readonly q6WithinPast3Months?: boolean;
}

/** A completed screener. */
export interface CssrsScreenerInput {
  readonly form: CssrsForm;
  readonly answers: CssrsAnswers;
}

/** A scored screener. */
export interface CssrsScreenerResult {
  readonly instrument: 'cssrs';
  readonly form: CssrsForm;
  /** The answers as given (item level). */
  readonly answers: CssrsAnswers;
  /**
   * none: every answer no; low: yes to 1 or 2 only; moderate: yes to 3, or yes to 6 with the
   * behaviour more than 3 months ago; high: yes to 4 or 5, or yes to 6 within the past 3 months
   * (since-last-contact form: any yes to 6). The highest level that applies.
   */
  readonly risk: CssrsRisk;
  /** The questions answered yes, ascending. */
  readonly positiveQuestions: readonly CssrsQuestion[];
}

const QUESTIONS: readonly CssrsQuestion[] = [1, 2, 3, 4, 5, 6];

function answerOf(a: CssrsAnswers, q: CssrsQuestion): unknown {
  return a[`q${q}`];
}

/**
 * Scores a C-SSRS screener: checks the skip logic, then derives the risk level.
 *
 * @throws InstrumentInputError (INVALID_INPUT, `item` the question number) when an answer is not
 *   yes/no, a required answer is missing (1, 2, 6; 3 to 5 after yes to 2; the 3-month follow-up
 *   after yes to 6 on the lifetime/recent form), or an answer the skip logic excludes is given
 *   (3 to 5 after no to 2; the 3-month follow-up after no to 6 or on the since-last-contact form).
 */
export function scoreCssrsScreener(input: CssrsScreenerInput): CssrsScreenerResult {
  const { form, answers } = input;
  if (form !== 'since-last-contact' && form !== 'lifetime-recent') {
    throw new InstrumentInputError('cssrs', 1, `C-SSRS screener: unknown form "${String(form)}"`);
  }
  for (const q of QUESTIONS) {
    const a = answerOf(answers, q);
    if (a !== undefined && typeof a !== 'boolean') {
      throw new InstrumentInputError(
        'cssrs',
        q,
        `C-SSRS screener question ${q}: ${typeof a === 'string' ? a : JSON.stringify(a)} is not yes or no`,
      );
    }
  }
  const follow = answers.q6WithinPast3Months;
  if (follow !== undefined && typeof follow !== 'boolean') {
    throw new InstrumentInputError('cssrs', 6, `C-SSRS screener question 6 (within the past 3 months): ${String(follow)} is not yes or no`);
  }
  for (const q of [1, 2] as const) {
    if (answerOf(answers, q) === undefined) {
      throw new InstrumentInputError('cssrs', q, `C-SSRS screener question ${q} is required and missing`);
    }
  }
  for (const q of [3, 4, 5] as const) {
    const a = answerOf(answers, q);
    if (answers.q2 === true && a === undefined) {
      throw new InstrumentInputError('cssrs', q, `C-SSRS screener question ${q} is required after yes to question 2 and missing`);
    }
    if (answers.q2 === false && a !== undefined) {
      throw new InstrumentInputError('cssrs', q, `C-SSRS screener question ${q} is not asked after no to question 2`);
    }
  }
  if (answers.q6 === undefined) {
    throw new InstrumentInputError('cssrs', 6, 'C-SSRS screener question 6 is required and missing');
  }
  if (form === 'since-last-contact' && follow !== undefined) {
    throw new InstrumentInputError(
      'cssrs',
      6,
      'C-SSRS screener question 6: the since-last-contact form does not ask whether the behaviour was within the past 3 months',
    );
  }
  if (form === 'lifetime-recent' && answers.q6 === true && follow === undefined) {
    throw new InstrumentInputError(
      'cssrs',
      6,
      'C-SSRS screener question 6: whether the behaviour was within the past 3 months is required after yes and missing',
    );
  }
  if (form === 'lifetime-recent' && answers.q6 === false && follow !== undefined) {
    throw new InstrumentInputError(
      'cssrs',
      6,
      'C-SSRS screener question 6: whether the behaviour was within the past 3 months is not asked after no',
    );
  }

  const recentBehaviour = answers.q6 === true && (form === 'since-last-contact' || follow === true);
  const olderBehaviour = answers.q6 === true && form === 'lifetime-recent' && follow === false;
  const risk: CssrsRisk =
    answers.q4 === true || answers.q5 === true || recentBehaviour
      ? 'high'
      : answers.q3 === true || olderBehaviour
        ? 'moderate'
        : answers.q1 === true || answers.q2 === true
          ? 'low'
          : 'none';
  return {
    instrument: 'cssrs',
    form,
    answers: { ...answers },
    risk,
    positiveQuestions: QUESTIONS.filter((q) => answerOf(answers, q) === true),
  };
}

/** The C-SSRS screener as an instrument definition. */
export const cssrsScreener = Object.freeze({
  id: 'cssrs',
  version: '1.0.0',
  title: 'Columbia-Suicide Severity Rating Scale, screener (C-SSRS)',
  sources: CSSRS_SOURCES,
  score: scoreCssrsScreener,
  questions: CSSRS_QUESTIONS,
  riskRuleProvenance: CSSRS_RISK_RULE_PROVENANCE,
  loinc: CSSRS_LOINC,
} as const) satisfies InstrumentDefinition<typeof scoreCssrsScreener>;
