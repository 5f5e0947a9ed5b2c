/**
 * Use cases: a service is added to a site's fee schedule, or one is changed (its modifier,
 * description, fee, or whether it is billed at all; its code stays: a new code is a new service).
 * Who: `billing.configure` (the routes) at their own site. A fee is whole cents, never negative
 * (the API's schema); a code already on the schedule with that modifier is refused naming
 * `body.code`. Audited with the values before and after.
 *
 * @module
 */
import type { FeeScheduleItem, FeeScheduleItemCreateBody, FeeScheduleItemUpdateBody } from '@kairos/api';
import { AppError } from '../../errors.js';
import type { Db } from '../../store/database.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { feeScheduleOf, seedFeeSchedule } from './internal/fee-schedule-rows.js';

const itemOf = async (tx: Db, siteId: string, id: string): Promise<FeeScheduleItem> => {
  const item = (await feeScheduleOf(tx, siteId)).find((f) => f.id === id);
  if (item === undefined)
    throw new AppError('NOT_FOUND', 'this service is not on the site’s fee schedule', { kind: 'fee schedule item', id });
  return item;
};

export function addFeeScheduleItem(
  db: Db,
  actor: Actor,
  siteId: string,
  body: FeeScheduleItemCreateBody,
  meta: RequestMeta,
): Promise<FeeScheduleItem> {
  return transact(db, async (tx) => {
    await seedFeeSchedule(tx, siteId, meta.now);
    const clash = await tx
      .selectFrom('fee_schedule_item')
      .select('id')
      .where('site_id', '=', siteId)
      .where('code', '=', body.code)
      .where('modifier', '=', body.modifier)
      .executeTakeFirst();
    if (clash !== undefined) {
      const message = `${body.code}${body.modifier === '' ? '' : `-${body.modifier}`} is already on the fee schedule: change that one`;
      throw new AppError('VALIDATION_FAILED', `body.code: ${message}`, { issues: [{ field: 'body.code', message }] });
    }
    const row = await tx
      .insertInto('fee_schedule_item')
      .values({
        site_id: siteId,
        code: body.code,
        modifier: body.modifier,
        description: body.description,
        fee_cents: body.feeCents === null ? null : String(body.feeCents),
        updated_by: actor.userId,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'billing.fee-schedule', recordType: 'fee_schedule_item', recordId: row.id, outcome: 'allowed', details: { added: body } },
    );
    return itemOf(tx, siteId, row.id);
  });
}

export function updateFeeScheduleItem(
  db: Db,
  actor: Actor,
  siteId: string,
  id: string,
  body: FeeScheduleItemUpdateBody,
  meta: RequestMeta,
): Promise<FeeScheduleItem> {
  return transact(db, async (tx) => {
    const before = await itemOf(tx, siteId, id);
    const modifier = body.modifier ?? before.modifier;
    if (modifier !== before.modifier) {
      const clash = await tx
        .selectFrom('fee_schedule_item')
        .select('id')
        .where('site_id', '=', siteId)
        .where('code', '=', before.code)
        .where('modifier', '=', modifier)
        .executeTakeFirst();
      if (clash !== undefined) {
        const message = `${before.code}-${modifier} is already on the fee schedule`;
        throw new AppError('VALIDATION_FAILED', `body.modifier: ${message}`, { issues: [{ field: 'body.modifier', message }] });
      }
    }
    await tx
      .updateTable('fee_schedule_item')
      .set({
        modifier,
        description: body.description ?? before.description,
        fee_cents:
          body.feeCents === undefined
            ? before.feeCents === null
              ? null
              : String(before.feeCents)
            : body.feeCents === null
              ? null
              : String(body.feeCents),
        active: body.active ?? before.active,
        updated_by: actor.userId,
        updated_at: meta.now,
      })
      .where('id', '=', id)
      .where('site_id', '=', siteId)
      .execute();
    const after = await itemOf(tx, siteId, id);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'billing.fee-schedule',
        recordType: 'fee_schedule_item',
        recordId: id,
        outcome: 'allowed',
        details: {
          code: before.code,
          before: { modifier: before.modifier, description: before.description, feeCents: before.feeCents, active: before.active },
          after: { modifier: after.modifier, description: after.description, feeCents: after.feeCents, active: after.active },
        },
      },
    );
    return after;
  });
}
