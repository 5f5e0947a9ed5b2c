/**
 * The sign-in routes: request and response schemas.
 *
 * @module
 */
export {};
