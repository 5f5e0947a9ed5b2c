import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  commonPasswordCount,
  DEMO_PASSWORD,
  hashDemoPassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  MIN_PASSWORD_SCORE,
  verifyPassword,
} from './passwords.js';

describe('password policy', () => {
  it('refuses 11 characters and accepts 12', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(checkPasswordPolicy('x7Rq!vP2mZ4w')).toEqual([]);
    expect(checkPasswordPolicy('x7Rq!vP2mZ4')).toEqual(['must be at least 12 characters']);
  });

  it('refuses password1234: it is on the bundled list of common passwords', () => {
    expect(checkPasswordPolicy('password1234')).toContain('is a commonly used password; choose another');
    expect(checkPasswordPolicy('PASSWORD1234')).toContain('is a commonly used password; choose another');
  });

  it('bundles at least 10,000 common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses the published demo password, in any case', () => {
    expect(checkPasswordPolicy(DEMO_PASSWORD)).toContain('is the published demo password; choose another');
    expect(checkPasswordPolicy(DEMO_PASSWORD.toUpperCase())).toContain('is the published demo password; choose another');
  });

  const guessable =
    'is too easy to guess (repeats, sequences, keyboard patterns, common words or your email); choose a longer or less predictable one';
  it.each([
    ['one character repeated', 'aaaaaaaaaaaaaaaa'],
    ['a short pattern repeated', 'abcabcabcabcabc'],
    ['a sequence', '1234567890123'],
    ['a keyboard walk', 'qwertyuiopasdf'],
    ['dates and a common word', 'summer20262026'],
    ['the email’s own words, twice', 'janedoejanedoe'],
    ['the product’s name, twice', 'kairoskairos12'],
  ])('refuses low-variety strings (zxcvbn score under %s): %s', (_why, password) => {
    expect(MIN_PASSWORD_SCORE).toBe(3);
    expect(checkPasswordPolicy(password, { email: 'jane.doe@clinic.example' })).toContain(guessable);
  });

  it.each(['x7Rq!vP2mZ4w', 'correct horse battery staple', 'Vivid-Lantern-Orbit-42'])('accepts a strong password: %s', (password) => {
    expect(checkPasswordPolicy(password, { email: 'jane.doe@clinic.example' })).toEqual([]);
  });

  it('refuses the email address as the password', () => {
    expect(checkPasswordPolicy('nurse@clinic.example', { email: 'Nurse@Clinic.example' })).toContain('must not be the email address');
  });
});

describe('argon2id hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('the demo accounts’ hash: cheap, for a published password; every other account at the defaults', () => {
  it('the demo password’s hash verifies at argon2id m=1024 KiB, t=1; a real password’s at the defaults (m=19456 KiB, t=2)', async () => {
    const demo = await hashDemoPassword();
    expect(demo).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    await expect(verifyPassword(demo, DEMO_PASSWORD)).resolves.toBe(true);
    await expect(verifyPassword(demo, 'another-password-2026')).resolves.toBe(false);
    await expect(hashPassword('a real one, long enough')).resolves.toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
