/**
 * Use case: a staff member replaces their recovery codes (used up, or shown somewhere they should
 * not have been), proving a code first. The old codes stop working.
 *
 * @module
 */
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { replaceRecoveryCodes } from './replace-recovery-codes.js';
import { requireOwnCode } from './require-own-code.js';
import type { SecondFactorPolicy } from './policy.js';
import type { Db } from '../../store/database.js';

export async function newRecoveryCodes(
  db: Db,
  actor: Actor,
  code: string,
  meta: RequestMeta,
  policy: SecondFactorPolicy,
): Promise<{ recoveryCodes: string[] }> {
  const by = await requireOwnCode(db, actor, code, meta, policy, 'second-factor.recovery-codes');
  return transact(db, async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.userId, meta.now);
    await audit(
      tx,
      { ...meta, actor },
      { action: 'second-factor.recovery-codes', recordType: 'user', recordId: actor.userId, outcome: 'allowed', details: { provedBy: by } },
    );
    return { recoveryCodes };
  });
}
