/**
 * CADSS-6: the six-item short form of the Clinician-Administered Dissociative States Scale
 * (items 1, 2, 6, 7, 15 and 22 of the CADSS; Rodrigues 2021), each rated 0 (normal) to 4
 * (severe), total 0 to 24. Item numbers only: the CADSS item texts are not reproduced.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { checkAnswers, sumAnswers } from './answers.js';
import type { InstrumentDefinition } from './instrument.js';

/** Sources: the short-form items (Rodrigues 2021) and the item range (NCT04226963). */
export const CADSS6_SOURCES: readonly CitationKey[] = Object.freeze(['rodrigues-2021', 'nct04226963', 'bremner-1998'] as const);

/** The CADSS item numbers of the CADSS-6, in order. */
export const CADSS6_ITEMS: readonly number[] = Object.freeze([1, 2, 6, 7, 15, 22]);

/** Range of each item (points): 0 normal to 4 severe. */
export const CADSS6_ANSWER_RANGE = Object.freeze({ min: 0, max: 4 });

/** No LOINC code for the CADSS or CADSS-6 was confirmed. */
export const CADSS6_LOINC = Object.freeze({ panel: undefined, total: undefined });

/** Ratings of a CADSS-6. */
export interface Cadss6Input {
  /** 6 ratings in the order of {@link CADSS6_ITEMS} (CADSS items 1, 2, 6, 7, 15, 22), each 0 to 4. */
  readonly answers: readonly number[];
}

/** A scored CADSS-6. */
export interface Cadss6Result {
  readonly instrument: 'cadss6';
  /** Each rating with its CADSS item number. */
  readonly items: readonly { readonly cadssItem: number; readonly score: number }[];
  /** Sum of the 6 ratings, 0 to 24. */
  readonly total: number;
}

/**
 * Scores a CADSS-6.
 *
 * @throws InstrumentInputError (INVALID_INPUT) for a count other than 6, a rating out of 0 to 4
 *   or not a whole number; the message names the CADSS item and `item` is its CADSS number.
 */
export function scoreCadss6(input: Cadss6Input): Cadss6Result {
  const itemNumberOf = (i: number): number => CADSS6_ITEMS[i] ?? i + 1;
  const answers = checkAnswers(input.answers, {
    instrument: 'cadss6',
    title: 'CADSS-6',
    counts: [CADSS6_ITEMS.length],
    rangeOf: () => CADSS6_ANSWER_RANGE,
    itemNumberOf,
  });
  return {
    instrument: 'cadss6',
    items: answers.map((score, i) => ({ cadssItem: itemNumberOf(i), score })),
    total: sumAnswers(answers),
  };
}

/** The CADSS-6 as an instrument definition. */
export const cadss6 = Object.freeze({
  id: 'cadss6',
  version: '1.0.0',
  title: 'Clinician-Administered Dissociative States Scale, 6-item form (CADSS-6)',
  sources: CADSS6_SOURCES,
  score: scoreCadss6,
  items: CADSS6_ITEMS,
  answerRange: CADSS6_ANSWER_RANGE,
  loinc: CADSS6_LOINC,
} as const) satisfies InstrumentDefinition<typeof scoreCadss6>;
