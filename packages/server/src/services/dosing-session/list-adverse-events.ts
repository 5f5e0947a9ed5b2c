/**
 * Use case: list the adverse events of a dosing session.
 *
 * @module
 */
import type { AdverseEvent } from '@kairos/api';
import type { Db } from '../../store/database.js';
import { correctionsOf } from '../record-corrections.js';
import { ADVERSE_EVENT_COLUMNS } from './internal/session-rows.js';

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
    .select([...ADVERSE_EVENT_COLUMNS, 'a.serious', 'a.resolved_at', 'a.reviewed_at', 'r.display_name as reviewed_by', 'a.review_note'])
    .where('a.session_id', '=', sessionId)
    .orderBy('a.occurred_at')
    .execute();
  const corrections = await correctionsOf(
    db,
    'adverse_event',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    description: r.description,
    severity: r.severity,
    serious: r.serious,
    occurredAt: r.occurred_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
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
    corrections: corrections.get(r.id) ?? [],
  }));
}
