/**
 * Sign-in lockout: failures are counted per email (whether or not the account exists, so the
 * answer never tells) and per client address, from the recorded sign-in attempts.
 *
 * @module
 */
import { emailKey } from '../accounts/email-key.js';
import type { SecuritySettings } from '../accounts/security-settings.js';
import type { Db } from '../../store/database.js';

export const minutesAgo = (now: Date, minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

/** Failed attempts recorded for one email key or client address since a time. */
export async function countRecentFailures(db: Db, column: 'email_key' | 'client_address', value: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('signin_attempt')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(column, '=', value)
    .where('succeeded', '=', false)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** True when the email has too many recent failures: locked, whether or not the account exists. */
export async function isEmailLocked(db: Db, email: string, s: SecuritySettings, now: Date): Promise<boolean> {
  const failures = await db
    .selectFrom('signin_attempt')
    .select('at')
    .where('email_key', '=', emailKey(email))
    .where('succeeded', '=', false)
    .where('while_locked', '=', false)
    .where('at', '>=', minutesAgo(now, s.accountLockoutWindowMinutes + s.accountLockoutMinutes))
    .orderBy('at')
    .execute();
  return (
    blockedUntil(
      failures.map((f) => f.at),
      { failures: s.accountLockoutFailures, windowMinutes: s.accountLockoutWindowMinutes, blockMinutes: s.accountLockoutMinutes },
      now,
    ) !== undefined
  );
}

/** A rule "this many failures within a window block for a while". */
export interface FailureRule {
  failures: number;
  windowMinutes: number;
  blockMinutes: number;
}

/**
 * When a run of failures blocks: some window of `windowMinutes` holds `failures` of them, and the
 * block lasts `blockMinutes` after the failure that completed it. Returns the end of the block in
 * force at `now`, or undefined. `failureTimes` are oldest first and leave out attempts refused
 * while blocked (they do not extend the block).
 */
export function blockedUntil(failureTimes: readonly Date[], rule: FailureRule, now: Date): Date | undefined {
  let until: number | undefined;
  for (let i = rule.failures - 1; i < failureTimes.length; i++) {
    const first = failureTimes[i - (rule.failures - 1)] as Date;
    const last = failureTimes[i] as Date;
    const end = last.getTime() + rule.blockMinutes * 60_000;
    if (last.getTime() - first.getTime() <= rule.windowMinutes * 60_000 && now.getTime() < end) until = Math.max(until ?? 0, end);
  }
  return until === undefined ? undefined : new Date(until);
}
