/**
 * @kairos/api: the contract of the Kairos HTTP API. Only zod schemas (and the types inferred from
 * them), one file per feature. The server validates every route's body, query, params and
 * response with them; the web derives its types from them with `z.infer`; the OpenAPI document
 * (`/api/docs`) is generated from them. Core's types are imported, never repeated.
 *
 * Names: a schema is `XSchema`, its type `X` (`z.infer`), unique across the package.
 *
 * @module
 */
export * from './common.js';
export * from './errors.js';
export * from './live-events.js';
export * from './platform.js';
export * from './sign-in.js';
export * from './users.js';
export * from './sites.js';
export * from './patients.js';
export * from './intake.js';
export * from './referrals.js';
export * from './credentials.js';
export * from './inventory.js';
export * from './program-outcomes.js';
export * from './research-export.js';
export * from './fhir-export.js';
export * from './screening.js';
export * from './measures.js';
export * from './portal.js';
export * from './schedule.js';
export * from './dosing-sessions.js';
export * from './hl7-senders.js';
export * from './billing.js';
export * from './notes.js';
export * from './messages.js';
export * from './emergency-access.js';
export * from './adverse-event-log.js';
export * from './audit-trail.js';
