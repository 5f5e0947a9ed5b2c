/**
 * Finds the live sign-in of a cookie token (the check `http/auth.ts` runs on every signed-in request).
 *
 * @module
 */
import { sha256 } from '../secret-tokens.js';
import type { SignInInfo } from './sign-in.js';
import type { Db } from '../../store/database.js';

/**
 * Finds the live sign-in of a cookie token, or undefined when it is unknown, revoked or expired.
 * With `allowIdle`, a sign-in past its idle expiry (but not its absolute expiry) still counts: the
 * live feeds of screens that lock instead of signing out (the Today board, the console) keep
 * their alarms and vitals updating behind the lock; every other read and every act needs an
 * active sign-in.
 */
export async function findSignIn(
  db: Db,
  token: string,
  now: Date,
  { allowIdle = false }: { allowIdle?: boolean } = {},
): Promise<SignInInfo | undefined> {
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
      's.second_factor',
      'u.id',
      'u.email',
      'u.display_name',
      'u.roles',
      'u.site_id',
      'u.active',
      'u.password_change_required',
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
    secondFactor: row.second_factor,
    passwordChangeRequired: row.password_change_required,
  };
}
