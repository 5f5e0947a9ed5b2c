/**
 * The portal routes: request and response schemas.
 *
 * @module
 */
export {};
