/**
 * Records a signed-in user's activity.
 *
 * @module
 */
import type { SignInInfo } from './sign-in.js';
import type { Db } from '../../store/database.js';

/** Records activity: the idle expiry moves forward (never past the absolute expiry). */
export async function touchSignIn(db: Db, signIn: SignInInfo, now: Date): Promise<SignInInfo> {
  await db.updateTable('user_session').set({ last_seen_at: now }).where('token_hash', '=', signIn.tokenHash).execute();
  return {
    ...signIn,
    idleExpiresAt: new Date(Math.min(now.getTime() + signIn.idleTimeoutSeconds * 1000, signIn.absoluteExpiresAt.getTime())),
  };
}
