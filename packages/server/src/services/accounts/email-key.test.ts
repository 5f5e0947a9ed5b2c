import { describe, expect, it } from 'vitest';
import { emailKey } from './email-key.js';

describe('emailKey', () => {
  it('one account whatever the case and the surrounding spaces', () => {
    expect(emailKey('  Nurse@Demo.TEST ')).toBe('nurse@demo.test');
  });

  it('keeps the inside of the address as typed (apart from case)', () => {
    expect(emailKey('first.last+kap@clinic.example')).toBe('first.last+kap@clinic.example');
  });
});
