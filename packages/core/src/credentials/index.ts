/**
 * Staff credentials (issue 28): state codes, licence types, and who may run the infusion, order
 * the dose or be the therapist of a dosing session on a date.
 *
 * @module
 */
export * from './us-states.js';
export * from './duties.js';
