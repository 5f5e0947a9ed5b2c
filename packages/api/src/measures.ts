/**
 * The measures routes: request and response schemas.
 *
 * @module
 */
export {};
