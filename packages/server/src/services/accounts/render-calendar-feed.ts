/**
 * A staff member's iCalendar feed, answered at its secret URL. No patient names: initials and the
 * event kind only, since a calendar app is not a place for health data.
 *
 * @module
 */
import { audit } from '../audit.js';
import type { RequestMeta } from '../context.js';
import { sha256 } from '../secret-tokens.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { selectEventPlaces } from '../scheduling/select-event-places.js';

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
    const rows = await selectEventPlaces(tx)
      .innerJoin('event_staff as s', 's.event_id', 'e.id')
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
