/**
 * Changes a staff member's password (used by the CLI; audited). A new password ends every open
 * sign-in of the account.
 *
 * @module
 */
import { AppError } from '../../errors.js';
import { audit } from '../audit.js';
import { NO_USER, type AuditActor, type RequestMeta } from '../context.js';
import { emailKey } from './email-key.js';
import { assertPasswordPolicy, hashPassword } from './passwords.js';
import type { Db } from '../../store/database.js';

export async function setUserPassword(
  db: Db,
  email: string,
  password: string,
  meta: RequestMeta,
  actor: AuditActor = NO_USER,
): Promise<void> {
  assertPasswordPolicy(password, email);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', emailKey(email)))
      .executeTakeFirst();
    if (user === undefined) throw new AppError('NOT_FOUND', `no user with email ${emailKey(email)}`);
    await tx.updateTable('app_user').set({ password_hash: passwordHash, updated_at: meta.now }).where('id', '=', user.id).execute();
    // A new password ends every open sign-in of the account.
    await tx
      .updateTable('user_session')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(tx, { ...meta, actor }, { action: 'user.password', recordType: 'user', recordId: user.id, outcome: 'allowed' });
  });
}
