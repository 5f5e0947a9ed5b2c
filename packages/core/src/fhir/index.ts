/**
 * FHIR R4: pure mappers of Kairos's records to FHIR resources, and the code systems and codes they
 * use (`terminology.ts`). The server reads the records and serves the resources (`/fhir/R4`).
 *
 * @module
 */
export * from './terminology.js';
export * from './administrative.js';
export * from './observation.js';
export * from './observation-intake.js';
export * from './questionnaires.js';
export * from './documents.js';
export * from './medication.js';
export * from './safety.js';
export * from './course.js';
