/**
 * The typed error every instrument throws on invalid answers.
 *
 * @module
 */

/** Identifiers of the instruments Kairos scores. */
export type InstrumentId = 'pcl5' | 'phq9' | 'gad7' | 'cssrs' | 'cadss6' | 'moaas';

/**
 * Invalid answers to an instrument: a wrong number of answers, an answer out of range or not a
 * whole number, a required C-SSRS answer missing, or one the skip logic excludes. The item
 * number is in the message and in {@link InstrumentInputError.item}.
 */
export class InstrumentInputError extends Error {
  /** Always `INVALID_INPUT` (the error code of the API and CLI contracts). */
  readonly code = 'INVALID_INPUT' as const;

  constructor(
    /** The instrument whose answers are invalid. */
    readonly instrument: InstrumentId,
    /**
     * The item (question) at fault, 1-based, as numbered on the instrument; for CADSS-6 the CADSS
     * item number (1, 2, 6, 7, 15 or 22). For a wrong count: the first missing or extra item.
     */
    readonly item: number,
    message: string,
  ) {
    super(message);
    this.name = 'InstrumentInputError';
  }
}
