/**
 * The notes routes: request and response schemas.
 *
 * @module
 */
export {};
