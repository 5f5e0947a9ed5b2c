/**
 * Billing (issue 27): the codes Kairos proposes from what happened and the rules choosing them,
 * NPI and NDC checks. Every code is a site default the clinic's coder reviews.
 *
 * @module
 */
export * from './npi.js';
export * from './ndc.js';
export * from './billing-codes.js';
export * from './propose-charges.js';
