/**
 * Use case: report an adverse event of a dosing session (kind, severity, time, action taken, and
 * any treatment given); a serious one enters the medical director's review queue.
 *
 * @module
 */
import type { AdverseEventBody, AdverseEventCreated } from '@kairos/api';
import { AppError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendLiveEvent } from '../../events/live-events.js';
import { insertAdministration } from './internal/administrations.js';
import type { Db } from '../../store/database.js';

export async function reportAdverseEvent(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: AdverseEventBody,
  meta: RequestMeta,
): Promise<AdverseEventCreated> {
  return transact(db, async (tx) => {
    const s = await tx.selectFrom('dosing_session').select(['id', 'patient_id', 'site_id']).where('id', '=', sessionId).executeTakeFirst();
    if (s === undefined) throw notFound('dosing session', sessionId);
    await assertPatientAccess(tx, actor, s.patient_id, meta, 'adverse-event.report');
    if (new Date(input.occurredAt) > meta.now)
      throw new AppError('VALIDATION_FAILED', 'body.occurredAt: is in the future', {
        issues: [{ field: 'body.occurredAt', message: 'is in the future' }],
      });
    if (input.kind === 'other' && (input.description === undefined || input.description.trim() === ''))
      throw new AppError('VALIDATION_FAILED', 'body.description: describe an adverse event of kind other', {
        issues: [{ field: 'body.description', message: 'required for other' }],
      });
    const row = await tx
      .insertInto('adverse_event')
      .values({
        session_id: s.id,
        patient_id: s.patient_id,
        kind: input.kind,
        description: input.description ?? null,
        severity: input.severity,
        serious: input.serious,
        occurred_at: input.occurredAt,
        action_taken: input.actionTaken,
        reported_by: actor.userId,
        reported_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, t] of (input.treatments ?? []).entries()) {
      await insertAdministration(tx, actor, s, { ...t, purpose: 'treatment', adverseEventId: row.id }, meta, `body.treatments.${i}`);
    }
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'adverse-event',
      payload: { adverseEventId: row.id, kind: input.kind, severity: input.severity, serious: input.serious },
      at: meta.now,
    });
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'adverse-event.report',
        recordType: 'adverse_event',
        recordId: row.id,
        patientId: s.patient_id,
        outcome: 'allowed',
        details: { kind: input.kind, severity: input.severity, serious: input.serious },
      },
    );
    return { id: row.id, siteId: s.site_id, serious: input.serious };
  });
}
