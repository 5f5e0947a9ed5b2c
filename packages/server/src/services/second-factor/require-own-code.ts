/**
 * A signed-in person's own code, asked again before their second factor changes (new recovery
 * codes, removal): a taken-over session alone cannot turn the second factor off. A wrong code is
 * audited and counted with the account's failed sign-ins, so the lockout also bounds guessing here.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { emailKey } from '../accounts/email-key.js';
import { loadSecuritySettings } from '../accounts/security-settings.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { isEmailLocked } from '../sign-in/lockout.js';
import { checkSecondFactor } from './check-second-factor.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

export async function requireOwnCode(
  db: Db,
  actor: Actor,
  code: string,
  meta: RequestMeta,
  policy: SecondFactorPolicy,
  action: string,
): Promise<'authenticator app' | 'recovery code'> {
  const settings = await loadSecuritySettings(db, actor.siteId);
  const locked = await isEmailLocked(db, actor.email, settings, meta.now);
  const check = locked ? undefined : await checkSecondFactor(db, actor.userId, code, meta.now, policy);
  if (check?.kind === 'proved') return check.by;
  const reason = locked ? 'account locked' : check?.kind === 'not-enrolled' ? 'no second factor' : 'wrong second-factor code';
  if (check?.kind !== 'not-enrolled')
    await db
      .insertInto('signin_attempt')
      .values({
        email_key: emailKey(actor.email),
        client_address: meta.clientAddress,
        succeeded: false,
        while_locked: locked,
        at: meta.now,
      })
      .execute();
  await audit(db, { ...meta, actor }, { action, recordType: 'user', recordId: actor.userId, outcome: 'denied', details: { reason } });
  if (check?.kind === 'not-enrolled') throw new AppError('CONFLICT', 'You have no authenticator app set up.');
  if (locked)
    throw new AppError(
      'ACCOUNT_LOCKED',
      'Too many wrong codes or passwords: the account is locked for a while. Try again later, or ask an administrator.',
    );
  throw new AppError('VALIDATION_FAILED', 'code: not correct or already used', {
    issues: [{ field: 'code', message: 'not correct or already used: enter the code your app shows now, or an unused recovery code' }],
  });
}
