/**
 * Use case: a prescriber or the medical director corrects a reported adverse event's kind,
 * severity, onset or resolution time, also after its review, with a reason. The event shows the
 * corrected values; every correction keeps the values before and after, who, when and why
 * (`record-corrections.ts`), and is audited; a refused one is audited too.
 *
 * @module
 */
import type { AdverseEventCorrectionBody } from '@kairos/api';
import { notFound } from '../../errors.js';
import type { Actor, RequestMeta } from '../context.js';
import { appendLiveEvent } from '../../events/live-events.js';
import { assertPatientAccess } from '../patients/assert-patient-access.js';
import { changedFields, correctionCount, correctionRefusal, storeCorrection } from '../record-corrections.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

const ACTION = 'adverse-event.correct';

export async function correctAdverseEvent(
  db: Db,
  actor: Actor,
  adverseEventId: string,
  input: AdverseEventCorrectionBody,
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    const a = await tx
      .selectFrom('adverse_event as a')
      .innerJoin('dosing_session as s', 's.id', 'a.session_id')
      .select([
        'a.id',
        'a.patient_id',
        'a.session_id',
        's.site_id',
        'a.kind',
        'a.description',
        'a.severity',
        'a.occurred_at',
        'a.resolved_at',
        'a.serious',
      ])
      .where('a.id', '=', adverseEventId)
      .forUpdate('a')
      .executeTakeFirst();
    if (a === undefined) throw notFound('adverse event', adverseEventId);
    await assertPatientAccess(tx, actor, a.patient_id, meta, ACTION);
    const record = { recordType: 'adverse_event' as const, recordId: a.id, patientId: a.patient_id };
    const refuse = (code: 'VALIDATION_FAILED' | 'CONFLICT', field: string | null, message: string, details: Record<string, unknown> = {}) =>
      correctionRefusal(actor, meta, ACTION, record, code, field === null ? message : `body.${field}: ${message}`, {
        ...details,
        ...(field === null ? {} : { issues: [{ field: `body.${field}`, message }] }),
      });
    const seen = await correctionCount(tx, 'adverse_event', a.id);
    if (input.correctionsSeen !== seen)
      throw refuse('CONFLICT', null, 'this adverse event was corrected meanwhile: look at its corrections again before correcting it', {
        code: 'CORRECTED_MEANWHILE',
        corrections: seen,
      });
    const occurredAt = input.occurredAt === undefined ? a.occurred_at : new Date(input.occurredAt);
    const resolvedAt = input.resolvedAt === undefined ? a.resolved_at : input.resolvedAt === null ? null : new Date(input.resolvedAt);
    if (occurredAt > meta.now) throw refuse('VALIDATION_FAILED', 'occurredAt', 'is in the future');
    if (resolvedAt !== null && resolvedAt > meta.now) throw refuse('VALIDATION_FAILED', 'resolvedAt', 'is in the future');
    if (resolvedAt !== null && resolvedAt < occurredAt) throw refuse('VALIDATION_FAILED', 'resolvedAt', 'is before the onset');
    const kind = input.kind ?? a.kind;
    const description = input.description ?? a.description;
    if (kind === 'other' && (description === null || description.trim() === ''))
      throw refuse('VALIDATION_FAILED', 'description', 'describe an adverse event of kind other');
    const { before, after } = changedFields(
      {
        kind: a.kind,
        description: a.description,
        severity: a.severity,
        occurredAt: a.occurred_at.toISOString(),
        resolvedAt: a.resolved_at?.toISOString() ?? null,
      },
      {
        kind: input.kind,
        description: input.description,
        severity: input.severity,
        occurredAt: input.occurredAt === undefined ? undefined : occurredAt.toISOString(),
        resolvedAt: input.resolvedAt === undefined ? undefined : (resolvedAt?.toISOString() ?? null),
      },
    );
    if (Object.keys(after).length === 0)
      throw refuse('VALIDATION_FAILED', null, 'nothing to correct: every value given is the one recorded');
    await tx
      .updateTable('adverse_event')
      .set({
        kind,
        description,
        severity: input.severity ?? a.severity,
        occurred_at: occurredAt,
        resolved_at: resolvedAt,
      })
      .where('id', '=', a.id)
      .execute();
    const reason = input.reason.trim();
    await storeCorrection(tx, actor, meta, ACTION, { ...record, before, after, reason });
    await appendLiveEvent(tx, {
      siteId: a.site_id,
      sessionId: a.session_id,
      type: 'adverse-event',
      payload: { adverseEventId: a.id, kind, severity: input.severity ?? a.severity, serious: a.serious },
      at: meta.now,
    });
  });
}
