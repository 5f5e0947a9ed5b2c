/**
 * Instruments: PCL-5, PHQ-9, GAD-7, C-SSRS screener, CADSS-6 and MOAA/S, each as item data, LOINC
 * codes where confirmed, sources, and a pure scoring function that rejects invalid answers with
 * an {@link InstrumentInputError}.
 *
 * @module instruments
 */
export * from './errors.js';
export * from './instrument.js';
export { checkAnswers, sumAnswers, type AnswerRange, type AnswerSpec } from './answers.js';
export * from './pcl5.js';
export * from './phq9.js';
export * from './gad7.js';
export * from './cssrs-screener.js';
export * from './cadss6.js';
export * from './moaas.js';
export { severityWords } from './severity-words.js';
export * from './forms.js';

import { cadss6 } from './cadss6.js';
import { cssrsScreener } from './cssrs-screener.js';
import { gad7 } from './gad7.js';
import { moaas } from './moaas.js';
import { pcl5 } from './pcl5.js';
import { phq9 } from './phq9.js';

/** Every instrument definition, for listings and the sources test. */
export const INSTRUMENTS = Object.freeze([pcl5, phq9, gad7, cssrsScreener, cadss6, moaas] as const);
