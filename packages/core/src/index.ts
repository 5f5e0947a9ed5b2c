/**
 * @kairos/core: the pure clinical rules of Kairos. No I/O, no clock, no environment, no DOM.
 * The only entry point other packages import. Each area re-exports its public API from its own
 * `index.ts`.
 *
 * @module
 */
export * from './calendar/index.js';
export * from './protocol-config/citations.js';
export * from './protocol-config/provenance.js';
export * from './protocol-config/param.js';
export * from './protocol-config/index.js';
export * from './instruments/index.js';
export * from './screening/index.js';
export * from './dosing/index.js';
export * from './monitoring/index.js';
export * from './protocols/index.js';
export * from './outcomes/index.js';
export * from './measures/index.js';
export * from './dosing/pharmacokinetics.js';
export * from './notes/index.js';
export * from './session/index.js';
export * from './rules/index.js';
export * from './inventory/index.js';
export * from './billing/index.js';
export * from './credentials/index.js';
export * from './fhir/index.js';
export * from './hl7/index.js';
