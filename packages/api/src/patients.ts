/**
 * The patients routes: request and response schemas.
 *
 * @module
 */
export {};
