/**
 * Use case: the medical director's review queue of serious adverse events not yet reviewed.
 *
 * @module
 */
import type { QueuedAdverseEvent } from '@kairos/api';
import { listSiteOf } from '../access/site-scope.js';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { ADVERSE_EVENT_COLUMNS } from './internal/session-rows.js';

/** The medical director's queue: serious adverse events of the director's site not yet reviewed. */
export async function reviewQueue(db: Db, actor: Actor, meta: RequestMeta): Promise<QueuedAdverseEvent[]> {
  return transact(db, async (tx) => {
    const rows = await tx
      .selectFrom('adverse_event as a')
      .innerJoin('patient as p', 'p.id', 'a.patient_id')
      .innerJoin('app_user as u', 'u.id', 'a.reported_by')
      .select([...ADVERSE_EVENT_COLUMNS, 'a.session_id', 'p.id as patient_id', 'p.given_name', 'p.family_name', 'p.mrn'])
      .where('p.site_id', '=', listSiteOf(actor))
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
