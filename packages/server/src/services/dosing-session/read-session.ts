/**
 * Use case: read a dosing session (the console view), audited (with `stageAudit`, the event staged for the caller to have sealed).
 *
 * @module
 */
import type { DosingSessionView } from '@kairos/api';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import { appendAuditRecords, auditRecord, stageAuditRecords } from '../audit.js';
import type { Db } from '../../store/database.js';
import { loadForRead } from './internal/session-guards.js';
import { sessionView } from './internal/session-view.js';

export async function getSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  meta: RequestMeta,
  options: { stageAudit?: boolean } = {},
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, 'session.read');
    const read = auditRecord(
      { ...meta, actor },
      { action: 'session.read', recordType: 'dosing_session', recordId: s.id, patientId: s.patient_id, outcome: 'allowed' },
    );
    // Staged (the caller has it sealed after the commit): a console refreshing on every reading
    // does not queue on the chain's lock behind the monitors' seals.
    if (options.stageAudit === true) await stageAuditRecords(tx, [read]);
    else await appendAuditRecords(tx, [read]);
    return sessionView(tx, s.id, meta.now, s);
  });
}
