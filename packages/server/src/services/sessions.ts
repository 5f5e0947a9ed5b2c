/**
 * Staff sign-in and sessions, stored in the database so several server instances share them.
 * The cookie holds a random token; the database holds only its SHA-256. Sign-in failures are
 * counted per email (whether or not the account exists, so the answer never tells) and per
 * client address.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { audit } from './audit.js';
import { NO_USER, type Actor, type RequestMeta } from './context.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import { loadSecuritySettings, type SecuritySettings } from './security-settings.js';
import type { Db } from '../store/database.js';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
export const newToken = (): string => randomBytes(32).toString('base64url');
export const emailKey = (email: string): string => email.trim().toLowerCase();

/** The one answer to a failed sign-in, whatever the reason. */
export const SIGN_IN_REFUSED = 'Email or password is incorrect, or the account is temporarily locked. Try again, or ask an administrator.';

export interface SessionInfo {
  actor: Actor;
  tokenHash: string;
  csrfToken: string;
  idleTimeoutSeconds: number;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

const minutesAgo = (now: Date, minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

async function recentFailures(db: Db, column: 'email_key' | 'client_address', value: string, since: Date): Promise<number> {
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

/** Checks an email and password now; records the attempt. Used by sign-in and by step-up. */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  meta: RequestMeta,
  { purpose, allowSynthetic }: { purpose: 'sign-in' | 'step-up'; allowSynthetic: boolean },
): Promise<Actor> {
  const settings = await loadSecuritySettings(db);
  if (
    purpose === 'sign-in' &&
    (await recentFailures(db, 'client_address', meta.clientAddress, minutesAgo(meta.now, settings.clientThrottleWindowMinutes))) >=
      settings.clientThrottleFailures
  ) {
    await audit(db, { ...meta, actor: NO_USER }, { action: `auth.${purpose}`, outcome: 'denied', details: { reason: 'client throttled' } });
    throw new AppError('RATE_LIMITED', 'Too many failed sign-ins from this address. Wait a few minutes and try again.');
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

/** Signs in: checks the credentials and opens a session. Returns the cookie token once. */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  meta: RequestMeta,
  { allowSynthetic }: { allowSynthetic: boolean },
): Promise<{ token: string; session: SessionInfo }> {
  const actor = await checkCredentials(db, email, password, meta, { purpose: 'sign-in', allowSynthetic });
  const settings = await loadSecuritySettings(db, actor.siteId);
  const token = newToken();
  const csrfToken = newToken();
  const idleTimeoutSeconds = settings.idleTimeoutMinutes * 60;
  const absoluteExpiresAt = new Date(meta.now.getTime() + settings.absoluteTimeoutHours * 3_600_000);
  await db
    .insertInto('user_session')
    .values({
      token_hash: sha256(token),
      user_id: actor.userId,
      csrf_token: csrfToken,
      created_at: meta.now,
      last_seen_at: meta.now,
      idle_timeout_seconds: idleTimeoutSeconds,
      absolute_expires_at: absoluteExpiresAt,
      client_address: meta.clientAddress,
    })
    .execute();
  return {
    token,
    session: {
      actor,
      tokenHash: sha256(token),
      csrfToken,
      idleTimeoutSeconds,
      idleExpiresAt: new Date(meta.now.getTime() + idleTimeoutSeconds * 1000),
      absoluteExpiresAt,
    },
  };
}

/**
 * Finds the live session of a cookie token, or undefined when it is unknown, revoked or expired.
 * With `allowIdle`, a session past its idle expiry (but not its absolute expiry) still counts: the
 * passive reads of screens that lock instead of signing out (the Today board, the console) keep
 * their alarms and vitals updating behind the lock; every act still needs an active session.
 */
export async function findSession(
  db: Db,
  token: string,
  now: Date,
  { allowIdle = false }: { allowIdle?: boolean } = {},
): Promise<SessionInfo | undefined> {
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.last_seen_at',
      's.idle_timeout_seconds',
      's.absolute_expires_at',
      's.revoked_at',
      'u.id',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.site_id',
      'u.active',
    ])
    .where('s.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || !row.active) return undefined;
  const idleExpiresAt = new Date(row.last_seen_at.getTime() + row.idle_timeout_seconds * 1000);
  if ((!allowIdle && now >= idleExpiresAt) || now >= row.absolute_expires_at) return undefined;
  return {
    actor: { userId: row.id, email: row.email, displayName: row.display_name, roles: row.roles, siteId: row.site_id },
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    idleTimeoutSeconds: row.idle_timeout_seconds,
    idleExpiresAt,
    absoluteExpiresAt: row.absolute_expires_at,
  };
}

/** Records activity: the idle expiry moves forward. */
export async function touchSession(db: Db, session: SessionInfo, now: Date): Promise<SessionInfo> {
  await db.updateTable('user_session').set({ last_seen_at: now }).where('token_hash', '=', session.tokenHash).execute();
  return {
    ...session,
    idleExpiresAt: new Date(Math.min(now.getTime() + session.idleTimeoutSeconds * 1000, session.absoluteExpiresAt.getTime())),
  };
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('user_session').set({ revoked_at: now }).where('token_hash', '=', tokenHash).execute();
}

/** Sign-out: the session is revoked, then the sign-out is audited. */
export async function signOut(db: Db, session: SessionInfo, meta: RequestMeta): Promise<void> {
  await revokeSession(db, session.tokenHash, meta.now);
  await audit(
    db,
    { ...meta, actor: session.actor },
    { action: 'auth.sign-out', recordType: 'user', recordId: session.actor.userId, outcome: 'allowed' },
  );
}
