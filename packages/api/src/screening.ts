/**
 * The screening routes: request and response schemas.
 *
 * @module
 */
export {};
