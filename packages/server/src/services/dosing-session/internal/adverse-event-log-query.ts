/**
 * What the adverse events log and its CSV share: the site listed (the actor's own), the filters as
 * one query scoped the way every patient list is (the site's patients; outside a site-wide role,
 * only the care team's), one keyset page of it, newest first, and the row as the contract shows it.
 *
 * @module
 */
import { localDateTimeToUtcIso, localDaysToUtcRange } from '@kairos/core';
import type { AdverseEventLogFilter, AdverseEventLogItem } from '@kairos/api';
import { sql } from 'kysely';
import { assertSiteInScope, listSiteOf, otherSiteRefusal } from '../../access/site-scope.js';
import type { Actor, RequestMeta } from '../../context.js';
import { isSiteWide } from '../../patients/assert-patient-access.js';
import type { Db } from '../../../store/database.js';

export interface LogSite {
  id: string;
  name: string;
  time_zone: string;
}

/** The site the log lists: the one asked for (only the actor's own; another is refused and audited) or the actor's. */
export async function logSiteOf(tx: Db, actor: Actor, siteId: string | undefined, meta: RequestMeta, action: string): Promise<LogSite> {
  if (siteId !== undefined) assertSiteInScope(actor, siteId, meta, action);
  const id = siteId ?? actor.siteId;
  if (id === null) throw otherSiteRefusal(actor, listSiteOf(actor), meta, action);
  const site = await tx.selectFrom('site').select(['id', 'name', 'time_zone']).where('id', '=', id).executeTakeFirst();
  if (site === undefined) throw otherSiteRefusal(actor, id, meta, action);
  return site;
}

/** The filters as one query over adverse events and their patients: the site's, and only the patients the actor may see. */
export function filteredEvents(tx: Db, actor: Actor, site: LogSite, f: AdverseEventLogFilter) {
  let q = tx.selectFrom('adverse_event as a').innerJoin('patient as p', 'p.id', 'a.patient_id').where('p.site_id', '=', site.id);
  if (!isSiteWide(actor))
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_team_member as c')
          .select('c.patient_id')
          .whereRef('c.patient_id', '=', 'a.patient_id')
          .where('c.user_id', '=', actor.userId),
      ),
    );
  // Days of the site's calendar, both included: from local midnight of `from` to local midnight after `to`.
  if (f.from !== undefined) q = q.where('a.occurred_at', '>=', new Date(localDateTimeToUtcIso(f.from, 0, site.time_zone)));
  if (f.to !== undefined) q = q.where('a.occurred_at', '<', new Date(localDaysToUtcRange(f.to, 1, site.time_zone).to));
  if (f.kind !== undefined) q = q.where('a.kind', '=', f.kind);
  if (f.severity !== undefined) q = q.where('a.severity', '=', f.severity);
  if (f.review === 'reviewed') q = q.where('a.reviewed_at', 'is not', null);
  if (f.review === 'not-reviewed') q = q.where('a.reviewed_at', 'is', null);
  if (f.patientId !== undefined) q = q.where('a.patient_id', '=', f.patientId);
  return q;
}

export type FilteredEvents = ReturnType<typeof filteredEvents>;

/** A page position: the last row's onset and id. */
export interface LogPosition {
  occurredAt: string;
  id: string;
}

export const positionCursor = (p: LogPosition): string => `${p.occurredAt},${p.id}`;

/**
 * One page, newest first, after `after` (keyset on onset then id, so events of one instant are
 * never split or repeated across pages), with `limit + 1` rows read to know whether more follow.
 */
export async function pageOf(q: FilteredEvents, after: LogPosition | undefined, limit: number) {
  const rows = await q
    .innerJoin('app_user as u', 'u.id', 'a.reported_by')
    .leftJoin('app_user as r', 'r.id', 'a.reviewed_by')
    .select([
      'a.id',
      'a.session_id',
      'a.occurred_at',
      'a.resolved_at',
      'a.kind',
      'a.severity',
      'a.serious',
      'a.description',
      'a.action_taken',
      'a.reported_at',
      'a.reviewed_at',
      'a.review_note',
      'p.id as patient_id',
      'p.given_name',
      'p.family_name',
      'p.mrn',
      'u.display_name as reported_by',
      'r.display_name as reviewed_by',
    ])
    .select((eb) =>
      eb
        .selectFrom('record_correction as c')
        .select(eb.fn.countAll<string>().as('n'))
        .where('c.record_type', '=', 'adverse_event')
        .whereRef('c.record_id', '=', 'a.id')
        .as('corrections'),
    )
    .$if(after !== undefined, (qb) =>
      qb.where(sql<boolean>`(a.occurred_at, a.id) < (${new Date((after as LogPosition).occurredAt)}, ${(after as LogPosition).id}::uuid)`),
    )
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute();
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown,
    next: rows.length > limit && last !== undefined ? { occurredAt: last.occurred_at.toISOString(), id: last.id } : undefined,
  };
}

export type LogRow = Awaited<ReturnType<typeof pageOf>>['rows'][number];

export function toLogItem(r: LogRow): AdverseEventLogItem {
  return {
    id: r.id,
    sessionId: r.session_id,
    occurredAt: r.occurred_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    kind: r.kind,
    severity: r.severity,
    serious: r.serious,
    description: r.description,
    actionTaken: r.action_taken,
    patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
    reportedBy: r.reported_by,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
    reviewedBy: r.reviewed_by,
    corrections: Number(r.corrections ?? 0),
  };
}

/** The filters as the audit event records them (ids and values, no free text: there is none). */
export const filterDetails = (f: AdverseEventLogFilter): Record<string, string> =>
  Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string'));
