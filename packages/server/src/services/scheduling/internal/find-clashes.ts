/**
 * Every clash of planned events: the checks of each event on its own (the site open that day, a
 * chair or room named and active at this site, someone holding each role the program names), then
 * the rules on time from core (`findBookingClashes`: chairs, rooms and staff against each other and
 * against what is booked, IV runners up to the site's infusions at once).
 *
 * @module
 */
import type { PlannedEvent, ScheduleClash, ScheduleClashRule } from '@kairos/api';
import { SESSION_DUTY_LABELS, findBookingClashes, isSiteWorkingDay, localDateOf, type ProgramRole, type SessionDuty } from '@kairos/core';
import { isLicensed } from '../../access/permissions.js';
import { checkDuties } from '../../credentials/duty-checks.js';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import type { Db } from '../../../store/database.js';

/** The session duty each role of a dosing event holds (the prescriber booked on it orders the dose). */
const DUTY_OF_ROLE: Readonly<Record<ProgramRole, SessionDuty>> = {
  'licensed-iv-runner': 'iv-runner',
  prescriber: 'orderer',
  therapist: 'therapist',
};

/** Names for clash messages. */
async function namesOf(tx: Db, ids: { users: string[]; chairs: string[]; rooms: string[] }) {
  const users =
    ids.users.length === 0
      ? []
      : await tx.selectFrom('app_user').select(['id', 'display_name', 'roles', 'active']).where('id', 'in', ids.users).execute();
  const chairs =
    ids.chairs.length === 0
      ? []
      : await tx
          .selectFrom('chair')
          .innerJoin('room', 'room.id', 'chair.room_id')
          .select(['chair.id', 'chair.name', 'room.name as room', 'chair.active', 'room.site_id'])
          .where('chair.id', 'in', ids.chairs)
          .execute();
  const rooms =
    ids.rooms.length === 0
      ? []
      : await tx.selectFrom('room').select(['id', 'name', 'active', 'site_id']).where('id', 'in', ids.rooms).execute();
  return {
    users: new Map(users.map((u) => [u.id, u])),
    chairs: new Map(chairs.map((c) => [c.id, c])),
    rooms: new Map(rooms.map((r) => [r.id, r])),
  };
}

/**
 * Every clash of the planned events, among themselves and with what is booked (events with ids in
 * `ignoreEventIds` are being replaced and do not count).
 */
