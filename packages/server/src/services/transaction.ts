/**
 * Runs a use case in one transaction. A refusal inside it (an AppError carrying the audit event
 * of the denial) rolls the transaction back, but the denial itself must still be on the record:
 * it is appended in a transaction of its own after the rollback.
 *
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { recordAudit, type AuditInput } from './audit.js';

/** An expected refusal whose audit event outlives the rollback of the transaction that raised it. */
export class AuditedRefusal extends AppError {
  constructor(
    code: AppError['code'],
    message: string,
    readonly audit: AuditInput,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}

export async function transact<T>(db: Kysely<Database>, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(fn);
  } catch (err) {
    if (err instanceof AuditedRefusal) await recordAudit(db, err.audit);
    throw err;
  }
}
