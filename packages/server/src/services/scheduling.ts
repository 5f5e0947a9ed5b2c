/**
 * Scheduling cohorts, rooms, chairs and staff without conflicts. Core generates the dated events
 * of the program; this service assigns chairs, rooms and staff, checks every rule against what is
 * already booked, and books under row locks so that two coordinators booking the same chair or
 * nurse at once end in one success and one clear 409.
 *
 * Rules: a dosing session needs a licensed IV runner and a therapist; a licensed IV runner runs at
 * most the site's number of infusions at once (protocol: scheduling.infusionsPerNurse); a chair
 * holds one session for its whole chair time, a room one event; nobody is in two other events at
 * once; an event needs a staff member of each role it names; nothing on non-working or closed days.
 *
 * @module
 */
import type { CohortPlanBody, EventRescheduleBody, PlannedEvent, ScheduleClash, ScheduleClashRule, ScheduleEvent } from '@kairos/api';
import { findProgramTemplate, generateSchedule, isSiteWorkingDay, localDateOf, ScheduleError } from '@kairos/core';
import { AppError, notFound } from '../errors.js';
import { isLicensed } from './access/permissions.js';
import { audit } from './audit.js';
import { createSessionsForEvents } from './dosing-session/create-sessions-for-events.js';
import { loadEnrollmentFor } from './enrollment/load-enrollment.js';
import { moveEnrollment } from './enrollment/move-enrollment.js';
import { assertPatientAccess } from './patients/assert-patient-access.js';
import { protocolInForce } from './protocol.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

interface Window {
  startsAt: number;
  endsAt: number;
}
const overlaps = (a: Window, b: Window): boolean => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
const win = (s: string | Date, e: string | Date): Window => ({ startsAt: new Date(s).getTime(), endsAt: new Date(e).getTime() });

