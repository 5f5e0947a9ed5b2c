/**
 * The messages routes: request and response schemas.
 *
 * @module
 */
export {};
