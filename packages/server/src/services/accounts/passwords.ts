/**
 * Staff passwords: argon2id hashes (@node-rs/argon2 defaults: m=19456 KiB, t=2, p=1), at least 12
 * characters, never one of the ~49,000 common passwords bundled with zxcvbn-ts nor the demo's
 * published password, and hard to guess: zxcvbn's score at least 3 of 4 (its estimate of the
 * guesses needed, with common words, names, keyboard walks, repeats and sequences, and the
 * person's own email as known inputs).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors.js';

export const MIN_PASSWORD_LENGTH = 12;
/** The demo clinic's password, published in the README: never a real account's. */
export const DEMO_PASSWORD = 'kairos-demo-2026';
/** The least zxcvbn score (0 to 4) a new password needs: 3 is "safely unguessable" (about 10^8 guesses and more). */
export const MIN_PASSWORD_SCORE = 3;

interface Guessability {
  zxcvbn: ZxcvbnCore.ZxcvbnFactory;
  common: ReadonlySet<string>;
}
let guessability: Guessability | undefined;

/**
 * zxcvbn and its dictionaries, loaded at the first password checked rather than at start: they
 * cost every start about 0.2 s and 20 MB, and a password is checked only when one is set.
 * Required synchronously (the packages ship CommonJS too) so that the checks stay synchronous.
 */
function theGuessability(): Guessability {
  if (guessability === undefined) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
    const { adjacencyGraphs, dictionary } = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
    guessability = {
      zxcvbn: new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }),
      common: new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())),
    };
  }
  return guessability;
}

/** How many common passwords are refused (the issue asks for at least 10,000). */
export function commonPasswordCount(): number {
  return theGuessability().common.size;
}

/** The problems with a new password, empty when it is acceptable. */
export function checkPasswordPolicy(password: string, { email }: { email?: string } = {}): string[] {
  const { zxcvbn, common } = theGuessability();
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (common.has(password.toLowerCase())) problems.push('is a commonly used password; choose another');
  if (email !== undefined && password.toLowerCase() === email.toLowerCase()) problems.push('must not be the email address');
  if (password.toLowerCase() === DEMO_PASSWORD) problems.push('is the published demo password; choose another');
  if (problems.length === 0) {
    const inputs = ['kairos', ...(email !== undefined ? [email, ...email.split(/[@.]/)] : [])];
    if (zxcvbn.check(password, inputs).score < MIN_PASSWORD_SCORE)
      problems.push(
        'is too easy to guess (repeats, sequences, keyboard patterns, common words or your email); choose a longer or less predictable one',
      );
  }
  return problems;
}

/** Refuses a new password that breaks the policy, naming every problem. */
export function assertPasswordPolicy(password: string, email: string): void {
  const problems = checkPasswordPolicy(password, { email });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', `password: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ field: 'password', message })),
    });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * The demo accounts' hash costs: their password is published (the README), so the hash protects
 * nothing, and its cost is only time at every sign-in and step-up of the demo and of the tests
 * (at the defaults a verification is 12 ms here, 0.5 ms at these). Demo accounts exist only in
 * demo and test mode; every other account keeps the defaults.
 */
const DEMO_HASH_COST = { memoryCost: 1024, timeCost: 1 } as const;

/** The hash of the published demo password, for the demo's accounts. */
export function hashDemoPassword(): Promise<string> {
  return hash(DEMO_PASSWORD, DEMO_HASH_COST);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the account does not exist, so both take as long. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  return (decoyHash ??= hash('decoy-password-that-no-one-has-1'));
}
