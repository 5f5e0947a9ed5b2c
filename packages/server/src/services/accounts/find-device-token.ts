/**
 * Finds the live device token a monitor presents (the check `http/auth.ts` runs on `device` routes).
 *
 * @module
 */
import { sha256 } from '../secret-tokens.js';
import type { Db } from '../../store/database.js';

/** The token's id (as the token list names it), site and name, or undefined when it is unknown or revoked. */
export async function findDeviceToken(db: Db, token: string): Promise<{ id: string; siteId: string; name: string } | undefined> {
  const row = await db
    .selectFrom('device_token')
    .select(['token_hash', 'site_id', 'name', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  return row === undefined || row.revoked_at !== null
    ? undefined
    : { id: row.token_hash.slice(0, 16), siteId: row.site_id, name: row.name };
}
