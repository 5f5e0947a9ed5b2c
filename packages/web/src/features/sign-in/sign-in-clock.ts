/**
 * Sign-in timing (the staff cookie session's idle and absolute expiry) in the browser's own
 * clock. The server's clock may differ from the browser's (demo and test mode offset it), so
 * instants from the server are turned into "how long from now" at the moment they arrive, and
 * kept as browser-clock deadlines.
 */
import type { StaffSession } from '@kairos/api';
import { forgetHintCookie, hasHintCookie } from '../../api/hint-cookie';

/** The timing of a sign-in answer (GET or POST /api/session); without `serverTime`, the server's now is inferred from the idle expiry. */
export type SignInTiming = Pick<StaffSession, 'idleExpiresAt' | 'absoluteExpiresAt' | 'idleTimeoutSeconds'> &
  Partial<Pick<StaffSession, 'serverTime'>>;

export interface SignInDeadlines {
  /** Browser-clock ms when the sign-in expires for lack of activity. */
  idleMs: number;
  /** Browser-clock ms when the sign-in ends whatever happens (absolute expiry). */
  absoluteMs: number;
  idleTimeoutMs: number;
}

/**
 * The server's "now" when it answered: `serverTime` when given; otherwise inferred from the idle
 * expiry the answer just set (activity extends it to now + the idle timeout).
 */
export function serverNowMs(session: SignInTiming): number {
  if (session.serverTime !== undefined && !Number.isNaN(Date.parse(session.serverTime))) return Date.parse(session.serverTime);
  return Date.parse(session.idleExpiresAt) - session.idleTimeoutSeconds * 1000;
}

/** Deadlines on the browser clock, from a sign-in answer received at `receivedAtMs`. */
export function deadlinesFrom(session: SignInTiming, receivedAtMs: number): SignInDeadlines {
  const skewMs = serverNowMs(session) - receivedAtMs;
  return {
    idleMs: Date.parse(session.idleExpiresAt) - skewMs,
    absoluteMs: Date.parse(session.absoluteExpiresAt) - skewMs,
    idleTimeoutMs: session.idleTimeoutSeconds * 1000,
  };
}

/**
 * The deadlines after a request the server answered for this sign-in: any activity (a keepalive
 * too) extends the idle expiry to now + the idle timeout, never past the absolute expiry.
 */
export function afterActivity(d: SignInDeadlines, atMs: number): SignInDeadlines {
  const idleMs = Math.min(Math.max(d.idleMs, atMs + d.idleTimeoutMs), d.absoluteMs);
  return idleMs === d.idleMs ? d : { ...d, idleMs };
}

/** When the sign-in ends first: idle or absolute expiry. */
export function endMs(d: SignInDeadlines): number {
  return Math.min(d.idleMs, d.absoluteMs);
}

/** How long before the end the warning shows: 60 s, or half the idle timeout when that is shorter. */
export function warningLeadMs(d: SignInDeadlines): number {
  return Math.min(60_000, Math.floor(d.idleTimeoutMs / 2));
}

/** "1:05", "0:09": a countdown from milliseconds, rounded up to the second. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A path to return to after signing in: only a path on this site, never another origin. */
/**
 * Where a sign-in lands: the page it was sent from, unless that is a section this person's roles
 * do not open (a previous user's page); then home, which opens their first section. An admin
 * signing in after a nurse signed out on Today lands on Settings, not "not available".
 */
export function landingPath(next: string, allowed: readonly string[], sectionOf: (segment: string) => string | undefined): string {
  const first = /^\/([^/?#]+)/.exec(next)?.[1];
  const section = first === undefined ? undefined : sectionOf(first);
  return section !== undefined && !allowed.includes(section) ? '/' : next;
}

export function safeNextPath(next: string | null | undefined): string {
  if (
    next === null ||
    next === undefined ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    next.startsWith('/sign-in')
  )
    return '/';
  return next;
}

/** The server's readable cookie set beside the sign-in cookie (`SIGNED_IN_HINT_COOKIE`, server/src/http/auth.ts); no secret. */
const SIGNED_IN_HINT = 'kairos_signed_in';

/** Whether a sign-in cookie may be there: the hint is present. */
export function mayBeSignedIn(cookies: string = document.cookie): boolean {
  return hasHintCookie(SIGNED_IN_HINT, cookies);
}

/** Drops the hint once the server said the sign-in is gone, so the next load does not ask again. */
export function forgetSignedInHint(): void {
  forgetHintCookie(SIGNED_IN_HINT);
}
