import { describe, expect, it } from 'vitest';
import { isRecoveryCodeShape, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.js';
import { openSecret, sealSecret } from './secret-box.js';
import { matchTotp, totpCodeAt } from './totp.js';

/** RFC 6238 Appendix B's SHA-1 seed "12345678901234567890" in base32; its 8-digit codes end in these 6 digits. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP against RFC 6238, Appendix B (SHA-1)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('at %i s the code is %s, and it matches that time step', async (seconds, code) => {
    const at = new Date(seconds * 1000);
    expect(await totpCodeAt(RFC_SECRET, at)).toBe(code);
    expect(await matchTotp(RFC_SECRET, code, at)).toBe(Math.floor(seconds / 30));
  });

  it('accepts one step either side, not two; refuses a step not later than the last used; refuses what is not 6 digits', async () => {
    const at = new Date(1234567890 * 1000);
    const step = Math.floor(1234567890 / 30);
    expect(await matchTotp(RFC_SECRET, '005924', new Date(at.getTime() + 30_000))).toBe(step);
    expect(await matchTotp(RFC_SECRET, '005924', new Date(at.getTime() - 30_000))).toBe(step);
    expect(await matchTotp(RFC_SECRET, '005924', new Date(at.getTime() + 61_000))).toBeUndefined();
    expect(await matchTotp(RFC_SECRET, '005924', at, step)).toBeUndefined();
    expect(await matchTotp(RFC_SECRET, '005924', at, step - 1)).toBe(step);
    expect(await matchTotp(RFC_SECRET, '005 924', at)).toBe(step);
    for (const bad of ['', '00592', '0059244', 'abcdef', '005924;', '٠٠٥٩٢٤']) expect(await matchTotp(RFC_SECRET, bad, at)).toBeUndefined();
  });
});

describe('sealed secrets', () => {
  const key = 'k'.repeat(40);
  const user = '11111111-1111-4111-8111-111111111111';
  it('open with the same key and user; a different nonce each time', () => {
    const a = sealSecret(key, user, RFC_SECRET);
    const b = sealSecret(key, user, RFC_SECRET);
    expect(a).not.toBe(b);
    expect(a).not.toContain(RFC_SECRET);
    expect(openSecret(key, user, a)).toBe(RFC_SECRET);
  });
  it.each([
    ['another key', (s: string) => openSecret('x'.repeat(40), user, s)],
    ['another user', (s: string) => openSecret(key, '22222222-2222-4222-8222-222222222222', s)],
    ['an altered ciphertext', (s: string) => openSecret(key, user, s.slice(0, -2) + (s.endsWith('AA') ? 'BB' : 'AA'))],
    ['an unknown format', () => openSecret(key, user, 'v2:abc')],
    ['an empty value', () => openSecret(key, user, '')],
  ])('%s does not open', (_title, open) => {
    const sealed = sealSecret(key, user, RFC_SECRET);
    expect(() => open(sealed)).toThrow();
  });
});

describe('recovery codes', () => {
  it('ten distinct codes of ten characters without look-alikes, typed in any case and spacing', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) {
      expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
      expect(isRecoveryCodeShape(` ${c.toUpperCase().replace('-', ' ')} `)).toBe(true);
      expect(normalizeRecoveryCode(c.toUpperCase())).toBe(c.replace('-', ''));
    }
    for (const bad of ['', 'abcde-fghi', 'abcde-fghijk', 'abcde-fgh1l', '123456', 'abcde-fgh0o'])
      expect(isRecoveryCodeShape(bad)).toBe(false);
  });
});