/** Generates the dated events of each member's program with their assignments. */
async function planEvents(tx: Db, input: CohortPlanBody, now: Date): Promise<PlannedEvent[]> {
  const template = findProgramTemplate(input.programTemplate);
  if (template === undefined)
    throw new AppError('VALIDATION_FAILED', `body.programTemplate: unknown program "${input.programTemplate}"`, {
      issues: [{ field: 'body.programTemplate', message: 'unknown program' }],
    });
  const site = await tx.selectFrom('site').selectAll().where('id', '=', input.siteId).executeTakeFirst();
  if (site === undefined) throw notFound('site', input.siteId);
  const protocol = await protocolInForce(tx, input.siteId, now);
  let generated;
  try {
    generated = generateSchedule(
      template,
      input.startDate,
      { timeZone: site.time_zone, workingDays: site.working_days, closedDates: site.closed_dates },
      protocol.config,
    );
  } catch (err) {
    if (err instanceof ScheduleError) {
      throw new AppError('VALIDATION_FAILED', `body.startDate: ${err.message}`, {
        issues: [{ field: 'body.startDate', message: err.message }],
        nextStart: err.nextStart,
      });
    }
    throw err;
  }
  return input.members.flatMap((m) =>
    generated.events.map((e): PlannedEvent => ({
      enrollmentId: m.enrollmentId,
      kind: e.kind,
      title: e.title,
      day: e.day,
      date: e.date,
      startsAt: e.startAt,
      endsAt: e.endAt,
      chairId: e.kind === 'dosing' ? m.chairId : null,
      roomId: e.kind === 'dosing' ? null : m.roomId,
      roles: e.roles,
      staff: e.staffing.flatMap((w) => {
        const userId = m.staff[w.role];
        return userId === undefined ? [] : [{ userId, role: w.role, startsAt: w.startAt, endsAt: w.endAt }];
      }),
      infusion: e.infusion ?? null,
    })),
  );
}

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

  // Chairs and rooms: one event at a time, within the plan and against what is booked.
  const booked = await tx
    .selectFrom('scheduled_event')
    .select(['id', 'title', 'starts_at', 'ends_at', 'chair_id', 'room_id'])
    .where('state', '=', 'scheduled')
    .where('id', 'not in', ignore)
    .where((eb) =>
      eb.or([
        eb('chair_id', 'in', ids.chairs.length > 0 ? ids.chairs : ignore),
        eb('room_id', 'in', ids.rooms.length > 0 ? ids.rooms : ignore),
      ]),
    )
    .execute();
  planned.forEach((e, i) => {
    const w = win(e.startsAt, e.endsAt);
    for (const [key, value, rule] of [
      ['chairId', e.chairId, 'chair-double-booked'],
      ['roomId', e.roomId, 'room-double-booked'],
    ] as const) {
      if (value === null) continue;
      const name =
        key === 'chairId'
          ? `${names.chairs.get(value)?.room ?? ''} ${names.chairs.get(value)?.name ?? value}`.trim()
          : (names.rooms.get(value)?.name ?? value);
      for (const other of planned.slice(i + 1)) {
        if (other[key] === value && overlaps(w, win(other.startsAt, other.endsAt)))
          add(rule, name, e, `${name} holds two events at once: ${e.title} and ${other.title}`);
      }
      for (const b of booked) {
        if ((key === 'chairId' ? b.chair_id : b.room_id) === value && overlaps(w, win(b.starts_at, b.ends_at)))
          add(rule, name, e, `${name} is already booked for ${b.title} at that time`);
      }
    }
  });

  // Staff: IV runners up to the site's number of infusions at once; nobody in two other events.
  const bookedStaff =
    ids.users.length === 0
      ? []
      : await tx
          .selectFrom('event_staff as s')
          .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
          .select(['s.user_id', 's.role', 's.starts_at', 's.ends_at', 'e.title', 'e.id'])
          .where('e.state', '=', 'scheduled')
          .where('e.id', 'not in', ignore)
          .where('s.user_id', 'in', ids.users)
          .execute();
  const all = [
    ...planned.flatMap((e) => e.staff.map((s) => ({ ...s, title: e.title, w: win(s.startsAt, s.endsAt), planned: true }))),
    ...bookedStaff.map((b) => ({
      userId: b.user_id,
      role: b.role,
      startsAt: b.starts_at.toISOString(),
      endsAt: b.ends_at.toISOString(),
      title: b.title,
      w: win(b.starts_at, b.ends_at),
      planned: false,
    })),
  ];
  const reported = new Set<string>();
  for (const a of all.filter((x) => x.planned)) {
    const name = names.users.get(a.userId)?.display_name ?? a.userId;
    const others = all.filter((b) => b !== a && b.userId === a.userId && overlaps(a.w, b.w));
    if (a.role === 'licensed-iv-runner') {
      const runners = others.filter((b) => b.role === 'licensed-iv-runner');
      if (runners.length + 1 > perRunner) {
        const key = `runner:${a.userId}:${a.startsAt}`;
        if (!reported.has(key))
          add('infusions-per-runner', name, a, `${name} would run ${runners.length + 1} infusions at once (the site allows ${perRunner})`);
        reported.add(key);
      }
      for (const b of others.filter((x) => x.role !== 'licensed-iv-runner'))
        add('staff-double-booked', name, a, `${name} is running ${a.title} and is also ${b.role} of ${b.title}`);
    } else {
      for (const b of others) {
        const key = [a.userId, a.startsAt, b.startsAt, b.title].sort().join('|');
        if (reported.has(key)) continue;
        reported.add(key);
        add('staff-double-booked', name, a, `${name} is ${a.role} of ${a.title} and also ${b.role} of ${b.title} at that time`);
      }
    }
  }
  return clashes;
}

/** Locks the chairs, rooms and staff a plan touches, in a fixed order, until the transaction ends. */
async function lockResources(tx: Db, planned: PlannedEvent[]): Promise<void> {
  const chairs = [...new Set(planned.flatMap((e) => (e.chairId === null ? [] : [e.chairId])))].sort();
  const rooms = [...new Set(planned.flatMap((e) => (e.roomId === null ? [] : [e.roomId])))].sort();
  const users = [...new Set(planned.flatMap((e) => e.staff.map((s) => s.userId)))].sort();
  if (chairs.length > 0) await tx.selectFrom('chair').select('id').where('id', 'in', chairs).orderBy('id').forUpdate().execute();
  if (rooms.length > 0) await tx.selectFrom('room').select('id').where('id', 'in', rooms).orderBy('id').forUpdate().execute();
  if (users.length > 0) await tx.selectFrom('app_user').select('id').where('id', 'in', users).orderBy('id').forUpdate().execute();
}

/** A dry run: the events the plan would book and every clash, without booking anything. */
export async function previewCohort(db: Db, actor: Actor, input: CohortPlanBody, meta: RequestMeta) {
  return transact(db, async (tx) => {
    for (const m of input.members) await loadEnrollmentFor(tx, actor, m.enrollmentId, meta, 'schedule.preview');
    const planned = await planEvents(tx, input, meta.now);
    return { events: planned, clashes: await findClashes(tx, input.siteId, planned, [], meta.now) };
  });
}

