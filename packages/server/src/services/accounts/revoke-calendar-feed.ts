/**
 * Revokes a staff member's calendar feed: its URL answers nothing from then on.
 *
 * @module
 */
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

export async function revokeCalendarFeed(db: Db, actor: Actor, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    await tx
      .updateTable('calendar_feed')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(tx, { ...meta, actor }, { action: 'calendar-feed.revoke', recordType: 'user', recordId: actor.userId, outcome: 'allowed' });
  });
}
