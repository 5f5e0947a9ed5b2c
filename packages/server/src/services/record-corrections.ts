/**
 * Corrections with history (issue "a clinic's day", corrections): a stored record (an adverse
 * event, a staff-entered questionnaire's dates) is corrected in place, so everything that reads it
 * (the review queue, outcome calculations, task matching) uses the corrected values, and each
 * correction is kept in `record_correction` with the values before and after, who, when and why.
 * The original is the first correction's `before`. A corrector states how many corrections they
 * saw; one made meanwhile is refused (409), so two people correcting at once never overwrite
 * each other unseen. Refusals are audited (`AuditedRefusal`, appended after the rollback).
 *
 * @module
 */
import type { CorrectedField, RecordCorrection } from '@kairos/api';
import { AuditedRefusal } from './transaction.js';
import type { Actor, RequestMeta } from './context.js';
import type { AppError } from '../errors.js';
import { audit } from './audit.js';
import type { Db } from '../store/database.js';

export type CorrectedRecordType = 'adverse_event' | 'questionnaire_response';

/** A field's value as a correction stores and shows it: text, an instant as ISO 8601, null for none. */
export type CorrectionValue = string | null;

/** Every correction of the records, oldest first, by record id. */
export async function correctionsOf(
  db: Db,
  recordType: CorrectedRecordType,
  ids: readonly string[],
): Promise<Map<string, RecordCorrection[]>> {
  const out = new Map<string, RecordCorrection[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('record_correction as c')
    .innerJoin('app_user as u', 'u.id', 'c.corrected_by')
    .select(['c.record_id', 'c.before', 'c.after', 'c.reason', 'c.corrected_at', 'u.display_name'])
    .where('c.record_type', '=', recordType)
    .where('c.record_id', 'in', [...ids])
    .orderBy('c.id')
    .execute();
  for (const r of rows) {
    const before = r.before as Record<string, CorrectionValue>;
    const after = r.after as Record<string, CorrectionValue>;
    const changes: CorrectedField[] = Object.keys(after).map((field) => ({
      field,
      before: before[field] ?? null,
      after: after[field] ?? null,
    }));
    out.get(r.record_id)?.push({ at: r.corrected_at.toISOString(), by: r.display_name, reason: r.reason, changes });
  }
  return out;
}

/** How many corrections a record has (read inside the transaction that holds the record's row lock). */
export async function correctionCount(tx: Db, recordType: CorrectedRecordType, recordId: string): Promise<number> {
  const row = await tx
    .selectFrom('record_correction')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The fields whose value changes, with their values before and after; empty when nothing changes. */
export function changedFields(
  current: Record<string, CorrectionValue>,
  requested: Record<string, CorrectionValue | undefined>,
): { before: Record<string, CorrectionValue>; after: Record<string, CorrectionValue> } {
  const before: Record<string, CorrectionValue> = {};
  const after: Record<string, CorrectionValue> = {};
  for (const [field, value] of Object.entries(requested)) {
    if (value === undefined || value === current[field]) continue;
    before[field] = current[field] ?? null;
    after[field] = value;
  }
  return { before, after };
}

/** Stores one correction and its audit event (`action`, allowed, with the values before and after and the reason). */
export async function storeCorrection(
  tx: Db,
  actor: Actor,
  meta: RequestMeta,
  action: string,
  c: {
    recordType: CorrectedRecordType;
    recordId: string;
    patientId: string;
    before: Record<string, CorrectionValue>;
    after: Record<string, CorrectionValue>;
    reason: string;
  },
): Promise<void> {
  await tx
    .insertInto('record_correction')
    .values({
      record_type: c.recordType,
      record_id: c.recordId,
      patient_id: c.patientId,
      before: JSON.stringify(c.before),
      after: JSON.stringify(c.after),
      reason: c.reason,
      corrected_by: actor.userId,
      corrected_at: meta.now,
    })
    .execute();
  await audit(
    tx,
    { ...meta, actor },
    {
      action,
      recordType: c.recordType,
      recordId: c.recordId,
      patientId: c.patientId,
      outcome: 'allowed',
      details: { before: c.before, after: c.after, reason: c.reason },
    },
  );
}

/** A refused correction, audited (after the rollback) as `action` denied with the reason given. */
export function correctionRefusal(
  actor: Actor,
  meta: RequestMeta,
  action: string,
  record: { recordType: CorrectedRecordType; recordId: string; patientId: string },
  code: AppError['code'],
  message: string,
  details: Record<string, unknown> = {},
): AuditedRefusal {
  return new AuditedRefusal(
    code,
    message,
    { ...meta, actor },
    {
      action,
      recordType: record.recordType,
      recordId: record.recordId,
      patientId: record.patientId,
      outcome: 'denied',
      details: { refused: message },
    },
    details,
  );
}
