/**
 * Gives a staff member an iCalendar feed at a secret, revocable URL (`render-calendar-feed.ts`
 * answers it).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { sha256 } from '../secret-tokens.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/** Creates a new feed URL for the user, revoking any earlier one. The token is shown once. */
export async function createCalendarFeed(db: Db, actor: Actor, meta: RequestMeta): Promise<{ path: string }> {
  return transact(db, async (tx) => {
    await tx
      .updateTable('calendar_feed')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .execute();
    const token = randomBytes(24).toString('base64url');
    await tx
      .insertInto('calendar_feed')
      .values({ token_hash: sha256(token), user_id: actor.userId, created_at: meta.now })
      .execute();
    await audit(tx, { ...meta, actor }, { action: 'calendar-feed.create', recordType: 'user', recordId: actor.userId, outcome: 'allowed' });
    return { path: `/api/calendar/${token}.ics` };
  });
}
