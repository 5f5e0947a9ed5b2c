/**
 * Secret tokens, shared by every feature that hands one out (staff sign-in, step-up proofs, device
 * tokens, calendar feeds, portal access): a random token is shown once and only its SHA-256 is
 * stored, so a copy of the database opens nothing.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** The stored form of a secret token: its SHA-256, hex. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new random token (32 bytes, base64url). */
export const newToken = (): string => randomBytes(32).toString('base64url');
