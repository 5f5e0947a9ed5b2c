/**
 * PHQ-9, the Patient Health Questionnaire depression module (Kroenke 2001): 9 items rated 0 to 3,
 * total 0 to 27, published severity bands, item 9 (thoughts of being better off dead or of
 * self-harm) positive when above 0, and the optional difficulty item (0 to 3, not in the total).
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { checkAnswers, sumAnswers } from './answers.js';
import { findBand, type InstrumentDefinition, type LoincCode, type SeverityBand } from './instrument.js';

/** Sources of the PHQ-9 encoding: scale and bands, item 9 follow-up, LOINC codes. */
export const PHQ9_SOURCES: readonly CitationKey[] = Object.freeze(['kroenke-2001', 'calcipedia-phq9', 'hl7-us-core'] as const);

/** Number of scored PHQ-9 items. */
export const PHQ9_ITEM_COUNT = 9;

/** Range of each PHQ-9 answer, the difficulty item included (points). */
export const PHQ9_ANSWER_RANGE = Object.freeze({ min: 0, max: 3 });

/** Labels of the answers 0 to 3 of items 1 to 9. */
export const PHQ9_ANSWER_LABELS = Object.freeze(['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const);

/** PHQ-9 severity of a total. */
export type Phq9Severity = 'none-minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';

/** The published bands (Kroenke 2001): 0-4, 5-9, 10-14, 15-19, 20-27, inclusive. */
export const PHQ9_SEVERITY_BANDS: readonly SeverityBand<Phq9Severity>[] = Object.freeze([
  Object.freeze({ severity: 'none-minimal', min: 0, max: 4 }),
  Object.freeze({ severity: 'mild', min: 5, max: 9 }),
  Object.freeze({ severity: 'moderate', min: 10, max: 14 }),
  Object.freeze({ severity: 'moderately-severe', min: 15, max: 19 }),
  Object.freeze({ severity: 'severe', min: 20, max: 27 }),
] as const);

/** Item 9 is positive when its answer is above this (points): any answer but "Not at all". */
export const PHQ9_ITEM9_POSITIVE_ABOVE = 0;

/** LOINC codes (HL7 US Core examples): panel, total, items 1 to 9 in order, difficulty item, answers. */
export const PHQ9_LOINC = Object.freeze({
  panel: Object.freeze({ code: '44249-1' }),
  total: Object.freeze({ code: '44261-6' }),
  items: Object.freeze(
    ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'].map(
      (code) => Object.freeze({ code }) as LoincCode,
    ),
  ),
  difficulty: Object.freeze({ code: '69722-7' }),
  /** Answer codes for 0 to 3 (LA6571-9 from section 11 of the fact sheet). */
  answers: Object.freeze(['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'] as const),
});

/** Answers to a PHQ-9. */
export interface Phq9Input {
  /** 9 answers (items 1 to 9), or 10 with the difficulty item last; each a whole number 0 to 3. */
  readonly answers: readonly number[];
}

/** A scored PHQ-9. */
export interface Phq9Result {
  readonly instrument: 'phq9';
  /** Items 1 to 9 as given (points 0 to 3). */
  readonly answers: readonly number[];
  /** Sum of items 1 to 9, 0 to 27 (the difficulty item is not counted). */
  readonly total: number;
  readonly severity: Phq9Severity;
  /** Item 9 above 0: needs same-day follow-up. */
  readonly item9Positive: boolean;
  /** The difficulty item (0 to 3) when answered; undefined when not. */
  readonly difficulty: number | undefined;
}

/**
 * Scores a PHQ-9: total of items 1 to 9, severity band, item 9 positive.
 *
 * @throws InstrumentInputError (INVALID_INPUT) for a count other than 9 or 10, an answer out of
 *   0 to 3 or not a whole number; the item number is in the message and in `item`.
 */
export function scorePhq9(input: Phq9Input): Phq9Result {
  const all = checkAnswers(input.answers, {
    instrument: 'phq9',
    title: 'PHQ-9',
    counts: [PHQ9_ITEM_COUNT, PHQ9_ITEM_COUNT + 1],
    rangeOf: () => PHQ9_ANSWER_RANGE,
  });
  const answers = all.slice(0, PHQ9_ITEM_COUNT);
  const total = sumAnswers(answers);
  const item9 = answers[PHQ9_ITEM_COUNT - 1];
  return {
    instrument: 'phq9',
    answers,
    total,
    severity: findBand(PHQ9_SEVERITY_BANDS, total),
    item9Positive: item9 !== undefined && item9 > PHQ9_ITEM9_POSITIVE_ABOVE,
    difficulty: all[PHQ9_ITEM_COUNT],
  };
}

/** The PHQ-9 as an instrument definition. */
export const phq9 = Object.freeze({
  id: 'phq9',
  version: '1.0.0',
  title: 'Patient Health Questionnaire-9 (PHQ-9)',
  sources: PHQ9_SOURCES,
  score: scorePhq9,
  itemCount: PHQ9_ITEM_COUNT,
  answerRange: PHQ9_ANSWER_RANGE,
  answerLabels: PHQ9_ANSWER_LABELS,
  severityBands: PHQ9_SEVERITY_BANDS,
  loinc: PHQ9_LOINC,
} as const) satisfies InstrumentDefinition<typeof scorePhq9>;
