/**
 * What every instrument exports, and severity bands as published instrument data.
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import type { InstrumentId } from './errors.js';

/**
 * An instrument as data plus a pure scoring function: id, version (of Kairos's encoding of the
 * instrument), title, sources (citation keys) and `score`.
 */
export interface InstrumentDefinition<Score extends (...args: never[]) => unknown> {
  readonly id: InstrumentId;
  readonly version: string;
  readonly title: string;
  readonly sources: readonly CitationKey[];
  readonly score: Score;
}

/**
 * A published severity band of a total score: `min` to `max` points, both inclusive.
 * Bands are fixed instrument data (not site settings): they define the instrument.
 */
export interface SeverityBand<S extends string> {
  readonly severity: S;
  /** Lowest total in the band (points, inclusive). */
  readonly min: number;
  /** Highest total in the band (points, inclusive). */
  readonly max: number;
}

/** The band containing `total`; throws when none does (bands must cover the score range). */
export function findBand<S extends string>(bands: readonly SeverityBand<S>[], total: number): S {
  const band = bands.find((b) => total >= b.min && total <= b.max);
  if (band === undefined) throw new RangeError(`no severity band contains ${total}`);
  return band.severity;
}

/** A LOINC code with its display where the source gives one. */
export interface LoincCode {
  readonly code: string;
  readonly display?: string;
}
