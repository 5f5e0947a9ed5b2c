/**
 * Adverse events of a dosing session (kind, severity, time, action taken). Serious ones enter the
 * medical director's review queue, which the director closes with a note.
 *
 * @module
 */
import type { AdverseEvent, AdverseEventBody, AdverseEventCreated, QueuedAdverseEvent } from '@kairos/api';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { assertPatientAccess } from './patients/assert-patient-access.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import { appendLiveEvent } from '../events/live-events.js';
import { insertAdministration } from './session-medications.js';
import type { Db } from '../store/database.js';

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

export async function listAdverseEvents(db: Db, sessionId: string): Promise<AdverseEvent[]> {
  const treatments = await db
    .selectFrom('session_medication as m')
    .innerJoin('app_user as u', 'u.id', 'm.given_by')
    .select(['m.id', 'm.adverse_event_id', 'm.drug', 'm.dose', 'm.unit', 'm.route', 'm.given_at', 'u.display_name'])
    .where('m.session_id', '=', sessionId)
    .where('m.purpose', '=', 'treatment')
    .orderBy('m.given_at')
    .execute();
  const rows = await db
    .selectFrom('adverse_event as a')
    .innerJoin('app_user as u', 'u.id', 'a.reported_by')
    .leftJoin('app_user as r', 'r.id', 'a.reviewed_by')
    .select([
      'a.id',
      'a.kind',
      'a.description',
      'a.severity',
      'a.serious',
      'a.occurred_at',
      'a.action_taken',
      'u.display_name as reported_by',
      'a.reviewed_at',
      'r.display_name as reviewed_by',
      'a.review_note',
    ])
    .where('a.session_id', '=', sessionId)
    .orderBy('a.occurred_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    description: r.description,
    severity: r.severity,
    serious: r.serious,
    occurredAt: r.occurred_at.toISOString(),
    actionTaken: r.action_taken,
    reportedBy: r.reported_by,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewedBy: r.reviewed_by,
    reviewNote: r.review_note,
    treatments: treatments
      .filter((t) => t.adverse_event_id === r.id)
      .map((t) => ({
        id: t.id,
        drug: t.drug,
        dose: Number(t.dose),
        unit: t.unit,
        route: t.route,
        givenAt: t.given_at.toISOString(),
        givenByName: t.display_name,
      })),
  }));
}

/** The medical director's queue: serious adverse events not yet reviewed. */
export async function reviewQueue(db: Db, actor: Actor, meta: RequestMeta): Promise<QueuedAdverseEvent[]> {
  return transact(db, async (tx) => {
    const rows = await tx
      .selectFrom('adverse_event as a')
      .innerJoin('patient as p', 'p.id', 'a.patient_id')
      .innerJoin('app_user as u', 'u.id', 'a.reported_by')
      .select([
        'a.id',
        'a.session_id',
        'a.kind',
        'a.description',
        'a.severity',
        'a.occurred_at',
        'a.action_taken',
        'p.id as patient_id',
        'p.given_name',
        'p.family_name',
        'p.mrn',
        'u.display_name as reported_by',
      ])
      .where('a.serious', '=', true)
      .where('a.reviewed_at', 'is', null)
      .orderBy('a.occurred_at')
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'adverse-event.queue.read',
        recordType: 'adverse_event',
        outcome: 'allowed',
        details: { patientIds: rows.map((r) => r.patient_id) },
      },
    );
    return rows.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      kind: r.kind,
      description: r.description,
      severity: r.severity,
      occurredAt: r.occurred_at.toISOString(),
      actionTaken: r.action_taken,
      reportedBy: r.reported_by,
      patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
    }));
  });
}

export async function closeReview(db: Db, actor: Actor, adverseEventId: string, note: string, meta: RequestMeta): Promise<void> {
  await transact(db, async (tx) => {
    const a = await tx
      .selectFrom('adverse_event')
      .select(['id', 'patient_id', 'serious', 'reviewed_at'])
      .where('id', '=', adverseEventId)
      .forUpdate()
      .executeTakeFirst();
    if (a === undefined) throw notFound('adverse event', adverseEventId);
    if (!a.serious) throw new AppError('CONFLICT', 'only serious adverse events enter the review queue');
    if (a.reviewed_at !== null) throw new AppError('CONFLICT', 'this adverse event has been reviewed already');
    await tx
      .updateTable('adverse_event')
      .set({ reviewed_by: actor.userId, reviewed_at: meta.now, review_note: note })
      .where('id', '=', a.id)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'adverse-event.review',
        recordType: 'adverse_event',
        recordId: a.id,
        patientId: a.patient_id,
        outcome: 'allowed',
        details: { note },
      },
    );
  });
}
