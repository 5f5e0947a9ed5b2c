/**
 * The users routes: request and response schemas.
 *
 * @module
 */
export {};
