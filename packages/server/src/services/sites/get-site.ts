/**
 * Use case: a site with its rooms and chairs.
 *
 * @module
 */
import type { Site } from '@kairos/api';
import { notFound } from '../../errors.js';
import type { Db } from '../../store/database.js';

export async function getSite(db: Db, siteId: string): Promise<Site> {
  const site = await db.selectFrom('site').selectAll().where('id', '=', siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', siteId);
  const rooms = await db.selectFrom('room').selectAll().where('site_id', '=', siteId).orderBy('name').execute();
  const chairs =
    rooms.length === 0
      ? []
      : await db
          .selectFrom('chair')
          .selectAll()
          .where(
            'room_id',
            'in',
            rooms.map((r) => r.id),
          )
          .orderBy('name')
          .execute();
  return {
    id: site.id,
    name: site.name,
    timeZone: site.time_zone,
    workingDays: site.working_days,
    closedDates: [...site.closed_dates].sort(),
    state: site.state,
    synthetic: site.synthetic,
    rooms: rooms.map((r) => ({
      id: r.id,
      name: r.name,
      active: r.active,
      chairs: chairs.filter((c) => c.room_id === r.id).map((c) => ({ id: c.id, name: c.name, active: c.active })),
    })),
  };
}
