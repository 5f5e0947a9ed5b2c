/**
 * The signed-in user's site as the header and the page's times need it: its name and time zone.
 * One indexed read; it writes nothing.
 *
 * @module
 */
import type { StaffSession } from '@kairos/api';
import type { Db } from '../../store/database.js';

export async function userSite(db: Db, siteId: string): Promise<StaffSession['site']> {
  const row = await db.selectFrom('site').select(['id', 'name', 'time_zone']).where('id', '=', siteId).executeTakeFirst();
  return row === undefined ? null : { id: row.id, name: row.name, timeZone: row.time_zone };
}
