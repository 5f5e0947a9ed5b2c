/**
 * The booked events joined with their patient (through the enrollment), chair and room: the base
 * of every view that shows an event where it happens and for whom (the site's schedule, a staff
 * member's calendar feed). Aliases: `e` the event, `en` the enrollment, `p` the patient, `c` the
 * chair, `r` the event's room; the chair and room joins are outer, since a dosing event has a chair
 * and no room and the others a room and no chair.
 *
 * @module
 */
import type { Db } from '../../store/database.js';

/** A query of the events with their patient, chair and room; the caller selects, filters and orders. */
export function selectEventPlaces(db: Db) {
  return db
    .selectFrom('scheduled_event as e')
    .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
    .innerJoin('patient as p', 'p.id', 'en.patient_id')
    .leftJoin('chair as c', 'c.id', 'e.chair_id')
    .leftJoin('room as r', 'r.id', 'e.room_id');
}