/** Books a cohort: every event of every member, or nothing (409 with the clashes). */
export async function bookCohort(db: Db, actor: Actor, input: CohortPlanBody, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const enrollments = [];
    for (const m of input.members) {
      const e = await loadEnrollmentFor(tx, actor, m.enrollmentId, meta, 'schedule.book');
      if (e.state !== 'eligible')
        throw new AppError(
          'INVALID_TRANSITION',
          `enrollment ${e.id} is ${e.state}: only eligible enrollments (with signed consent) can be scheduled`,
          { current: e.state, allowed: [] },
        );
      if (e.program_template !== input.programTemplate || e.site_id !== input.siteId)
        throw new AppError('VALIDATION_FAILED', `enrollment ${e.id} is for ${e.program_template} at another site or program`, {
          issues: [{ field: 'body.members', message: 'program or site differs' }],
        });
      enrollments.push(e);
    }
    const planned = await planEvents(tx, input, meta.now);
    await lockResources(tx, planned);
    const clashes = await findClashes(tx, input.siteId, planned, [], meta.now);
    if (clashes.length > 0)
      throw new AppError(
        'CONFLICT',
        `the plan clashes ${clashes.length} time(s): ${clashes[0]?.message}${clashes.length > 1 ? ' …' : ''}`,
        { clashes },
      );
    const cohort = await tx
      .insertInto('cohort')
      .values({
        site_id: input.siteId,
        program_template: input.programTemplate,
        start_date: input.startDate,
        created_at: meta.now,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const eventIds: string[] = [];
    for (const e of planned) {
      const row = await tx
        .insertInto('scheduled_event')
        .values({
          cohort_id: cohort.id,
          enrollment_id: e.enrollmentId,
          site_id: input.siteId,
          kind: e.kind,
          title: e.title,
          program_day: e.day,
          starts_at: e.startsAt,
          ends_at: e.endsAt,
          chair_id: e.chairId,
          room_id: e.roomId,
          infusion: e.infusion === null ? null : JSON.stringify(e.infusion),
          created_at: meta.now,
          updated_at: meta.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const s of e.staff)
        await tx
          .insertInto('event_staff')
          .values({ event_id: row.id, user_id: s.userId, role: s.role, starts_at: s.startsAt, ends_at: s.endsAt })
          .execute();
      eventIds.push(row.id);
    }
    await createSessionsForEvents(tx, eventIds, meta.now);
    for (const e of enrollments) await moveEnrollment(tx, actor, e, 'scheduled', undefined, meta);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'cohort.book',
        recordType: 'cohort',
        recordId: cohort.id,
        outcome: 'allowed',
        details: { members: input.members.length, events: planned.length, startDate: input.startDate },
      },
    );
    return { cohortId: cohort.id, events: planned.length };
  });
}

/** Moves an event (and its staff windows) to another start, or to another chair or room, with a reason. */
export async function rescheduleEvent(db: Db, actor: Actor, eventId: string, input: EventRescheduleBody, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const ev = await tx.selectFrom('scheduled_event').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
    if (ev === undefined) throw notFound('event', eventId);
    await loadEnrollmentFor(tx, actor, ev.enrollment_id, meta, 'schedule.reschedule');
    if (ev.state !== 'scheduled') throw new AppError('CONFLICT', 'a cancelled event cannot be moved');
    const staff = await tx.selectFrom('event_staff').selectAll().where('event_id', '=', eventId).execute();
    const delta = input.startsAt === undefined ? 0 : new Date(input.startsAt).getTime() - ev.starts_at.getTime();
    const shift = (d: Date) => new Date(d.getTime() + delta).toISOString();
    const planned: PlannedEvent = {
      enrollmentId: ev.enrollment_id,
      kind: ev.kind,
      title: ev.title,
      day: ev.program_day,
      date: '',
      startsAt: shift(ev.starts_at),
      endsAt: shift(ev.ends_at),
      chairId: input.chairId ?? ev.chair_id,
      roomId: input.roomId ?? ev.room_id,
      roles: staff.map((s) => s.role),
      staff: staff.map((s) => ({
        userId: input.staff?.[s.role] ?? s.user_id,
        role: s.role,
        startsAt: shift(s.starts_at),
        endsAt: shift(s.ends_at),
      })),
      infusion: null,
    };
    await lockResources(tx, [planned]);
    const clashes = await findClashes(tx, ev.site_id, [planned], [eventId], meta.now);
    if (clashes.length > 0) throw new AppError('CONFLICT', `the change clashes: ${clashes.map((c) => c.message).join('; ')}`, { clashes });
    await tx
      .updateTable('scheduled_event')
      .set({
        starts_at: planned.startsAt,
        ends_at: planned.endsAt,
        chair_id: planned.chairId,
        room_id: planned.roomId,
        updated_at: meta.now,
      })
      .where('id', '=', eventId)
      .execute();
    for (const s of planned.staff)
      await tx
        .updateTable('event_staff')
        .set({ user_id: s.userId, starts_at: s.startsAt, ends_at: s.endsAt })
        .where('event_id', '=', eventId)
        .where('role', '=', s.role)
        .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'event.reschedule',
        recordType: 'scheduled_event',
        recordId: eventId,
        outcome: 'allowed',
        details: { reason: input.reason, startsAt: planned.startsAt },
      },
    );
    return { id: eventId, startsAt: planned.startsAt, endsAt: planned.endsAt };
  });
}

