/**
 * Use case: a page of the audit trail for the viewer (issue 22, Must 3): the events of the viewer's
 * scope (`internal/audit-trail-query.ts`: the medical director's own site with patients by name;
 * administrators every site without patient data) that match the filters, newest first, a page at
 * a time from a cursor.
 *
 * Reading the trail is on the trail: one `audit.read` event per page (its filters, the page's
 * size and the patients it names), never one per event shown, so reading the reads adds one event
 * a page and no more. Events staged a moment ago (monitors' readings) are chained first, so the
 * page has them.
 *
 * @module
 */
import type { AuditEventPage, AuditEventsQuery } from '@kairos/api';
import { audit, sealPendingAudit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { AUDIT_READ, filtersOf, resolveAuditScope, selectAuditEvents } from './internal/audit-trail-query.js';

export async function listAuditEvents(db: Db, actor: Actor, query: AuditEventsQuery, meta: RequestMeta): Promise<AuditEventPage> {
  if (query.cursor === undefined) await sealPendingAudit(db);
  const { limit, cursor, ...filters } = query;
  return transact(db, async (tx) => {
    const scope = await resolveAuditScope(tx, actor, filters, meta, AUDIT_READ);
    // One more than the page: whether an older page exists, without counting the trail.
    const rows = await selectAuditEvents(tx, scope, filters, cursor, limit + 1);
    const items = rows.slice(0, limit);
    const patientIds = [...new Set(items.flatMap((e) => (e.patient === null ? [] : [e.patient.id])))];
    await audit(
      tx,
      { ...meta, actor },
      {
        action: AUDIT_READ,
        recordType: 'audit_event',
        patientId: filters.patientId ?? null,
        outcome: 'allowed',
        details: { filters: filtersOf(filters), page: cursor === undefined ? 'first' : 'older', events: items.length, patientIds },
      },
    );
    return {
      items,
      nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
      timeZone: scope.timeZone,
      patientsShown: scope.patientsShown,
    };
  });
}
