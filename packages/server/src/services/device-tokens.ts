/**
 * Device tokens for monitors and integrations: scoped to a site and to vitals ingestion, shown
 * once, stored hashed, revocable.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { DeviceToken, DeviceTokenCreateBody, DeviceTokenCreated } from '@kairos/api';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { sha256 } from './sessions.js';
import type { Actor, RequestMeta } from './context.js';
import type { Db } from '../store/database.js';

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

export async function findDeviceToken(db: Db, token: string): Promise<{ siteId: string; name: string } | undefined> {
  const row = await db
    .selectFrom('device_token')
    .select(['site_id', 'name', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  return row === undefined || row.revoked_at !== null ? undefined : { siteId: row.site_id, name: row.name };
}
