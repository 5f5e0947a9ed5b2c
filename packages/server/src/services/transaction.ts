/**
 * Runs a use case in one transaction. A refusal inside it (an AppError carrying the audit event
 * of the denial) rolls the transaction back, but the denial itself must still be on the record:
 * it is appended in a transaction of its own after the rollback.
 *
 * @module
 */
import { AppError } from '../errors.js';
import type { Db } from '../store/database.js';
import { appendAuditRecord, auditRecord, type AuditEvent, type AuditInput } from './audit.js';
import type { RequestContext } from './context.js';

/** An expected refusal whose audit event outlives the rollback of the transaction that raised it. */
export class AuditedRefusal extends AppError {
  /** The refusal's audit record, appended after the rollback. */
  readonly audit: AuditInput;
  constructor(code: AppError['code'], message: string, ctx: RequestContext, event: AuditEvent, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.audit = auditRecord(ctx, event);
  }
}

/** Runs `work`; an `AuditedRefusal` it throws is appended to the audit trail (on its own) before it goes on. */
async function recordingRefusals<T>(db: Db, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AuditedRefusal) await appendAuditRecord(db, err.audit);
    throw err;
  }
}

export function transact<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return recordingRefusals(db, () => db.transaction().execute(fn));
}

/**
 * Runs a read on one connection without a transaction (no BEGIN and COMMIT round trips): for a read
 * whose statements need no common snapshot, each of which commits on its own (its audit event before
 * the read). A refusal's audit event is appended as in `transact`.
 */
export function onOneConnection<T>(db: Db, fn: (conn: Db) => Promise<T>): Promise<T> {
  return recordingRefusals(db, () => db.connection().execute(fn));
}
