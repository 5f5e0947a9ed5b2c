/**
 * Staff credentials (protocol-defaults.md, "Billing and staff credentials"): the DEA number's check
 * digit on published worked examples, and who may hold a session duty on a date, at the expiry's
 * boundaries (expiring the day before, on the day and after the session date).
 */
import { describe, expect, it } from 'vitest';
import {
  checkDeaNumber,
  checkSessionDuty,
  credentialCurrentOn,
  credentialExpiryWarnings,
  isUsState,
  type CredentialFacts,
} from '../index.js';

describe('DEA number check digit, on published worked examples (the check itself is inventory’s, shared with suppliers)', () => {
  it.each([
    // takerx.com "verify a DEA number": AP5836727, 5 + 3 + 7 = 15, 2 x (8 + 6 + 2) = 32, 47 -> 7.
    ['AP5836727', undefined],
    // The worked example on smartsolve.ai: AB4523763 sums to 13 + 28 = 41, so its check digit is 1.
    ['AB4523761', undefined],
    ['AB4523763', 'the check digit of this DEA registration number is wrong (the last digit should be 1)'],
    ['AB4523767', 'the check digit of this DEA registration number is wrong (the last digit should be 1)'],
    ['AP5836728', 'the check digit of this DEA registration number is wrong (the last digit should be 7)'],
  ])('%j -> %j', (text, why) => {
    expect(checkDeaNumber(text)).toBe(why);
  });
});

describe('state codes', () => {
  it.each([
    ['CA', true],
    ['DC', true],
    ['PR', true],
    ['ca', false],
    ['XX', false],
    ['', false],
    ['toString', false],
  ])('%j -> %j', (code, ok) => expect(isUsState(code)).toBe(ok));
});

const SESSION = '2026-12-07';
const rn = (expiresOn: string, more: Partial<CredentialFacts> = {}): CredentialFacts => ({
  kind: 'licence',
  licenceType: 'RN',
  state: 'OR',
  expiresOn,
  ...more,
});
const acls = (expiresOn: string, more: Partial<CredentialFacts> = {}): CredentialFacts => ({ kind: 'acls', expiresOn, ...more });
const md = (expiresOn: string): CredentialFacts => ({ kind: 'licence', licenceType: 'MD', state: 'OR', expiresOn });
const dea = (expiresOn: string, state = 'OR'): CredentialFacts => ({ kind: 'dea', state, expiresOn });
const at = { date: SESSION, siteState: 'OR' };

describe('a credential is current from its issue date through its expiry date', () => {
  it.each([
    [{ expiresOn: '2026-12-06' }, false],
    [{ expiresOn: '2026-12-07' }, true],
    [{ expiresOn: '2026-12-08' }, true],
    [{ issuedOn: '2026-12-07', expiresOn: '2028-12-07' }, true],
    [{ issuedOn: '2026-12-08', expiresOn: '2028-12-07' }, false],
    [{ issuedOn: null, expiresOn: '2028-12-07' }, true],
  ])('%j on the session date -> %j', (c, current) => expect(credentialCurrentOn(c, SESSION)).toBe(current));
});

