/**
 * Recovery codes: ten single-use codes shown once at enrolment, for when the phone is lost. Each is
 * 10 characters from an alphabet without look-alikes (about 49 bits), written `abcde-fghij`, and
 * stored only as an argon2id hash, so the table alone gives none away.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** A code as the person may type it: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Whether `code` has the shape of a recovery code (before any hash is checked). */
export const isRecoveryCodeShape = (code: string): boolean => new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normalizeRecoveryCode(code));

/** `RECOVERY_CODE_COUNT` new codes, as shown to the person. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)] as string).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): Promise<string> {
  return hash(normalizeRecoveryCode(code));
}

export async function recoveryCodeMatches(codeHash: string, code: string): Promise<boolean> {
  try {
    return await verify(codeHash, normalizeRecoveryCode(code));
  } catch {
    return false;
  }
}
