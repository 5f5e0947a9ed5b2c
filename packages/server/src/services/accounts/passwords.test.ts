import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, COMMON_PASSWORD_COUNT, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';

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
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(10_000);
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
