/**
 * The sites routes: request and response schemas.
 *
 * @module
 */
export {};
