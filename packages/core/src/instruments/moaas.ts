/**
 * MOAA/S, the Modified Observer's Assessment of Alertness/Sedation: one level from 5 (responds
 * readily to name in normal tone) to 0 (no response to painful trapezius squeeze).
 *
 * @module
 */
import type { CitationKey } from '../protocol-config/citations.js';
import { checkAnswers } from './answers.js';
import type { InstrumentDefinition } from './instrument.js';

/** Sources: the level table (BMC Anesthesiol 2022; Chernik 1990) and its use in the Spravato label. */
export const MOAAS_SOURCES: readonly CitationKey[] = Object.freeze([
  'moaas-bmc-anesthesiol-2022',
  'chernik-1990',
  'spravato-label',
] as const);

/** A MOAA/S level, 0 (deepest) to 5 (alert). */
export type MoaasLevel = 0 | 1 | 2 | 3 | 4 | 5;

/** Range of the level. */
export const MOAAS_RANGE = Object.freeze({ min: 0, max: 5 });

/** The description of each level. */
export const MOAAS_LEVELS: Readonly<Record<MoaasLevel, string>> = Object.freeze({
  5: 'Responds readily to name in normal tone',
  4: 'Lethargic response to name',
  3: 'Responds only after name called loudly and/or repeatedly',
  2: 'Responds only after mild prodding or shaking',
  1: 'Responds only after painful trapezius squeeze',
  0: 'No response to painful trapezius squeeze',
});

/** No LOINC code for the MOAA/S was confirmed. */
export const MOAAS_LOINC = Object.freeze({ level: undefined });

/** A MOAA/S assessment. */
export interface MoaasInput {
  /** The observed level, a whole number 0 to 5. */
  readonly level: number;
}

/** A scored MOAA/S. */
export interface MoaasResult {
  readonly instrument: 'moaas';
  readonly level: MoaasLevel;
  readonly description: string;
}

/**
 * Describes a MOAA/S level.
 *
 * @throws InstrumentInputError (INVALID_INPUT, item 1) for a level out of 0 to 5 or not a whole number.
 */
export function scoreMoaas(input: MoaasInput): MoaasResult {
  checkAnswers([input.level], { instrument: 'moaas', title: 'MOAA/S', counts: [1], rangeOf: () => MOAAS_RANGE });
  const level = input.level as MoaasLevel;
  return { instrument: 'moaas', level, description: MOAAS_LEVELS[level] };
}

/** The MOAA/S as an instrument definition. */
export const moaas = Object.freeze({
  id: 'moaas',
  version: '1.0.0',
  title: "Modified Observer's Assessment of Alertness/Sedation (MOAA/S)",
  sources: MOAAS_SOURCES,
  score: scoreMoaas,
  levels: MOAAS_LEVELS,
  range: MOAAS_RANGE,
  loinc: MOAAS_LOINC,
} as const) satisfies InstrumentDefinition<typeof scoreMoaas>;
