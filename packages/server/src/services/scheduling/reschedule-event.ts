/**
 * Moving a booked event to another start, chair, room or staff, with a reason; its staff windows move with it.
 *
 * @module
 */
import type { EventRescheduleBody, PlannedEvent, ScheduleClash } from '@kairos/api';
import { localDateOf, ruleRef, sessionDutyRule } from '@kairos/core';
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { directorOverrideProof } from '../credentials/duty-checks.js';
import type { Actor, RequestMeta } from '../context.js';
import { loadEnrollmentFor } from '../enrollment/load-enrollment.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { findClashes } from './internal/find-clashes.js';
import { lockResources } from './internal/lock-resources.js';

/** Keeps the medical director's override of each lapsed credential of an assignment, and audits it. */
async function recordAssignmentOverrides(
  tx: Db,
  ev: { id: string; site_id: string; starts_at: Date },
  lapsed: ScheduleClash[],
  o: { reason: string; director: Actor; meta: RequestMeta },
): Promise<void> {
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', ev.site_id).executeTakeFirstOrThrow();
  for (const c of lapsed) {
    if (c.userId === undefined || c.duty === undefined) continue;
    const onDate = localDateOf(new Date(c.startsAt), site.time_zone);
    await tx
      .insertInto('credential_override')
      .values({
        site_id: ev.site_id,
        user_id: c.userId,
        duty: c.duty,
        event_id: ev.id,
        session_id: null,
        on_date: onDate,
        lapses: JSON.stringify([c.message]),
        rule: ruleRef(sessionDutyRule),
        reason: o.reason,
        decided_by: o.director.userId,
        decided_at: o.meta.now,
      })
      .execute();
    await audit(
      tx,
      { ...o.meta, actor: o.director },
      {
        action: 'event.credential-override',
        recordType: 'scheduled_event',
        recordId: ev.id,
        outcome: 'allowed',
        details: { userId: c.userId, duty: c.duty, onDate, lapse: c.message, reason: o.reason, rule: ruleRef(sessionDutyRule) },
      },
    );
  }
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
    const found = await findClashes(tx, ev.site_id, [planned], [eventId], meta.now);
    // The medical director may let a lapsed credential go, with their own proof and a reason; every other clash still refuses.
    const lapsed = input.credentialOverride === undefined ? [] : found.filter((c) => c.rule === 'credential-lapsed');
    const director =
      lapsed.length === 0 || input.credentialOverride === undefined
        ? undefined
        : await directorOverrideProof(tx, actor, input.credentialOverride.stepUpToken, meta);
    const clashes = director === undefined ? found : found.filter((c) => c.rule !== 'credential-lapsed');
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
    if (director !== undefined && input.credentialOverride !== undefined)
      await recordAssignmentOverrides(tx, ev, lapsed, { reason: input.credentialOverride.reason, director, meta });
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'event.reschedule',
        recordType: 'scheduled_event',
        recordId: eventId,
        outcome: 'allowed',
        details: { reason: input.reason, startsAt: planned.startsAt, credentialOverrides: lapsed.length },
      },
    );
    return { id: eventId, startsAt: planned.startsAt, endsAt: planned.endsAt };
  });
}
