/** The credential contract: the licence types it names are core's; the body's rules name the field. */
import { LICENCE_TYPES } from '@kairos/core';
import { describe, expect, it } from 'vitest';
import { CredentialBodySchema, LICENCE_TYPE_CODES } from './credentials.js';

describe('the credential body', () => {
  it('names core’s licence types in its message', () => {
    expect(LICENCE_TYPE_CODES).toBe(Object.keys(LICENCE_TYPES).join(', '));
  });

  it.each<[string, object, string | undefined]>([
    ['a licence', { kind: 'licence', licenceType: 'RN', state: 'ny', number: 'RN-1', expiresOn: '2028-01-31' }, undefined],
    [
      'a DEA number written with a space and a dash',
      { kind: 'dea', state: 'NY', number: 'AP 583-6727', expiresOn: '2028-01-31' },
      undefined,
    ],
    ['a DEA number in lower case', { kind: 'dea', state: 'NY', number: 'ap5836727', expiresOn: '2028-01-31' }, undefined],
    ['a wrong DEA check digit', { kind: 'dea', state: 'NY', number: 'AP5836728', expiresOn: '2028-01-31' }, 'number'],
    ['a DEA registration without a number', { kind: 'dea', state: 'NY', expiresOn: '2028-01-31' }, 'number'],
    ['a licence type on ACLS', { kind: 'acls', licenceType: 'RN', expiresOn: '2028-01-31' }, 'licenceType'],
    ['an issue date after the expiry', { kind: 'bls', issuedOn: '2028-02-01', expiresOn: '2028-01-31' }, 'expiresOn'],
    ['an unknown field', { kind: 'bls', expiresOn: '2028-01-31', colour: 'red' }, ''],
  ])('%s', (_, body, field) => {
    const r = CredentialBodySchema.safeParse(body);
    if (field === undefined) expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    else expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('keeps a state upper case', () => {
    expect(
      CredentialBodySchema.parse({ kind: 'licence', licenceType: 'RN', state: 'ny', number: 'RN-1', expiresOn: '2028-01-31' }).state,
    ).toBe('NY');
  });
});
