/**
 * Creates a device token for a monitor or an integration: scoped to a site and to vitals
 * ingestion, shown once, stored hashed, revocable.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { DeviceTokenCreateBody, DeviceTokenCreated } from '@kairos/api';
import { notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { sha256 } from '../secret-tokens.js';
import type { Db } from '../../store/database.js';

export async function createDeviceToken(
  db: Db,
  actor: Actor,
  input: DeviceTokenCreateBody,
  meta: RequestMeta,
): Promise<DeviceTokenCreated> {
  const site = await db.selectFrom('site').select('id').where('id', '=', input.siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', input.siteId);
  const token = `kdt_${randomBytes(24).toString('base64url')}`;
  const id = sha256(token);
  await db
    .insertInto('device_token')
    .values({ token_hash: id, site_id: input.siteId, name: input.name, scope: 'vitals', created_by: actor.userId, created_at: meta.now })
    .execute();
  await audit(
    db,
    { ...meta, actor },
    {
      action: 'device-token.create',
      recordType: 'device_token',
      recordId: id.slice(0, 16),
      outcome: 'allowed',
      details: { siteId: input.siteId, name: input.name },
    },
  );
  return { id: id.slice(0, 16), token, name: input.name, siteId: input.siteId, scope: 'vitals' as const };
}
