/**
 * Shared by the emergency-access use cases and by `assertPatientAccess`: who may break the glass,
 * the actor's active emergency access to a patient, the audit actions, and the view of an access.
 *
 * @module
 */
import { EMERGENCY_ACCESS_HOURS, type EmergencyAccess } from '@kairos/api';
import { PERMISSIONS } from '../access/permissions.js';
import type { Actor } from '../context.js';
import type { Db } from '../../store/database.js';

/** How long an emergency access lasts, ms (design.md: "a stated reason, 12 hours"; `EMERGENCY_ACCESS_HOURS`). */
export const EMERGENCY_ACCESS_MS = EMERGENCY_ACCESS_HOURS * 3_600_000;

/** The audit action of opening emergency access (allowed, with the reason; or refused, with why). */
export const EMERGENCY_ACCESS = 'patient.emergency-access';
/** The audit action recording each access to a patient made under an emergency access. */
export const ACCESS_BY_EMERGENCY = 'patient.access-by-emergency';
/** The audit action of the medical director's review. */
export const EMERGENCY_ACCESS_REVIEW = 'emergency-access.review';

/** The roles that may break the glass: those of the permission table's `patients.emergency-access`. */
const BREAK_THE_GLASS_ROLES: readonly string[] = PERMISSIONS['patients.emergency-access'];

/** Whether the actor holds a role that may break the glass. */
export const isBreakTheGlassRole = (actor: Actor): boolean => actor.roles.some((r) => BREAK_THE_GLASS_ROLES.includes(r));

/** Whether the actor may ask for emergency access to a patient of `patientSiteId`: a clinician of that site. */
export function mayBreakTheGlass(actor: Actor, patientSiteId: string): boolean {
  return actor.siteId !== null && actor.siteId === patientSiteId && isBreakTheGlassRole(actor);
}

/**
 * The actor's emergency access to the patient that is active at `now` (opened, not yet expired),
 * if any. Only at the actor's own site: an account moved to another site loses it.
 */
export async function activeEmergencyAccess(
  tx: Db,
  actor: Actor,
  patientId: string,
  now: Date,
): Promise<{ id: string; expires_at: Date } | undefined> {
  if (actor.siteId === null) return undefined;
  return tx
    .selectFrom('emergency_access')
    .select(['id', 'expires_at'])
    .where('user_id', '=', actor.userId)
    .where('patient_id', '=', patientId)
    .where('site_id', '=', actor.siteId)
    .where('opened_at', '<=', now)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Emergency accesses with their patient, clinician and reviewer, for `toEmergencyAccess`. */
export function selectEmergencyAccesses(tx: Db) {
  return tx
    .selectFrom('emergency_access as x')
    .innerJoin('patient as p', 'p.id', 'x.patient_id')
    .innerJoin('app_user as u', 'u.id', 'x.user_id')
    .leftJoin('app_user as r', 'r.id', 'x.reviewed_by')
    .select([
      'x.id',
      'x.site_id',
      'x.patient_id',
      'x.user_id',
      'x.reason',
      'x.opened_at',
      'x.expires_at',
      'x.reviewed_at',
      'x.review_note',
      'p.given_name',
      'p.family_name',
      'p.mrn',
      'u.display_name',
      'u.roles',
      'r.display_name as reviewer_name',
    ]);
}

type EmergencyAccessRow = Awaited<ReturnType<ReturnType<typeof selectEmergencyAccesses>['executeTakeFirstOrThrow']>>;

/** The contract's view of an emergency access at `now`. */
export function toEmergencyAccess(r: EmergencyAccessRow, now: Date): EmergencyAccess {
  return {
    id: r.id,
    patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
    clinician: { id: r.user_id, displayName: r.display_name, roles: r.roles },
    reason: r.reason,
    openedAt: r.opened_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    active: r.opened_at.getTime() <= now.getTime() && now.getTime() < r.expires_at.getTime(),
    review:
      r.reviewed_at === null
        ? null
        : { by: r.reviewer_name ?? 'a former staff member', at: r.reviewed_at.toISOString(), note: r.review_note ?? '' },
  };
}

/** "14:05 on 2 Dec 2026" in the site's zone: an instant as a message names it. */
export function siteTimeWords(at: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(at);
  return `${time} on ${day}`;
}
