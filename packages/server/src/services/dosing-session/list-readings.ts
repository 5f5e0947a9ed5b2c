/**
 * Use case: a page of a session's readings in full, the latest first (a console's or a report's
 * flowsheet however long the session; the console view itself carries only the latest hundred and
 * a summary). Audited like the console view (with `stageAudit`, staged for the caller to seal).
 *
 * @module
 */
import type { SessionReadingsPage } from '@kairos/api';
import { sql } from 'kysely';
import type { Actor, RequestMeta } from '../context.js';
import { onOneConnection } from '../transaction.js';
import { appendAuditRecords, auditRecord, stageAuditRecords } from '../audit.js';
import type { Db } from '../../store/database.js';
import { loadForRead } from './internal/session-guards.js';
import { readingOf } from './internal/session-rows.js';

export async function listSessionReadings(
  db: Db,
  actor: Actor,
  sessionId: string,
  page: { limit: number; before?: string | undefined; beforeClientId?: string | undefined },
  meta: RequestMeta,
  options: { stageAudit?: boolean } = {},
): Promise<SessionReadingsPage> {
  // No transaction: the access check, then the audit event (committed), then the page.
  return onOneConnection(db, async (tx) => {
    const s = await loadForRead(tx, actor, sessionId, meta, 'session.readings.read');
    const read = auditRecord(
      { ...meta, actor },
      {
        action: 'session.readings.read',
        recordType: 'dosing_session',
        recordId: s.id,
        patientId: s.patient_id,
        outcome: 'allowed',
        details: { limit: page.limit, paged: page.before !== undefined },
      },
    );
    if (options.stageAudit === true) await stageAuditRecords(tx, [read]);
    else await appendAuditRecords(tx, [read]);
    const before = page.before;
    const beforeClientId = page.beforeClientId;
    // Keyset order (time, then the monitor's id): a page never splits or repeats readings of one instant.
    const rows = await tx
      .selectFrom('vital_reading')
      .selectAll()
      .where('session_id', '=', s.id)
      .$if(before !== undefined && beforeClientId !== undefined, (q) =>
        q.where(sql<boolean>`(measured_at, client_id) < (${new Date(before as string)}, ${beforeClientId as string})`),
      )
      .orderBy('measured_at', 'desc')
      .orderBy('client_id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const shown = rows.slice(0, page.limit);
    const oldest = shown.at(-1);
    return {
      readings: shown.reverse().map(readingOf),
      older:
        rows.length > page.limit && oldest !== undefined
          ? { before: oldest.measured_at.toISOString(), beforeClientId: oldest.client_id }
          : null,
    };
  });
}
