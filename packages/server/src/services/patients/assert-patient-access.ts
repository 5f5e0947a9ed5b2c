/**
 * Patient access (design.md, "Who uses it"): ordinary access follows the care team; medical
 * directors and coordinators work site-wide on their own site; staff booked on a program event of
 * the patient (the IV runner, the therapist) have access for the event's day, recorded as access by
 * assignment; a clinician of the site outside both may open the record with emergency access ("break
 * the glass", `services/emergency-access/`); anything else is refused and audited.
 *
 * @module
 */
import { localDateOf, startOfLocalDay } from '@kairos/core';
import { notFound } from '../../errors.js';
import { SITE_WIDE_ROLES } from '../access/permissions.js';
import { audit } from '../audit.js';
import { AuditedRefusal } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import { ACCESS_BY_EMERGENCY, activeEmergencyAccess, mayBreakTheGlass } from '../emergency-access/emergency-access-internal.js';
import type { Db } from '../../store/database.js';

export const isSiteWide = (actor: Actor): boolean => actor.roles.some((r) => SITE_WIDE_ROLES.includes(r));

/** The audit action that records the first access by assignment of a person to a patient on a day. */
export const ACCESS_BY_ASSIGNMENT = 'patient.access-by-assignment';

/**
 * The actor's booked event of this patient on the site's day of `now` (not cancelled), if any: the
 * assignment that gives access for that day.
 */
async function assignmentToday(
  tx: Db,
  actor: Actor,
  patientId: string,
  timeZone: string,
  now: Date,
): Promise<{ eventId: string; startsAt: Date } | undefined> {
  const today = localDateOf(now, timeZone);
  const rows = await tx
    .selectFrom('event_staff as s')
    .innerJoin('scheduled_event as e', 'e.id', 's.event_id')
    .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
    .select(['e.id', 'e.starts_at'])
    .where('s.user_id', '=', actor.userId)
    .where('en.patient_id', '=', patientId)
    .where('e.state', '!=', 'cancelled')
    // A day either side in UTC covers every zone; the site's own day is compared below.
    .where('e.starts_at', '>', new Date(now.getTime() - 36 * 3_600_000))
    .where('e.starts_at', '<', new Date(now.getTime() + 36 * 3_600_000))
    .execute();
  const booked = rows.find((r) => localDateOf(r.starts_at, timeZone) === today);
  return booked === undefined ? undefined : { eventId: booked.id, startsAt: booked.starts_at };
}

/** The patient's site and its time zone, as access is decided on them. A patient that does not exist is a 404. */
export interface PatientSite {
  id: string;
  site_id: string;
  time_zone: string;
}

export async function patientSiteOf(tx: Db, patientId: string): Promise<PatientSite> {
  const patient = await tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['p.id', 'p.site_id', 's.time_zone'])
    .where('p.id', '=', patientId)
    .executeTakeFirst();
  if (patient === undefined) throw notFound('patient', patientId);
  return patient;
}

/** Why a person has ordinary access to a patient: a site-wide role there, the care team, or a booking that day. */
export type OrdinaryAccess = { basis: 'site-wide' } | { basis: 'care-team' } | { basis: 'assignment'; eventId: string };

/** The actor's ordinary access to the patient at `now`, if any (emergency access is not ordinary). */
export async function ordinaryAccess(tx: Db, actor: Actor, patient: PatientSite, now: Date): Promise<OrdinaryAccess | undefined> {
  if (isSiteWide(actor) && actor.siteId === patient.site_id) return { basis: 'site-wide' };
  const member = await tx
    .selectFrom('care_team_member')
    .select('role')
    .where('patient_id', '=', patient.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (member !== undefined) return { basis: 'care-team' };
  const assignment = await assignmentToday(tx, actor, patient.id, patient.time_zone, now);
  return assignment === undefined ? undefined : { basis: 'assignment', eventId: assignment.eventId };
}

/**
 * Refuses (and audits) access to a patient outside the actor's care teams and assignments, unless
 * the actor works site-wide at the patient's site or holds an active emergency access to the
 * patient. A patient that does not exist is a 404. Access by assignment is recorded once per
 * person, patient and day; every access under emergency access is recorded
 * (`patient.access-by-emergency`, naming the emergency access). A clinician of the patient's site
 * who is refused is told that emergency access is available (`details.emergencyAccess`), so the
 * page can offer it; nobody else is.
 */
export async function assertPatientAccess(tx: Db, actor: Actor, patientId: string, meta: RequestMeta, action: string): Promise<void> {
  const patient = await patientSiteOf(tx, patientId);
  const ordinary = await ordinaryAccess(tx, actor, patient, meta.now);
  if (ordinary?.basis === 'assignment') {
    const recorded = await tx
      .selectFrom('audit_event')
      .select('seq')
      .where('patient_id', '=', patientId)
      .where('user_id', '=', actor.userId)
      .where('action', '=', ACCESS_BY_ASSIGNMENT)
      .where('at', '>=', new Date(startOfLocalDay(meta.now, patient.time_zone)))
      .limit(1)
      .executeTakeFirst();
    if (recorded === undefined)
      await audit(
        tx,
        { ...meta, actor },
        {
          action: ACCESS_BY_ASSIGNMENT,
          recordType: 'patient',
          recordId: patientId,
          patientId,
          outcome: 'allowed',
          details: { basis: 'assignment', eventId: ordinary.eventId, for: action },
        },
      );
    return;
  }
  if (ordinary !== undefined) return;
  const emergency = await activeEmergencyAccess(tx, actor, patientId, meta.now);
  if (emergency !== undefined) {
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACCESS_BY_EMERGENCY,
        recordType: 'patient',
        recordId: patientId,
        patientId,
        outcome: 'allowed',
        details: { basis: 'emergency', emergencyAccessId: emergency.id, for: action },
      },
    );
    return;
  }
  const offer = mayBreakTheGlass(actor, patient.site_id);
  throw new AuditedRefusal(
    'FORBIDDEN',
    offer
      ? 'You are not on this patient’s care team or booked with them today. Access outside the care team is refused and recorded; in an emergency you may open the record with emergency access, stating your reason.'
      : 'You are not on this patient’s care team or booked with them today. Access outside the care team is refused and recorded.',
    { ...meta, actor },
    { action, recordType: 'patient', recordId: patientId, patientId, outcome: 'denied', details: { reason: 'outside care team' } },
    offer ? { patientId, emergencyAccess: 'available' } : { patientId },
  );
}
