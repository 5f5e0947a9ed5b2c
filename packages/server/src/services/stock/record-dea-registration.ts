/**
 * Use case: the site's own DEA registration (number, schedules, expiry), printed on every stock
 * record. A new registration replaces the one in force; the earlier ones stay on record.
 *
 * @module
 */
import type { DeaRegistrationBody } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { auditStock, siteOf } from './internal/stock-guards.js';

export async function recordDeaRegistration(
  db: Db,
  actor: Actor,
  siteId: string,
  body: DeaRegistrationBody,
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    await siteOf(tx, siteId);
    const row = await tx
      .insertInto('site_dea_registration')
      .values({
        site_id: siteId,
        number: body.number,
        schedules: [...new Set(body.schedules)],
        expires_on: body.expiresOn,
        recorded_by: actor.userId,
        recorded_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditStock(tx, actor, meta, 'stock.dea-registration', 'site_dea_registration', row.id, { siteId, expiresOn: body.expiresOn });
  });
}
