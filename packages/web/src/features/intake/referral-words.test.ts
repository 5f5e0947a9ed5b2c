import { describe, expect, it } from 'vitest';
import { formatSize, isReferralFormEmpty, referralBody, referralFormValues } from './referral-words';

const empty = referralFormValues(null, '2026-03-12');

describe('the referral form', () => {
  it('starts empty but for today as the day received, and counts as nothing to record', () => {
    expect(empty).toMatchObject({ source: '', name: '', receivedOn: '2026-03-12' });
    expect(isReferralFormEmpty(empty)).toBe(true);
  });
  it('leaves out empty fields and trims the rest', () => {
    expect(referralBody({ ...empty, source: 'clinician', name: '  Dr Ana Okafor ', phone: ' ' }).body).toEqual({
      source: 'clinician',
      clinician: { name: 'Dr Ana Okafor' },
      receivedOn: '2026-03-12',
    });
  });
  it('a referral from a clinician without the name: the problem is on the name field', () => {
    expect(referralBody({ ...empty, source: 'clinician', organisation: 'Harbour' }).errors).toHaveProperty('name');
  });
  it('a reason over the limit is refused before sending', () => {
    expect(referralBody({ ...empty, reason: 'x'.repeat(2001) }).errors).toHaveProperty('reason');
  });
  it('sizes in words', () => {
    expect([formatSize(840), formatSize(12_500), formatSize(3_565_158)]).toEqual(['840 bytes', '12 KB', '3.4 MB']);
  });
});
