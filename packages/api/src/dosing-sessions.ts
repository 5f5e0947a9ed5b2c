/**
 * The dosing-sessions routes: request and response schemas.
 *
 * @module
 */
export {};
