/**
 * A site's booked events between two instants as the schedule shows them (not audited: the reading use cases audit).
 *
 * @module
 */
import type { ScheduleEvent } from '@kairos/api';
import type { Actor } from '../context.js';
import { isSiteWide } from '../patients/assert-patient-access.js';
import type { Db } from '../../store/database.js';
import { selectEventPlaces } from './select-event-places.js';
import { anyOf } from '../../store/any-of.js';

/** The events of a site between two instants, with chair, room, staff and a patient label. */
export async function listSchedule(
  db: Db,
  actor: Actor,
  input: { siteId: string; from: string; to: string; userId?: string; enrollmentIds?: string[] },
): Promise<ScheduleEvent[]> {
  let q = selectEventPlaces(db)
    .leftJoin('room as cr', 'cr.id', 'c.room_id')
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
          .where('s.event_id', '=', anyOf(rows.map((r) => r.id)))
          .execute();
  const siteWide = isSiteWide(actor);
  const mine = siteWide
    ? new Set<string>()
    : new Set(
        (await db.selectFrom('care_team_member').select('patient_id').where('user_id', '=', actor.userId).execute()).map(
          (r) => r.patient_id,
        ),
      );
  // Each event's staff, by event (a site's day of 500 events has a thousand staff rows to look through otherwise).
  const staffOf = new Map<string, typeof staff>();
  for (const s of staff) {
    const list = staffOf.get(s.event_id);
    if (list === undefined) staffOf.set(s.event_id, [s]);
    else list.push(s);
  }
  return rows.map((r) => {
    const booked = staffOf.get(r.id) ?? [];
    // Named to site-wide roles, the patient's care team and the staff booked on the event (access by assignment).
    const named = siteWide || mine.has(r.patient_id) || booked.some((s) => s.user_id === actor.userId);
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
      staff: booked.map((s) => ({
        userId: s.user_id,
        name: s.display_name,
        role: s.role,
        startsAt: s.starts_at.toISOString(),
        endsAt: s.ends_at.toISOString(),
      })),
    };
  });
}
