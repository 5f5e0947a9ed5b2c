/**
 * A site's fee schedule rows: seeded, the first time the schedule is read, with the codes Kairos
 * proposes (core's `BILLING_CODES`, each fee left to set), and shown as the API gives them.
 *
 * @module
 */
import { BILLING_CODES } from '@kairos/core';
import type { FeeScheduleItem } from '@kairos/api';
import type { Db } from '../../../store/database.js';

/** Seeds the schedule of `siteId` when it has no row yet (a second call finds rows and does nothing). */
export async function seedFeeSchedule(tx: Db, siteId: string, now: Date): Promise<void> {
  const any = await tx.selectFrom('fee_schedule_item').select('id').where('site_id', '=', siteId).limit(1).executeTakeFirst();
  if (any !== undefined) return;
  await tx
    .insertInto('fee_schedule_item')
    .values(
      Object.entries(BILLING_CODES).map(([code, c]) => ({
        site_id: siteId,
        code,
        description: c.description,
        fee_cents: null,
        updated_by: null,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['site_id', 'code', 'modifier']).doNothing())
    .execute();
}

export async function feeScheduleOf(db: Db, siteId: string): Promise<FeeScheduleItem[]> {
  const rows = await db
    .selectFrom('fee_schedule_item')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('active', 'desc')
    .orderBy('code')
    .orderBy('modifier')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    modifier: r.modifier,
    description: r.description,
    feeCents: r.fee_cents === null ? null : Number(r.fee_cents),
    active: r.active,
    proposedByKairos: Object.hasOwn(BILLING_CODES, r.code),
    updatedAt: r.updated_at.toISOString(),
  }));
}
