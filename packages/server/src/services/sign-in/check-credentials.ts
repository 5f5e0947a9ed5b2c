/**
 * Checks an email and password now and records the attempt: the first half of a sign-in, and the
 * whole of a step-up proof's check. Failures of both are counted per email (the account's lockout)
 * and per client address (`lockout.ts`); every failure gets the same answer.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { emailKey } from '../accounts/email-key.js';
import { decoyPasswordHash, verifyPassword } from '../accounts/passwords.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import { audit } from '../audit.js';
import { NO_USER, type Actor, type RequestMeta } from '../context.js';
import { countRecentFailures, isEmailLocked, minutesAgo } from './lockout.js';
import type { Db } from '../../store/database.js';

/** The one answer to a failed sign-in, whatever the reason. */
export const SIGN_IN_REFUSED = 'Email or password is incorrect, or the account is temporarily locked. Try again, or ask an administrator.';

/** Checks an email and password now; records the attempt. Used by sign-in and by step-up. */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  meta: RequestMeta,
  { purpose, allowSynthetic }: { purpose: 'sign-in' | 'step-up'; allowSynthetic: boolean },
): Promise<Actor> {
  const settings = await loadSecuritySettings(db);
  // Sign-ins and step-ups (a password entered at someone's screen) count together per address:
  // neither may be used to try passwords faster than the other.
  if (
    (await countRecentFailures(db, 'client_address', meta.clientAddress, minutesAgo(meta.now, settings.clientThrottleWindowMinutes))) >=
    settings.clientThrottleFailures
  ) {
    await audit(db, { ...meta, actor: NO_USER }, { action: `auth.${purpose}`, outcome: 'denied', details: { reason: 'client throttled' } });
    throw new AppError('RATE_LIMITED', 'Too many failed password attempts from this address. Wait a few minutes and try again.', {
      retryAfterSeconds: settings.clientThrottleWindowMinutes * 60,
    });
  }
  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', emailKey(email)))
    .executeTakeFirst();
  const locked = await isEmailLocked(db, email, settings, meta.now);
  // Always verify a hash, so an unknown email takes as long as a wrong password.
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), password);
  // Demo users (synthetic, with a published password) never sign in outside demo and test mode.
  const syntheticRefused = user !== undefined && user.synthetic && !allowSynthetic;
  const ok = user !== undefined && user.active && passwordOk && !locked && !syntheticRefused;
  await db
    .insertInto('signin_attempt')
    .values({ email_key: emailKey(email), client_address: meta.clientAddress, succeeded: ok, while_locked: locked, at: meta.now })
    .execute();
  await audit(
    db,
    { ...meta, actor: { userId: user?.id ?? null, roles: user?.roles ?? [] } },
    {
      action: `auth.${purpose}`,
      recordType: 'user',
      recordId: user?.id ?? null,
      outcome: ok ? 'allowed' : 'denied',
      details: ok
        ? {}
        : {
            reason:
              user === undefined
                ? 'unknown account'
                : locked
                  ? 'account locked'
                  : !user.active
                    ? 'account inactive'
                    : syntheticRefused
                      ? 'demo account outside demo mode'
                      : 'wrong password',
          },
    },
  );
  if (!ok) throw new AppError('UNAUTHENTICATED', SIGN_IN_REFUSED);
  return { userId: user.id, email: user.email, displayName: user.display_name, roles: user.roles, siteId: user.site_id };
}
