/**
 * The device tokens, for the admin's settings: ids (16 hex digits of the hash), never the tokens.
 *
 * @module
 */
import type { DeviceToken } from '@kairos/api';
import type { Db } from '../../store/database.js';

export async function listDeviceTokens(db: Db): Promise<DeviceToken[]> {
  const rows = await db.selectFrom('device_token').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.token_hash.slice(0, 16),
    name: r.name,
    siteId: r.site_id,
    scope: r.scope,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}
