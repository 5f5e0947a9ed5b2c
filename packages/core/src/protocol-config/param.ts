/**
 * A clinical parameter: a value with its unit, the range a site may set, and its provenance.
 * Every number in the protocol configuration is a `Param`; logic reads `.value`.
 *
 * @module
 */
import type { Provenance } from './provenance.js';

/** Units used by protocol parameters (UCUM-like where one exists). */
export type Unit =
  | 'mg/kg'
  | 'mg'
  | 'mg/mL'
  | 'mL'
  | 'mL/h'
  | 'kg'
  | 'min'
  | 'h'
  | 'day'
  | 'year'
  | 'mm[Hg]'
  | '/min'
  | '%'
  | 'Cel'
  | 'score'
  | 'count'
  | 'time-of-day'
  | '1';

/** A configurable clinical value with its unit, allowed site range and provenance. */
export interface Param<T = number> {
  readonly value: T;
  readonly unit: Unit;
  /** Inclusive lower bound a site may set (numbers only). */
  readonly min?: number;
  /** Inclusive upper bound a site may set (numbers only). */
  readonly max?: number;
  readonly provenance: Provenance;
}

/** Builds a frozen {@link Param}. */
export function param<T>(value: T, unit: Unit, provenance: Provenance, range?: { min?: number; max?: number }): Param<T> {
  return Object.freeze({ value, unit, provenance, ...(range ?? {}) });
}
