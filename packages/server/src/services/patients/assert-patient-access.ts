/**
 * Patient access: ordinary access follows the care team; medical directors and coordinators work
 * site-wide (on their own sites); anything else is refused and audited.
 *
 * @module
 */
import { notFound } from '../../errors.js';
import { SITE_WIDE_ROLES } from '../access/permissions.js';
import { AuditedRefusal } from '../transaction.js';
import type { Actor, RequestMeta } from '../context.js';
import type { Db } from '../../store/database.js';

export const isSiteWide = (actor: Actor): boolean => actor.roles.some((r) => SITE_WIDE_ROLES.includes(r));

/**
 * Refuses (and audits) access to a patient outside the actor's care teams, unless the actor works
 * site-wide. A patient that does not exist is a 404.
 */
export async function assertPatientAccess(tx: Db, actor: Actor, patientId: string, meta: RequestMeta, action: string): Promise<void> {
  const patient = await tx.selectFrom('patient').select(['id', 'site_id']).where('id', '=', patientId).executeTakeFirst();
  if (patient === undefined) throw notFound('patient', patientId);
  if (isSiteWide(actor) && (actor.siteId === null || actor.siteId === patient.site_id)) return;
  const member = await tx
    .selectFrom('care_team_member')
    .select('role')
    .where('patient_id', '=', patientId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (member !== undefined) return;
  throw new AuditedRefusal(
    'FORBIDDEN',
    'You are not on this patient’s care team. Access outside the care team is refused and recorded.',
    { ...meta, actor },
    { action, recordType: 'patient', recordId: patientId, patientId, outcome: 'denied', details: { reason: 'outside care team' } },
    { patientId },
  );
}
