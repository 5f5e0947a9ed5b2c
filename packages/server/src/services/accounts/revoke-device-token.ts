/**
 * Revokes a device token by its id (audited); the monitor holding it is refused from then on.
 *
 * @module
 */
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

export async function revokeDeviceToken(db: Db, actor: Actor, id: string, meta: RequestMeta): Promise<void> {
  const row = await db
    .selectFrom('device_token')
    .select(['token_hash', 'revoked_at'])
    .where('token_hash', 'like', `${id}%`)
    .executeTakeFirst();
  if (row === undefined) throw notFound('device token', id);
  if (row.revoked_at !== null) throw new AppError('CONFLICT', 'this device token is already revoked');
  await db.updateTable('device_token').set({ revoked_at: meta.now }).where('token_hash', '=', row.token_hash).execute();
  await audit(db, { ...meta, actor }, { action: 'device-token.revoke', recordType: 'device_token', recordId: id, outcome: 'allowed' });
}
