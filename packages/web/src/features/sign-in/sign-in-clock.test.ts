import { describe, expect, it } from 'vitest';
import {
  afterActivity,
  deadlinesFrom,
  endMs,
  formatCountdown,
  landingPath,
  mayBeSignedIn,
  safeNextPath,
  warningLeadMs,
} from './sign-in-clock';
import type { StaffSession } from '@kairos/api';
import { sectionOfSegment } from '../shell/sections';

/** A sign-in answer (GET /api/session); `serverTime` left out unless given, to test the inference. */
function signInAnswer(over: Partial<StaffSession> = {}): Omit<StaffSession, 'serverTime'> & Partial<Pick<StaffSession, 'serverTime'>> {
  return {
    user: { id: 'u1', email: 'nurse@demo.test', displayName: 'Nurse', roles: ['nurse'], licensed: true },
    csrfToken: 'c',
    idleTimeoutSeconds: 900,
    idleExpiresAt: '2026-12-01T14:15:00.000Z',
    absoluteExpiresAt: '2026-12-02T02:00:00.000Z',
    sections: ['today'],
    mode: 'test',
    secondFactor: 'not-enrolled',
    passwordChangeRequired: false,
    protocol: { version: 1, signed: true },
    site: { id: '00000000-0000-4000-8000-000000000051', name: 'Kairos Demo Clinic', timeZone: 'America/New_York' },
    ...over,
  };
}

describe('sign-in deadlines on the browser clock', () => {
  const received = Date.UTC(2026, 10, 28, 9, 0, 0);

  it('a server clock days ahead still gives the full idle timeout from now', () => {
    const d = deadlinesFrom(signInAnswer(), received);
    expect(d.idleMs - received).toBe(900_000);
    expect(d.absoluteMs - received).toBe(12 * 3600_000);
  });

  it('serverTime, when the server sends it, wins over the inference', () => {
    const d = deadlinesFrom(signInAnswer({ serverTime: '2026-12-01T14:05:00.000Z' }), received);
    expect(d.idleMs - received).toBe(600_000);
  });

  it('activity extends the idle deadline, never past the absolute one', () => {
    const d = deadlinesFrom(signInAnswer({ absoluteExpiresAt: '2026-12-01T14:20:00.000Z' }), received);
    expect(afterActivity(d, received + 60_000).idleMs - received).toBe(960_000);
    expect(afterActivity(d, received + 600_000).idleMs - received).toBe(1_200_000);
    expect(endMs(afterActivity(d, received + 600_000))).toBe(d.absoluteMs);
  });

  it('activity never shortens the deadline', () => {
    const d = deadlinesFrom(signInAnswer(), received);
    expect(afterActivity(d, received - 5000)).toBe(d);
  });

  it('warns 60 s ahead, or at half a short idle timeout', () => {
    expect(warningLeadMs(deadlinesFrom(signInAnswer(), received))).toBe(60_000);
    expect(
      warningLeadMs(deadlinesFrom(signInAnswer({ idleTimeoutSeconds: 30, idleExpiresAt: '2026-12-01T14:00:30.000Z' }), received)),
    ).toBe(15_000);
  });
});

describe('countdown and return path', () => {
  it('rounds the countdown up to the second', () => {
    expect(formatCountdown(60_000)).toBe('1:00');
    expect(formatCountdown(8_001)).toBe('0:09');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('returns only to a path on this site', () => {
    expect(safeNextPath('/patients/42?x=1')).toBe('/patients/42?x=1');
    expect(safeNextPath('//evil.example/')).toBe('/');
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('/sign-in?next=/x')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});

describe('where a sign-in lands', () => {
  it.each([
    ['an admin sent from a nurse’s Today goes home (their first section)', '/today', ['settings'], '/'],
    ['an admin sent from a patient page goes home', '/patients/42?tab=notes', ['settings'], '/'],
    ['a nurse sent from Today goes back to Today', '/today', ['today', 'patients'], '/today'],
    ['a nurse sent from a patient page goes back there', '/patients/42?tab=notes', ['today', 'patients'], '/patients/42?tab=notes'],
    ['an admin sent from a session console (Today’s gate) goes home', '/sessions/abc', ['settings'], '/'],
    ['a nurse sent from a session console goes back there', '/sessions/abc', ['today', 'patients'], '/sessions/abc'],
    ['a page no section guards (the account) is kept', '/account/security', ['settings'], '/account/security'],
    ['home stays home', '/', ['settings'], '/'],
  ])('%s', (_label, next, allowed, expected) => {
    expect(landingPath(next, allowed, sectionOfSegment)).toBe(expected);
  });
});

describe('whether a load asks who is signed in', () => {
  it.each([
    ['no cookie at all', '', false],
    ['the hint', 'kairos_signed_in=1', true],
    ['the hint among others', 'theme=dark; kairos_signed_in=1; x=y', true],
    ['a look-alike name', 'not_kairos_signed_in=1; kairos_signed_in_old=1', false],
    ['the session cookie is httpOnly and never visible here', 'theme=dark', false],
  ])('%s', (_label, cookies, asks) => {
    expect(mayBeSignedIn(cookies)).toBe(asks);
  });
});
