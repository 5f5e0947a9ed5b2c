/**
 * A staff member's iCalendar feed at a secret, revocable URL. No patient names: initials and the
 * event kind only, since a calendar app is not a place for health data.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { audit } from './audit.js';
import { sha256 } from './sessions.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

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

/** Escapes a TEXT value (RFC 5545 section 3.3.11). */
const escapeText = (t: string): string => t.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const stamp = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The feed's calendar, or undefined when the token is unknown or revoked. */
export async function renderCalendarFeed(db: Db, token: string, meta: RequestMeta): Promise<string | undefined> {
  return transact(db, async (tx) => {
    const feed = await tx.selectFrom('calendar_feed').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (feed === undefined || feed.revoked_at !== null) return undefined;
    const rows = await tx
      .selectFrom('event_staff as s')
      .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .innerJoin('patient as p', 'p.id', 'en.patient_id')
      .leftJoin('chair as c', 'c.id', 'e.chair_id')
      .leftJoin('room as r', 'r.id', 'e.room_id')
      .select([
        'e.id',
        'e.kind',
        'e.state',
        's.role',
        's.starts_at',
        's.ends_at',
        'e.updated_at',
        'p.given_name',
        'p.family_name',
        'c.name as chair',
        'r.name as room',
      ])
      .where('s.user_id', '=', feed.user_id)
      .where('e.starts_at', '>', new Date(meta.now.getTime() - 30 * 86_400_000))
      .orderBy('s.starts_at')
      .execute();
    await audit(
      tx,
      { ...meta, actor: { userId: feed.user_id, roles: [] } },
      { action: 'export.calendar-feed', recordType: 'user', recordId: feed.user_id, outcome: 'allowed', details: { events: rows.length } },
    );
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Kairos//Schedule//EN',
      'CALSCALE:GREGORIAN',
      'X-WR-CALNAME:Kairos schedule',
    ];
    for (const r of rows) {
      const initials = `${r.given_name[0] ?? ''}.${r.family_name[0] ?? ''}.`;
      lines.push(
        'BEGIN:VEVENT',
        `UID:${r.id}-${r.role}@kairos`,
        `DTSTAMP:${stamp(r.updated_at)}`,
        `DTSTART:${stamp(r.starts_at)}`,
        `DTEND:${stamp(r.ends_at)}`,
        `SUMMARY:${escapeText(`${initials} ${r.kind} (${r.role})`)}`,
        ...(r.chair !== null || r.room !== null ? [`LOCATION:${escapeText(r.chair ?? r.room ?? '')}`] : []),
        `STATUS:${r.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
        'END:VEVENT',
      );
    }
    lines.push('END:VCALENDAR');
    return `${lines.join('\r\n')}\r\n`;
  });
}
