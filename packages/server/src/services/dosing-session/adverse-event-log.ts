/**
 * Use case: the site's adverse events log, a page at a time, newest first, with the counts by kind
 * and by severity of everything the filters match (all pages). Scoped like every patient list:
 * the actor's own site (another is refused and audited); the medical director sees every patient
 * of the site, prescribers, nurses and therapists their care teams' patients. The read is audited,
 * naming the patients on the page.
 *
 * @module
 */
import {
  ADVERSE_EVENT_KINDS,
  ADVERSE_EVENT_SEVERITIES,
  parseAdverseEventLogCursor,
  type AdverseEventLog,
  type AdverseEventLogQuery,
} from '@kairos/api';
import { audit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { filterDetails, filteredEvents, logSiteOf, pageOf, positionCursor, toLogItem } from './internal/adverse-event-log-query.js';

const ACTION = 'adverse-event.log.read';

export async function readAdverseEventLog(db: Db, actor: Actor, query: AdverseEventLogQuery, meta: RequestMeta): Promise<AdverseEventLog> {
  const { limit, cursor, ...filter } = query;
  return transact(db, async (tx) => {
    const site = await logSiteOf(tx, actor, filter.siteId, meta, ACTION);
    const events = filteredEvents(tx, actor, site, filter);
    const kinds = await events
      .select((eb) => ['a.kind', eb.fn.countAll<string>().as('n')])
      .groupBy('a.kind')
      .execute();
    const severities = await events
      .select((eb) => ['a.severity', eb.fn.countAll<string>().as('n')])
      .groupBy('a.severity')
      .execute();
    const page = await pageOf(events, cursor === undefined ? undefined : parseAdverseEventLogCursor(cursor), limit);
    const byKind = ADVERSE_EVENT_KINDS.map((kind) => ({ kind, count: Number(kinds.find((k) => k.kind === kind)?.n ?? 0) }));
    const bySeverity = ADVERSE_EVENT_SEVERITIES.map((severity) => ({
      severity,
      count: Number(severities.find((s) => s.severity === severity)?.n ?? 0),
    }));
    await audit(
      tx,
      { ...meta, actor },
      {
        action: ACTION,
        recordType: 'adverse_event',
        outcome: 'allowed',
        details: {
          filters: filterDetails(filter),
          paged: cursor !== undefined,
          results: page.rows.length,
          patientIds: [...new Set(page.rows.map((r) => r.patient_id))],
        },
      },
    );
    return {
      site: { id: site.id, name: site.name, timeZone: site.time_zone },
      items: page.rows.map(toLogItem),
      next: page.next === undefined ? null : positionCursor(page.next),
      total: bySeverity.reduce((n, s) => n + s.count, 0),
      byKind,
      bySeverity,
    };
  });
}
