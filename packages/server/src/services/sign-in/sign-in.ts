/**
 * Staff sign-in: checks the credentials and opens a sign-in (the staff cookie session), stored in
 * the database so several server instances share it. The cookie holds a random token; the
 * database holds only its SHA-256.
 *
 * @module
 */
import { loadSecuritySettings } from '../accounts/security-settings.js';
import type { Actor, RequestMeta } from '../context.js';
import { newToken, sha256 } from '../secret-tokens.js';
import type { SecondFactorPolicy } from '../second-factor/policy.js';
import type { SecondFactorState } from '@kairos/api';
import { checkCredentials } from './check-credentials.js';
import type { Db } from '../../store/database.js';

/** A live sign-in: who, its CSRF token and when it expires (idle and absolute). */
export interface SignInInfo {
  actor: Actor;
  tokenHash: string;
  csrfToken: string;
  idleTimeoutSeconds: number;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  /** `enrolment-required`: this sign-in may only set up a second factor (production, none set up yet). */
  secondFactor: SecondFactorState;
  /** An administrator chose the password: this sign-in may only change it (and read itself, sign out). */
  passwordChangeRequired: boolean;
}

/** Signs in: checks the credentials (and second factor) and opens a sign-in. Returns the cookie token once. */
export async function signIn(
  db: Db,
  input: { email: string; password: string; code?: string | undefined },
  meta: RequestMeta,
  { allowSynthetic, policy }: { allowSynthetic: boolean; policy: SecondFactorPolicy },
): Promise<{ token: string; signIn: SignInInfo }> {
  const { actor, secondFactor } = await checkCredentials(db, input, meta, { purpose: 'sign-in', allowSynthetic, policy });
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
      second_factor: secondFactor,
    })
    .execute();
  const { password_change_required: passwordChangeRequired } = await db
    .selectFrom('app_user')
    .select('password_change_required')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  return {
    token,
    signIn: {
      actor,
      tokenHash: sha256(token),
      csrfToken,
      idleTimeoutSeconds,
      idleExpiresAt: new Date(meta.now.getTime() + idleTimeoutSeconds * 1000),
      absoluteExpiresAt,
      secondFactor,
      passwordChangeRequired,
    },
  };
}
