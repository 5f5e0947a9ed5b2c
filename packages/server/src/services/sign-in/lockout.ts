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
  // Locked when some window of accountLockoutWindowMinutes holds enough failures, until
  // accountLockoutMinutes after the failure that completed it.
  for (let i = s.accountLockoutFailures - 1; i < failures.length; i++) {
    const first = failures[i - (s.accountLockoutFailures - 1)]?.at as Date;
    const last = failures[i]?.at as Date;
    if (
      last.getTime() - first.getTime() <= s.accountLockoutWindowMinutes * 60_000 &&
      now.getTime() < last.getTime() + s.accountLockoutMinutes * 60_000
    ) {
      return true;
    }
  }
  return false;
}
