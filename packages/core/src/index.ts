/**
 * @kairos/core: the pure clinical rules of Kairos. No I/O, no clock, no environment, no DOM.
 * The only entry point other packages import.
 *
 * @module
 */
export * from './protocol-config/citations.js';
export * from './protocol-config/provenance.js';
export * from './protocol-config/param.js';
