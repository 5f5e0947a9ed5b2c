/**
 * Sites: calendar (time zone, working days, closed dates), rooms and chairs.
 *
 * @module
 */
import type { Site, SiteCreateBody, SiteItemUpdateBody, SiteUpdateBody } from '@kairos/api';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

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
    synthetic: site.synthetic,
    rooms: rooms.map((r) => ({
      id: r.id,
      name: r.name,
      active: r.active,
      chairs: chairs.filter((c) => c.room_id === r.id).map((c) => ({ id: c.id, name: c.name, active: c.active })),
    })),
  };
}

export async function listSites(db: Db): Promise<Site[]> {
  const ids = await db.selectFrom('site').select('id').orderBy('created_at').execute();
  return Promise.all(ids.map((s) => getSite(db, s.id)));
}

function auditSite(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  return audit(tx, { ...meta, actor }, { action, recordType, recordId, outcome: 'allowed', details });
}

export async function createSite(db: Db, actor: Actor, input: SiteCreateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const row = await tx
      .insertInto('site')
      .values({
        name: input.name,
        time_zone: input.timeZone,
        working_days: input.workingDays ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
        closed_dates: input.closedDates ?? [],
        settings: '{}',
        created_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditSite(tx, actor, meta, 'site.create', 'site', row.id);
    return getSite(tx, row.id);
  });
}

export async function updateSite(db: Db, actor: Actor, siteId: string, input: SiteUpdateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    await tx
      .updateTable('site')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
        ...(input.workingDays !== undefined ? { working_days: [...new Set(input.workingDays)] } : {}),
        ...(input.closedDates !== undefined ? { closed_dates: [...new Set(input.closedDates)].sort() } : {}),
      })
      .where('id', '=', siteId)
      .execute();
    await auditSite(tx, actor, meta, 'site.update', 'site', siteId, { fields: Object.keys(input).sort() });
    return getSite(tx, siteId);
  });
}

export async function addRoom(db: Db, actor: Actor, siteId: string, name: string, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    await getSite(tx, siteId);
    const dup = await tx.selectFrom('room').select('id').where('site_id', '=', siteId).where('name', '=', name).executeTakeFirst();
    if (dup !== undefined) throw new AppError('CONFLICT', `a room named "${name}" already exists at this site`, { field: 'body.name' });
    const row = await tx
      .insertInto('room')
      .values({ site_id: siteId, name, created_at: meta.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditSite(tx, actor, meta, 'room.create', 'room', row.id, { siteId });
    return getSite(tx, siteId);
  });
}

export async function updateRoom(db: Db, actor: Actor, roomId: string, input: SiteItemUpdateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const room = await tx.selectFrom('room').selectAll().where('id', '=', roomId).executeTakeFirst();
    if (room === undefined) throw notFound('room', roomId);
    if (input.name !== undefined && input.name !== room.name) {
      const dup = await tx
        .selectFrom('room')
        .select('id')
        .where('site_id', '=', room.site_id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (dup !== undefined)
        throw new AppError('CONFLICT', `a room named "${input.name}" already exists at this site`, { field: 'body.name' });
    }
    await tx
      .updateTable('room')
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) })
      .where('id', '=', roomId)
      .execute();
    await auditSite(tx, actor, meta, 'room.update', 'room', roomId, { fields: Object.keys(input).sort() });
    return getSite(tx, room.site_id);
  });
}

export async function addChair(db: Db, actor: Actor, roomId: string, name: string, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const room = await tx.selectFrom('room').selectAll().where('id', '=', roomId).executeTakeFirst();
    if (room === undefined) throw notFound('room', roomId);
    const dup = await tx.selectFrom('chair').select('id').where('room_id', '=', roomId).where('name', '=', name).executeTakeFirst();
    if (dup !== undefined) throw new AppError('CONFLICT', `a chair named "${name}" already exists in this room`, { field: 'body.name' });
    const row = await tx
      .insertInto('chair')
      .values({ room_id: roomId, name, created_at: meta.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditSite(tx, actor, meta, 'chair.create', 'chair', row.id, { roomId });
    return getSite(tx, room.site_id);
  });
}

export async function updateChair(db: Db, actor: Actor, chairId: string, input: SiteItemUpdateBody, meta: RequestMeta): Promise<Site> {
  return transact(db, async (tx) => {
    const chair = await tx
      .selectFrom('chair')
      .innerJoin('room', 'room.id', 'chair.room_id')
      .select(['chair.id', 'chair.name', 'chair.room_id', 'room.site_id'])
      .where('chair.id', '=', chairId)
      .executeTakeFirst();
    if (chair === undefined) throw notFound('chair', chairId);
    if (input.name !== undefined && input.name !== chair.name) {
      const dup = await tx
        .selectFrom('chair')
        .select('id')
        .where('room_id', '=', chair.room_id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (dup !== undefined)
        throw new AppError('CONFLICT', `a chair named "${input.name}" already exists in this room`, { field: 'body.name' });
    }
    await tx
      .updateTable('chair')
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) })
      .where('id', '=', chairId)
      .execute();
    await auditSite(tx, actor, meta, 'chair.update', 'chair', chairId, { fields: Object.keys(input).sort() });
    return getSite(tx, chair.site_id);
  });
}
