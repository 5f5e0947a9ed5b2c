import { describe, expect, it } from 'vitest';
import { newToken, sha256 } from './secret-tokens.js';

describe('secret tokens', () => {
  it('stores a token as its SHA-256 in hex (the FIPS 180-2 example "abc")', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes a new token each time: 32 random bytes, base64url (43 characters, no padding)', () => {
    const a = newToken();
    const b = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).not.toBe(a);
  });
});
