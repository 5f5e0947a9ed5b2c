/**
 * GAD-7, the Generalized Anxiety Disorder scale (Spitzer 2006): 7 items rated 0 to 3, total 0 to
 * 21, published severity bands with cut points 5, 10 and 15.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { checkAnswers, sumAnswers } from './answers.js';
import { findBand, type InstrumentDefinition, type LoincCode, type SeverityBand } from './instrument.js';

/** Sources of the GAD-7 encoding: scale and bands, LOINC codes. */
export const GAD7_SOURCES: readonly CitationKey[] = Object.freeze(['spitzer-2006', 'loinc-gad7'] as const);

/** Number of GAD-7 items. */
export const GAD7_ITEM_COUNT = 7;

/** Range of each GAD-7 answer (points). */
export const GAD7_ANSWER_RANGE = Object.freeze({ min: 0, max: 3 });

/** GAD-7 severity of a total. */
export type Gad7Severity = 'minimal' | 'mild' | 'moderate' | 'severe';

/** The published bands (Spitzer 2006): 0-4, 5-9, 10-14, 15-21, inclusive. */
export const GAD7_SEVERITY_BANDS: readonly SeverityBand<Gad7Severity>[] = Object.freeze([
  Object.freeze({ severity: 'minimal', min: 0, max: 4 }),
  Object.freeze({ severity: 'mild', min: 5, max: 9 }),
  Object.freeze({ severity: 'moderate', min: 10, max: 14 }),
  Object.freeze({ severity: 'severe', min: 15, max: 21 }),
] as const);

/** LOINC codes: panel and total (item codes not confirmed). */
export const GAD7_LOINC: Readonly<{ panel: LoincCode; total: LoincCode; items: undefined }> = Object.freeze({
  panel: Object.freeze({ code: '69737-5' }),
  total: Object.freeze({ code: '70274-6' }),
  items: undefined,
});

/** Answers to a GAD-7. */
export interface Gad7Input {
  /** 7 answers, item 1 first, each a whole number 0 to 3. */
  readonly answers: readonly number[];
}

/** A scored GAD-7. */
export interface Gad7Result {
  readonly instrument: 'gad7';
  /** The answers as given (points 0 to 3). */
  readonly answers: readonly number[];
  /** Sum of the 7 items, 0 to 21. */
  readonly total: number;
  readonly severity: Gad7Severity;
}

/**
 * Scores a GAD-7: total and severity band.
 *
 * @throws InstrumentInputError (INVALID_INPUT) for a count other than 7, an answer out of 0 to 3
 *   or not a whole number; the item number is in the message and in `item`.
 */
export function scoreGad7(input: Gad7Input): Gad7Result {
  const answers = checkAnswers(input.answers, {
    instrument: 'gad7',
    title: 'GAD-7',
    counts: [GAD7_ITEM_COUNT],
    rangeOf: () => GAD7_ANSWER_RANGE,
  });
  const total = sumAnswers(answers);
  return { instrument: 'gad7', answers: [...answers], total, severity: findBand(GAD7_SEVERITY_BANDS, total) };
}

/** The GAD-7 as an instrument definition. */
export const gad7 = Object.freeze({
  id: 'gad7',
  version: '1.0.0',
  title: 'Generalized Anxiety Disorder-7 (GAD-7)',
  sources: GAD7_SOURCES,
  score: scoreGad7,
  itemCount: GAD7_ITEM_COUNT,
  answerRange: GAD7_ANSWER_RANGE,
  severityBands: GAD7_SEVERITY_BANDS,
  loinc: GAD7_LOINC,
} as const) satisfies InstrumentDefinition<typeof scoreGad7>;