export async function cancelEvent(db: Db, actor: Actor, eventId: string, reason: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const ev = await tx.selectFrom('scheduled_event').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
    if (ev === undefined) throw notFound('event', eventId);
    await loadEnrollmentFor(tx, actor, ev.enrollment_id, meta, 'schedule.cancel');
    if (ev.state === 'cancelled') throw new AppError('CONFLICT', 'this event is already cancelled');
    await tx
      .updateTable('scheduled_event')
      .set({ state: 'cancelled', cancel_reason: reason, updated_at: meta.now })
      .where('id', '=', eventId)
      .execute();
    await tx
      .updateTable('dosing_session')
      .set({ state: 'aborted', updated_at: meta.now })
      .where('event_id', '=', eventId)
      .where('state', '=', 'scheduled')
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'event.cancel', recordType: 'scheduled_event', recordId: eventId, outcome: 'allowed', details: { reason } },
    );
  });
}

/** Cancels a whole cohort: its events are cancelled and its scheduled enrollments go back to eligible. */
export async function cancelCohort(db: Db, actor: Actor, cohortId: string, reason: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const cohort = await tx.selectFrom('cohort').selectAll().where('id', '=', cohortId).forUpdate().executeTakeFirst();
    if (cohort === undefined) throw notFound('cohort', cohortId);
    if (cohort.state === 'cancelled') throw new AppError('CONFLICT', 'this cohort is already cancelled');
    const enrollmentIds = [
      ...new Set(
        (await tx.selectFrom('scheduled_event').select('enrollment_id').where('cohort_id', '=', cohortId).execute()).map(
          (r) => r.enrollment_id,
        ),
      ),
    ];
    for (const id of enrollmentIds) {
      const e = await loadEnrollmentFor(tx, actor, id, meta, 'schedule.cancel');
      if (e.state === 'scheduled') await moveEnrollment(tx, actor, e, 'eligible', `cohort cancelled: ${reason}`, meta);
    }
    await tx
      .updateTable('dosing_session')
      .set({ state: 'aborted', updated_at: meta.now })
      .where('event_id', 'in', tx.selectFrom('scheduled_event').select('id').where('cohort_id', '=', cohortId))
      .where('state', '=', 'scheduled')
      .execute();
    await tx
      .updateTable('scheduled_event')
      .set({ state: 'cancelled', cancel_reason: reason, updated_at: meta.now })
      .where('cohort_id', '=', cohortId)
      .where('state', '=', 'scheduled')
      .execute();
    await tx.updateTable('cohort').set({ state: 'cancelled', cancel_reason: reason }).where('id', '=', cohortId).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'cohort.cancel', recordType: 'cohort', recordId: cohortId, outcome: 'allowed', details: { reason } },
    );
  });
}

