/**
 * Shared validation of item answers: the count, whole numbers, and the range of each item.
 *
 * @module
 */
import { InstrumentInputError, type InstrumentId } from './errors.js';

/** The inclusive range of an item's answer (points). */
export interface AnswerRange {
  readonly min: number;
  readonly max: number;
}

/** How to check one instrument's list of answers. */
export interface AnswerSpec {
  readonly instrument: InstrumentId;
  /** Display name used in messages, e.g. "PCL-5". */
  readonly title: string;
  /** Allowed counts of answers (e.g. [9, 10] for PHQ-9 with its optional difficulty item). */
  readonly counts: readonly number[];
  /** Range of the answer at 0-based position `index`. */
  rangeOf: (index: number) => AnswerRange;
  /** Item number shown for the answer at 0-based `index` (default index + 1). */
  itemNumberOf?: (index: number) => number;
}

/**
 * Checks answers against a spec; throws {@link InstrumentInputError} naming the first bad item.
 * Returns the answers unchanged (typed as whole numbers in range).
 */
export function checkAnswers(answers: readonly number[], spec: AnswerSpec): readonly number[] {
  const itemNumberOf = spec.itemNumberOf ?? ((i: number) => i + 1);
  const maxCount = Math.max(...spec.counts);
  const minCount = Math.min(...spec.counts);
  if (!spec.counts.includes(answers.length)) {
    const expected = spec.counts.join(' or ');
    if (answers.length < minCount) {
      const item = itemNumberOf(answers.length);
      throw new InstrumentInputError(
        spec.instrument,
        item,
        `${spec.title} needs ${expected} answers, got ${answers.length}: item ${item} is missing`,
      );
    }
    const item = answers.length > maxCount ? maxCount + 1 : answers.length + 1;
    throw new InstrumentInputError(
      spec.instrument,
      item,
      `${spec.title} needs ${expected} answers, got ${answers.length}: item ${item} is not part of ${spec.title}`,
    );
  }
  answers.forEach((answer, index) => {
    const item = itemNumberOf(index);
    const { min, max } = spec.rangeOf(index);
    if (typeof answer !== 'number' || !Number.isInteger(answer)) {
      throw new InstrumentInputError(spec.instrument, item, `${spec.title} item ${item}: ${String(answer)} is not a whole number`);
    }
    if (answer < min || answer > max) {
      throw new InstrumentInputError(spec.instrument, item, `${spec.title} item ${item}: ${answer} is out of range ${min} to ${max}`);
    }
  });
  return answers;
}

/** Sums answers (points). */
export function sumAnswers(answers: readonly number[]): number {
  return answers.reduce((a, b) => a + b, 0);
}
