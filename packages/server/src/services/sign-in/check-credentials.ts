/**
 * Checks an email, password and second factor now and records the attempt: the first half of a
 * sign-in, and the whole of a step-up proof's check. Failures of both are counted per email (the
 * account's lockout) and per client address (`lockout.ts`); every failure of the password gets the
 * same answer. After a correct password, an enrolled user's missing code is asked for (not counted)
 * and a wrong one is refused as such (counted, so codes cannot be tried faster than passwords).
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { emailKey } from '../accounts/email-key.js';
import { decoyPasswordHash, verifyPassword } from '../accounts/passwords.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import { audit } from '../audit.js';
import { NO_USER, type Actor, type RequestMeta } from '../context.js';
import { checkSecondFactor, type SecondFactorCheck } from '../second-factor/check-second-factor.js';
import type { SecondFactorPolicy } from '../second-factor/policy.js';
import type { SecondFactorState } from '@kairos/api';
import { countRecentFailures, isEmailLocked, minutesAgo } from './lockout.js';
import type { Db } from '../../store/database.js';

/** The one answer to a failed sign-in, whatever the reason. */
export const SIGN_IN_REFUSED = 'Email or password is incorrect, or the account is temporarily locked. Try again, or ask an administrator.';

/** The answer to a correct password of an enrolled user who gave no code. */
export const SECOND_FACTOR_NEEDED = 'Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.';
/** The answer to a wrong, reused or malformed second-factor code. */
export const SECOND_FACTOR_WRONG =
  'The code is not correct or was already used. Enter the code your authenticator app shows now, or an unused recovery code.';

/** Who proved themselves, and where their second factor stands. */
export interface CheckedCredentials {
  actor: Actor;
  secondFactor: SecondFactorState;
}

/** Checks an email, password and second factor now; records the attempt. Used by sign-in and by step-up. */
export async function checkCredentials(
  db: Db,
  input: { email: string; password: string; code?: string | undefined },
  meta: RequestMeta,
  { purpose, allowSynthetic, policy }: { purpose: 'sign-in' | 'step-up'; allowSynthetic: boolean; policy: SecondFactorPolicy },
): Promise<CheckedCredentials> {
  const { email, password } = input;
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
  const passwordAccepted = user !== undefined && user.active && passwordOk && !locked && !syntheticRefused;
  const second: SecondFactorCheck | undefined = passwordAccepted
    ? await checkSecondFactor(db, user.id, input.code, meta.now, policy)
    : undefined;
  // A step-up in production needs a second factor, so someone who never set one up cannot give one.
  const stepUpUnenrolled = purpose === 'step-up' && policy.required && second?.kind === 'not-enrolled';
  const ok = passwordAccepted && second?.kind !== 'missing' && second?.kind !== 'wrong' && !stepUpUnenrolled;
  // A missing code is a question, not a failure: the password was right and nothing was guessed.
  if (second?.kind !== 'missing')
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
        ? { secondFactor: second?.kind === 'proved' ? second.by : policy.required ? 'to set up' : 'none' }
        : second?.kind === 'missing'
          ? { reason: 'second factor to enter' }
          : second?.kind === 'wrong'
            ? { reason: 'wrong second-factor code' }
            : stepUpUnenrolled
              ? { reason: 'no second factor set up' }
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
  if (second?.kind === 'missing') throw new AppError('SECOND_FACTOR_REQUIRED', SECOND_FACTOR_NEEDED);
  if (second?.kind === 'wrong') throw new AppError('UNAUTHENTICATED', SECOND_FACTOR_WRONG, { field: 'code' });
  if (stepUpUnenrolled)
    throw new AppError(
      'UNAUTHENTICATED',
      'This person has not set up a second factor yet, so they cannot confirm here. They sign in once and set it up first.',
    );
  if (!ok) throw new AppError('UNAUTHENTICATED', SIGN_IN_REFUSED);
  return {
    actor: { userId: user.id, email: user.email, displayName: user.display_name, roles: user.roles, siteId: user.site_id },
    secondFactor: second?.kind === 'proved' ? 'proved' : policy.required ? 'enrolment-required' : 'not-enrolled',
  };
}