/** The events of a site between two instants, with chair, room, staff and a patient label. */
export async function listSchedule(
  db: Db,
  actor: Actor,
  input: { siteId: string; from: string; to: string; userId?: string; enrollmentIds?: string[] },
): Promise<ScheduleEvent[]> {
  let q = db
    .selectFrom('scheduled_event as e')
    .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
    .innerJoin('patient as p', 'p.id', 'en.patient_id')
    .leftJoin('chair as c', 'c.id', 'e.chair_id')
    .leftJoin('room as cr', 'cr.id', 'c.room_id')
    .leftJoin('room as r', 'r.id', 'e.room_id')
    .select([
      'e.id',
      'e.cohort_id',
      'e.enrollment_id',
      'e.kind',
      'e.title',
      'e.program_day',
      'e.starts_at',
      'e.ends_at',
      'e.state',
      'e.cancel_reason',
      'e.chair_id',
      'e.room_id',
      'e.infusion',
      'c.name as chair_name',
      'cr.name as chair_room',
      'r.name as room_name',
      'p.id as patient_id',
      'p.given_name',
      'p.family_name',
      'p.mrn',
    ])
    .where('e.site_id', '=', input.siteId)
    .where('e.starts_at', '<', new Date(input.to))
    .where('e.ends_at', '>', new Date(input.from));
  if (input.userId !== undefined)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_staff as s')
          .select('s.event_id')
          .whereRef('s.event_id', '=', 'e.id')
          .where('s.user_id', '=', input.userId as string),
      ),
    );
  if (input.enrollmentIds !== undefined)
    q = q.where('e.enrollment_id', 'in', input.enrollmentIds.length > 0 ? input.enrollmentIds : ['00000000-0000-0000-0000-000000000000']);
  const rows = await q.orderBy('e.starts_at').execute();
  const staff =
    rows.length === 0
      ? []
      : await db
          .selectFrom('event_staff as s')
          .innerJoin('app_user as u', 'u.id', 's.user_id')
          .select(['s.event_id', 's.user_id', 's.role', 's.starts_at', 's.ends_at', 'u.display_name'])
          .where(
            's.event_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
  const siteWide = actor.roles.includes('medical-director') || actor.roles.includes('coordinator');
  const mine = siteWide
    ? new Set<string>()
    : new Set(
        (await db.selectFrom('care_team_member').select('patient_id').where('user_id', '=', actor.userId).execute()).map(
          (r) => r.patient_id,
        ),
      );
  return rows.map((r) => {
    const named = siteWide || mine.has(r.patient_id);
    return {
      id: r.id,
      cohortId: r.cohort_id,
      enrollmentId: r.enrollment_id,
      kind: r.kind,
      title: r.title,
      programDay: r.program_day,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      state: r.state,
      cancelReason: r.cancel_reason,
      // The joins are outer for events without a chair or a room; a chair or room an event names always exists (foreign keys).
      chair:
        r.chair_id === null || r.chair_name === null || r.chair_room === null
          ? null
          : { id: r.chair_id, name: r.chair_name, room: r.chair_room },
      room: r.room_id === null || r.room_name === null ? null : { id: r.room_id, name: r.room_name },
      infusion: r.infusion,
      patient: named
        ? { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn }
        : { id: null, name: `${r.given_name[0]}. ${r.family_name[0]}.`, mrn: null },
      staff: staff
        .filter((s) => s.event_id === r.id)
        .map((s) => ({
          userId: s.user_id,
          name: s.display_name,
          role: s.role,
          startsAt: s.starts_at.toISOString(),
          endsAt: s.ends_at.toISOString(),
        })),
    };
  });
}

/** A site's schedule between two instants (optionally one staff member's), read by a staff member: audited with the patients it shows. */
export async function readSchedule(
  db: Db,
  actor: Actor,
  input: { siteId: string; from: string; to: string; userId?: string },
  meta: RequestMeta,
): Promise<ScheduleEvent[]> {
  return transact(db, async (tx) => {
    const items = await listSchedule(tx, actor, input);
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'schedule.read',
        recordType: 'site',
        recordId: input.siteId,
        outcome: 'allowed',
        details: { patientIds: [...new Set(items.flatMap((i) => (i.patient.id === null ? [] : [i.patient.id])))] },
      },
    );
    return items;
  });
}

/** Every scheduled event of a patient, at every site of their enrollments, in time order (care-team access checked, read audited). */
export async function readPatientSchedule(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<ScheduleEvent[]> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.schedule.read');
    const enrollments = await tx.selectFrom('enrollment').select(['id', 'site_id']).where('patient_id', '=', patientId).execute();
    const items = [];
    for (const siteId of [...new Set(enrollments.map((e) => e.site_id))]) {
      items.push(
        ...(await listSchedule(tx, actor, {
          siteId,
          from: '2000-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
          enrollmentIds: enrollments.map((e) => e.id),
        })),
      );
    }
    await audit(
      tx,
      { ...meta, actor },
      { action: 'patient.schedule.read', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed' },
    );
    return items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  });
}
