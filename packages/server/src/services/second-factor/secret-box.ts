/**
 * TOTP secrets at rest: sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
 * `KAIROS_MFA_KEY`, which is kept outside the database, with the user's id as associated data so
 * a sealed secret copied onto another account does not open. A database dump alone yields no
 * secret; a sealed value that was altered, or a wrong key, fails to open rather than opening wrong.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyOf(mfaKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(mfaKey, 'utf8'), Buffer.alloc(0), 'kairos totp secret v1', 32));
}

/** Seals `plaintext` for `userId`: `v1:` iv, tag and ciphertext, base64url, colon-separated. */
export function sealSecret(mfaKey: string, userId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(mfaKey), iv);
  cipher.setAAD(Buffer.from(userId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

/** Opens a sealed secret of `userId`; throws when the key is wrong or the value was altered. */
export function openSecret(mfaKey: string, userId: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
    throw new Error('the sealed second-factor secret is not in a known format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(mfaKey), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