describe('the IV runner: a nursing or prescriber licence and ACLS current on the session date', () => {
  it.each<[string, CredentialFacts[], string[]]>([
    ['both current', [rn('2027-06-30'), acls('2027-01-31')], []],
    ['ACLS expiring on the session date still counts', [rn('2027-06-30'), acls('2026-12-07')], []],
    ['ACLS expired the day before', [rn('2027-06-30'), acls('2026-12-06')], ['ACLS expired on 2026-12-06']],
    ['no ACLS', [rn('2027-06-30')], ['no ACLS is recorded']],
    ['an ACLS renewed: the newer one counts', [rn('2027-06-30'), acls('2026-11-30'), acls('2028-11-30')], []],
    [
      'a renewal not valid yet',
      [rn('2027-06-30'), acls('2026-11-30'), acls('2028-12-10', { issuedOn: '2026-12-10' })],
      ['ACLS is valid only from 2026-12-10'],
    ],
    ['the licence lapsed', [rn('2026-10-31'), acls('2027-01-31')], ['The nursing or prescriber licence for Oregon expired on 2026-10-31']],
    [
      'a licence for another state only',
      [rn('2027-06-30', { state: 'WA' }), acls('2027-01-31')],
      ['A nursing or prescriber licence is recorded for Washington, not for Oregon (the site’s state)'],
    ],
    ['a physician may run it', [md('2027-06-30'), acls('2027-01-31')], []],
    [
      'a therapist’s licence does not count',
      [rn('2027-06-30', { licenceType: 'LCSW' }), acls('2027-01-31')],
      ['no nursing or prescriber licence for Oregon is recorded'],
    ],
    ['BLS is not ACLS', [rn('2027-06-30'), { kind: 'bls', expiresOn: '2027-06-30' }], ['no ACLS is recorded']],
    ['nothing recorded', [], ['no nursing or prescriber licence for Oregon is recorded', 'no ACLS is recorded']],
  ])('%s', (_, credentials, lapses) => {
    const check = checkSessionDuty('iv-runner', credentials, at);
    expect(check.lapses.map((l) => l.message)).toEqual(lapses);
    expect(check.allowed).toBe(lapses.length === 0);
    expect(check.rule).toBe('credentials.session-duty@1');
  });

  it('without a state set for the site, a licence from any state counts', () => {
    expect(
      checkSessionDuty('iv-runner', [rn('2027-06-30', { state: 'WA' }), acls('2027-01-31')], { date: SESSION, siteState: null }).allowed,
    ).toBe(true);
  });

  it('names what lapsed in one sentence', () => {
    expect(checkSessionDuty('iv-runner', [rn('2027-06-30'), acls('2026-12-06')], at).message).toBe(
      'may not run the infusion on 2026-12-07: ACLS expired on 2026-12-06',
    );
  });

  it('refuses a date that is not one', () => {
    expect(() => checkSessionDuty('iv-runner', [], { date: '2026-13-01', siteState: null })).toThrow(RangeError);
  });
});

describe('the dose order: a prescriber licence and a DEA registration for the site’s state', () => {
  it.each<[string, CredentialFacts[], string[]]>([
    ['both current', [md('2027-06-30'), dea('2027-03-31')], []],
    ['DEA expiring on the session date', [md('2027-06-30'), dea('2026-12-07')], []],
    ['DEA expired the day before', [md('2027-06-30'), dea('2026-12-06')], ['The DEA registration for Oregon expired on 2026-12-06']],
    [
      'a DEA registration for another state',
      [md('2027-06-30'), dea('2027-03-31', 'CA')],
      ['A DEA registration is recorded for California, not for Oregon (the site’s state)'],
    ],
    ['a nurse may not order', [rn('2027-06-30'), dea('2027-03-31')], ['no prescriber licence for Oregon is recorded']],
    ['a nurse practitioner may', [{ kind: 'licence', licenceType: 'NP', state: 'OR', expiresOn: '2027-06-30' }, dea('2027-03-31')], []],
  ])('%s', (_, credentials, lapses) => {
    expect(checkSessionDuty('orderer', credentials, at).lapses.map((l) => l.message)).toEqual(lapses);
  });
});

describe('the therapist: any current licence', () => {
  it.each<[string, CredentialFacts[], boolean]>([
    ['a counsellor', [{ kind: 'licence', licenceType: 'LPC', state: 'OR', expiresOn: '2027-01-01' }], true],
    ['expired', [{ kind: 'licence', licenceType: 'LPC', state: 'OR', expiresOn: '2026-12-06' }], false],
    ['none', [{ kind: 'acls', expiresOn: '2027-01-01' }], false],
  ])('%s', (_, credentials, allowed) => expect(checkSessionDuty('therapist', credentials, at).allowed).toBe(allowed));
});

describe('warnings 60 days before an expiry', () => {
  it.each<[string, CredentialFacts[], string[]]>([
    ['61 days out: no warning', [acls('2027-02-06')], []],
    ['60 days out', [acls('2027-02-05')], ['ACLS expires on 2027-02-05 (in 60 days)']],
    ['tomorrow', [acls('2026-12-08')], ['ACLS expires on 2026-12-08 (in 1 day)']],
    ['today', [acls('2026-12-07')], ['ACLS expires today (2026-12-07)']],
    ['expired', [rn('2026-12-01')], ['The registered nurse (RN) licence for Oregon expired on 2026-12-01']],
    ['renewed: the old one is silent', [acls('2026-12-20'), acls('2028-12-20')], []],
    [
      'soonest first',
      [dea('2027-01-30'), acls('2026-12-20')],
      ['ACLS expires on 2026-12-20 (in 13 days)', 'The DEA registration for Oregon expires on 2027-01-30 (in 54 days)'],
    ],
  ])('%s', (_, credentials, messages) => {
    expect(credentialExpiryWarnings(credentials, SESSION).map((w) => w.message)).toEqual(messages);
  });
});
