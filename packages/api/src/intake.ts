/**
 * The intake routes: request and response schemas.
 *
 * @module
 */
export {};
