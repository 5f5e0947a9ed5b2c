/**
 * Moving a booked event to another start, chair, room or staff, with a reason; its staff windows move with it.
 *
 * @module
 */
import type { EventRescheduleBody, PlannedEvent } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { findClashes } from './internal/find-clashes.js';
import { lockResources } from './internal/lock-resources.js';

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
