/**
 * Use case: the medical director of the patient's site reviews an emergency access with a note
 * (design.md: "flagged to the medical director for review"). Once: a second review is refused and
 * recorded, as is a director of another site. The access may be reviewed while it is still active;
 * the review does not end it.
 *
 * @module
 */
import type { EmergencyAccess } from '@kairos/api';
import { notFound } from '../../errors.js';
import { appendLiveEvent } from '../../events/live-events.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { EMERGENCY_ACCESS_REVIEW, selectEmergencyAccesses, toEmergencyAccess } from './emergency-access-internal.js';

export async function reviewEmergencyAccess(
  db: Db,
  actor: Actor,
  emergencyAccessId: string,
  note: string,
  meta: RequestMeta,
): Promise<EmergencyAccess> {
  return transact(db, async (tx) => {
    const row = await tx
      .selectFrom('emergency_access')
      .select(['id', 'site_id', 'patient_id', 'reviewed_at'])
      .where('id', '=', emergencyAccessId)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw notFound('emergency access', emergencyAccessId);
    const event = { action: EMERGENCY_ACCESS_REVIEW, recordType: 'emergency_access', recordId: row.id, patientId: row.patient_id };
    if (actor.siteId !== row.site_id)
      throw new AuditedRefusal(
        'FORBIDDEN',
        'This emergency access was at another site: only that site’s medical director reviews it. The attempt is recorded.',
        { ...meta, actor },
        { ...event, outcome: 'denied', details: { reason: 'other site' } },
      );
    if (row.reviewed_at !== null)
      throw new AuditedRefusal(
        'CONFLICT',
        'This emergency access has been reviewed already; a review is given once.',
        { ...meta, actor },
        { ...event, outcome: 'denied', details: { reason: 'already reviewed' } },
      );
    await tx
      .updateTable('emergency_access')
      .set({ reviewed_by: actor.userId, reviewed_at: meta.now, review_note: note })
      .where('id', '=', row.id)
      .execute();
    await audit(tx, { ...meta, actor }, { ...event, outcome: 'allowed', details: { note } });
    await appendLiveEvent(tx, {
      siteId: row.site_id,
      type: 'emergency-access',
      payload: { emergencyAccessId: row.id, reviewed: true },
      at: meta.now,
    });
    return toEmergencyAccess(await selectEmergencyAccesses(tx).where('x.id', '=', row.id).executeTakeFirstOrThrow(), meta.now);
  });
}
