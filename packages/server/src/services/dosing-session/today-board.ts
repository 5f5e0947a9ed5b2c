/**
 * Use case: the Today board of a site's dosing sessions.
 *
 * @module
 */
import type { DosingBoardItem } from '@kairos/api';
import { sessionOverdue } from '@kairos/core';
import { assertSiteInScope } from '../access/site-scope.js';
import { appendAuditRecords, auditRecord, stageAuditRecords } from '../audit.js';
import { listSchedule } from '../scheduling/list-schedule.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { loadSessionFacts } from './internal/board-facts.js';
import { anyOf } from '../../store/any-of.js';

/** The states before the infusion's start, when the board shows what holds a session. */
const BEFORE_START: readonly string[] = ['checked-in', 'pre-dose', 'scheduled'];

/**
 * The Today board: the site's scheduled dosing events between two instants that have a session,
 * each with its console state, latest vitals, open alerts, overdue items and what holds it; and,
 * when the range holds now, first every session of an earlier day begun and not yet discharged or aborted,
 * each flagged when overdue by the protocol's rule (protocol-defaults.md, "session overdue").
 * With `stageAudit` the read's audit event is staged (`stageAuditRecords`) for the caller to have sealed.
 */
export async function todayBoard(
  db: Db,
  actor: Actor,
  query: { siteId: string; from: string; to: string },
  meta: RequestMeta,
  options: { stageAudit?: boolean } = {},
): Promise<DosingBoardItem[]> {
  return transact(db, async (tx) => {
    assertSiteInScope(actor, query.siteId, meta, 'today.read');
    const inRange = (await listSchedule(tx, actor, { siteId: query.siteId, from: query.from, to: query.to })).filter(
      (e) => e.kind === 'dosing' && e.state === 'scheduled',
    );
    // A board that shows now also shows every session of an earlier day begun and still open (not
    // discharged or aborted), first: a session left infusing yesterday is found, not hidden by the date.
    const showsNow = Date.parse(query.from) <= meta.now.getTime() && meta.now.getTime() < Date.parse(query.to);
    const left = showsNow
      ? await tx
          .selectFrom('dosing_session as d')
          .innerJoin('scheduled_event as e', 'e.id', 'd.event_id')
          .select(['e.id', 'e.starts_at'])
          .where('d.site_id', '=', query.siteId)
          // Begun and not ended; a session never checked in is a missed booking, for the schedule.
          .where('d.state', 'in', ['checked-in', 'pre-dose', 'infusing', 'paused', 'observing'])
          .where('e.starts_at', '<', new Date(query.from))
          .orderBy('e.starts_at')
          .execute()
      : [];
    const earlier =
      left.length === 0
        ? []
        : (
            await listSchedule(tx, actor, {
              siteId: query.siteId,
              from: (left[0] as { starts_at: Date }).starts_at.toISOString(),
              to: query.from,
            })
          ).filter((e) => left.some((l) => l.id === e.id));
    const earlierIds = new Set(earlier.map((e) => e.id));
    const events = [...earlier, ...inRange.filter((e) => !earlierIds.has(e.id))];
    const sessions =
      events.length === 0
        ? []
        : await tx
            .selectFrom('dosing_session')
            .selectAll()
            .where('event_id', '=', anyOf(events.map((e) => e.id)))
            .execute();
    // The facts of every session at once (set queries, not a console view per session).
    const facts = await loadSessionFacts(tx, sessions, meta.now, (s) => BEFORE_START.includes(s.state));
    const items: DosingBoardItem[] = [];
    const sessionOfEvent = new Map(sessions.map((x) => [x.event_id, x]));
    for (const e of events) {
      const s = sessionOfEvent.get(e.id);
      if (s === undefined) continue;
      const f = facts.get(s.id);
      if (f === undefined) continue;
      const infusionStartedAt = s.infusion_started_at?.toISOString() ?? null;
      items.push({
        sessionId: s.id,
        eventId: e.id,
        // (a chair has a name and a room: the left joins find them whenever the event has a chair)
        chair: e.chair === null ? null : { id: e.chair.id, name: e.chair.name ?? '', room: e.chair.room ?? '' },
        patient: e.patient,
        staff: e.staff,
        startsAt: e.startsAt,
        state: s.state,
        route: s.route,
        pauseRecommended: s.pause_recommended,
        minutesSinceStart:
          s.infusion_started_at === null ? null : Math.floor((meta.now.getTime() - s.infusion_started_at.getTime()) / 60_000),
        infusionStartedAt,
        latestVitals: f.latestVitals,
        openAlerts: f.openAlerts,
        fromEarlierDay: earlierIds.has(e.id),
        overdueSession:
          sessionOverdue(
            {
              state: s.state,
              runningMinutes: f.course.progress?.runningMinutes ?? 0,
              plannedMinutes: f.course.plannedMinutes,
              infusionEndedAtMs: s.infusion_ended_at === null ? null : s.infusion_ended_at.getTime(),
            },
            meta.now.getTime(),
          ) ?? null,
        overdue: f.monitoring?.overdue ?? [],
        /** Before the start: what holds the infusion (a screening review hold, an expired item, a high-risk C-SSRS...), in plain words. */
        holds: (f.checklist ?? []).filter((i) => i.status === 'hold').map((i) => i.detail),
      });
    }
    const read = auditRecord(
      { ...meta, actor },
      { action: 'today.read', recordType: 'site', recordId: query.siteId, outcome: 'allowed', details: { sessions: items.length } },
    );
    // Staged (the caller has it sealed after the commit): fifty boards reading do not queue on the chain's lock.
    if (options.stageAudit === true) await stageAuditRecords(tx, [read]);
    else await appendAuditRecords(tx, [read]);
    return items;
  });
}
