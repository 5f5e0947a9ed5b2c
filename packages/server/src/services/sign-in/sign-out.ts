/**
 * Staff sign-out.
 *
 * @module
 */
import { audit } from '../audit.js';
import type { RequestMeta } from '../context.js';
import { revokeSignIn } from './revoke-sign-in.js';
import type { SignInInfo } from './sign-in.js';
import type { Db } from '../../store/database.js';

/** Sign-out: the sign-in is revoked, then the sign-out is audited. */
export async function signOut(db: Db, signIn: SignInInfo, meta: RequestMeta): Promise<void> {
  await revokeSignIn(db, signIn.tokenHash, meta.now);
  await audit(
    db,
    { ...meta, actor: signIn.actor },
    { action: 'auth.sign-out', recordType: 'user', recordId: signIn.actor.userId, outcome: 'allowed' },
  );
}
