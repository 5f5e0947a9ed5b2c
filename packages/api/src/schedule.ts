/**
 * The schedule routes: request and response schemas.
 *
 * @module
 */
export {};