export async function findClashes(
  tx: Db,
  siteId: string,
  planned: PlannedEvent[],
  ignoreEventIds: string[],
  now: Date,
): Promise<ScheduleClash[]> {
  const site = await tx.selectFrom('site').selectAll().where('id', '=', siteId).executeTakeFirstOrThrow();
  const protocol = await protocolInForce(tx, siteId, now);
  const perRunner = Number(protocol.config.scheduling.infusionsPerNurse.value);
  const ids = {
    users: [...new Set(planned.flatMap((e) => e.staff.map((s) => s.userId)))],
    chairs: [...new Set(planned.flatMap((e) => (e.chairId === null ? [] : [e.chairId])))],
    rooms: [...new Set(planned.flatMap((e) => (e.roomId === null ? [] : [e.roomId])))],
  };
  const names = await namesOf(tx, ids);
  const clashes: ScheduleClash[] = [];
  const add = (rule: ScheduleClashRule, who: string, w: { startsAt: string; endsAt: string }, message: string) =>
    clashes.push({ rule, who, startsAt: w.startsAt, endsAt: w.endsAt, message });
  const ignore = ignoreEventIds.length === 0 ? ['00000000-0000-0000-0000-000000000000'] : ignoreEventIds;

  for (const e of planned) {
    const day = localDateOf(new Date(e.startsAt), site.time_zone);
    if (!isSiteWorkingDay(day, { workingDays: site.working_days, closedDates: site.closed_dates }))
      add('closed-day', site.name, e, `${e.title} on ${day}: the site is closed that day`);
    if (e.kind === 'dosing' && e.chairId === null) add('role-missing', 'chair', e, `${e.title} on ${day} needs a chair`);
    if (e.kind !== 'dosing' && e.roomId === null) add('role-missing', 'room', e, `${e.title} on ${day} needs a room`);
    const chair = e.chairId === null ? undefined : names.chairs.get(e.chairId);
    if (e.chairId !== null && (chair === undefined || !chair.active || chair.site_id !== siteId))
      add('inactive-resource', e.chairId, e, `the chair for ${e.title} on ${day} is not an active chair of this site`);
    const room = e.roomId === null ? undefined : names.rooms.get(e.roomId);
    if (e.roomId !== null && (room === undefined || !room.active || room.site_id !== siteId))
      add('inactive-resource', e.roomId, e, `the room for ${e.title} on ${day} is not an active room of this site`);
  }

  // Roles: each event has someone for each role its program names, holding that role.
  for (const e of planned) {
    for (const role of e.roles) {
      const s = e.staff.find((x) => x.role === role);
      if (s === undefined) {
        add('role-missing', role, e, `${e.title} on ${localDateOf(new Date(e.startsAt), site.time_zone)} needs a ${role}`);
        continue;
      }
      const u = names.users.get(s.userId);
      const holds =
        u !== undefined &&
        u.active &&
        (role === 'licensed-iv-runner'
          ? isLicensed(u.roles)
          : role === 'prescriber'
            ? u.roles.includes('prescriber') || u.roles.includes('medical-director')
            : u.roles.includes('therapist'));
      if (!holds)
        add('role-not-held', u?.display_name ?? s.userId, s, `${u?.display_name ?? 'this user'} cannot be the ${role} of ${e.title}`);
    }
  }

  // Credentials (issue 28): each person on a dosing event holds what their duty needs on its date.
  const duties = planned.flatMap((e) =>
    e.kind !== 'dosing'
      ? []
      : e.staff.map((s) => ({
          e,
          s,
          question: { userId: s.userId, duty: DUTY_OF_ROLE[s.role], date: localDateOf(new Date(e.startsAt), site.time_zone) },
        })),
  );
  const answers = await checkDuties(
    tx,
    siteId,
    duties.map((d) => d.question),
  );
  answers.forEach((a, i) => {
    const d = duties[i];
    if (a.check.allowed || d === undefined) return;
    clashes.push({
      rule: 'credential-lapsed',
      who: a.name,
      startsAt: d.s.startsAt,
      endsAt: d.s.endsAt,
      message: `${a.name} may not ${SESSION_DUTY_LABELS[a.duty]} of ${d.e.title} on ${a.date}: ${a.check.lapses.map((l) => l.message).join('; ')}`,
      userId: a.userId,
      duty: a.duty,
    });
  });

  // Chairs, rooms and staff on time: what is booked on them (events with ids in `ignore` are being replaced).
  const bookedEvents = await tx
    .selectFrom('scheduled_event')
    .select(['id', 'title', 'state', 'starts_at', 'ends_at', 'chair_id', 'room_id'])
    .where('state', '=', 'scheduled')
    .where('id', 'not in', ignore)
    .where((eb) =>
      eb.or([
        eb('chair_id', 'in', ids.chairs.length > 0 ? ids.chairs : ignore),
        eb('room_id', 'in', ids.rooms.length > 0 ? ids.rooms : ignore),
      ]),
    )
    .execute();
  const bookedStaff =
    ids.users.length === 0
      ? []
      : await tx
          .selectFrom('event_staff as s')
          .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
          .select(['s.user_id', 's.role', 's.starts_at', 's.ends_at', 'e.title', 'e.state'])
          .where('e.state', '=', 'scheduled')
          .where('e.id', 'not in', ignore)
          .where('s.user_id', 'in', ids.users)
          .execute();
  clashes.push(
    ...findBookingClashes({
      proposed: planned,
      bookedEvents: bookedEvents.map((b) => ({
        title: b.title,
        state: b.state,
        startsAt: b.starts_at.toISOString(),
        endsAt: b.ends_at.toISOString(),
        chairId: b.chair_id,
        roomId: b.room_id,
      })),
      bookedStaff: bookedStaff.map((b) => ({
        userId: b.user_id,
        role: b.role,
        startsAt: b.starts_at.toISOString(),
        endsAt: b.ends_at.toISOString(),
        title: b.title,
        state: b.state,
      })),
      infusionsPerRunner: perRunner,
      names: {
        chairs: new Map([...names.chairs.values()].map((c) => [c.id, `${c.room} ${c.name}`.trim()])),
        rooms: new Map([...names.rooms.values()].map((r) => [r.id, r.name])),
        users: new Map([...names.users.values()].map((u) => [u.id, u.display_name])),
      },
    }),
  );
  return clashes;
}
