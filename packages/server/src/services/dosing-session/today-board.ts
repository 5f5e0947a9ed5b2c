/**
 * Use case: the Today board of a site's dosing sessions.
 *
 * @module
 */
import type { DosingBoardItem } from '@kairos/api';
import { sessionOverdue } from '@kairos/core';
import { assertSiteInScope } from '../access/site-scope.js';
import { audit } from '../audit.js';
import { listSchedule } from '../scheduling/list-schedule.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { sessionView } from './internal/session-view.js';

/**
 * The Today board: the site's scheduled dosing events between two instants that have a session,
 * each with its console state, latest vitals, open alerts, overdue items and what holds it; and,
 * when the range holds now, first every session of an earlier day begun and not yet discharged or aborted,
 * each flagged when overdue by the protocol's rule (protocol-defaults.md, "session overdue").
 */
export async function todayBoard(
  db: Db,
  actor: Actor,
  query: { siteId: string; from: string; to: string },
  meta: RequestMeta,
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
            .select(['id', 'event_id'])
            .where(
              'event_id',
              'in',
              events.map((e) => e.id),
            )
            .execute();
    const items: DosingBoardItem[] = [];
    for (const e of events) {
      const s = sessions.find((x) => x.event_id === e.id);
      if (s === undefined) continue;
      const view = await sessionView(tx, s.id, meta.now);
      items.push({
        sessionId: s.id,
        // (a chair has a name and a room: the left joins find them whenever the event has a chair)
        chair: e.chair === null ? null : { id: e.chair.id, name: e.chair.name ?? '', room: e.chair.room ?? '' },
        patient: e.patient,
        staff: e.staff,
        startsAt: e.startsAt,
        state: view.state,
        pauseRecommended: view.pauseRecommended,
        minutesSinceStart:
          view.infusionStartedAt === null ? null : Math.floor((meta.now.getTime() - Date.parse(view.infusionStartedAt)) / 60_000),
        infusionStartedAt: view.infusionStartedAt,
        latestVitals: view.readings.filter((r) => r.systolic !== null).at(-1) ?? null,
        openAlerts: view.alerts.filter((a) => a.acknowledgedAt === null && a.closedAt === null),
        fromEarlierDay: earlierIds.has(e.id),
        overdueSession:
          sessionOverdue(
            {
              state: view.state,
              runningMinutes: view.infusion.runningMinutes,
              plannedMinutes: view.infusion.plannedMinutes,
              infusionEndedAtMs: view.infusionEndedAt === null ? null : Date.parse(view.infusionEndedAt),
            },
            meta.now.getTime(),
          ) ?? null,
        overdue: view.monitoring?.overdue ?? [],
        /** Before the start: what holds the infusion (a screening review hold, an expired item, a high-risk C-SSRS...), in plain words. */
        holds: ['checked-in', 'pre-dose', 'scheduled'].includes(view.state)
          ? view.checklist.items.filter((i) => i.status === 'hold').map((i) => i.detail)
          : [],
      });
    }
    await audit(
      tx,
      { ...meta, actor },
      { action: 'today.read', recordType: 'site', recordId: query.siteId, outcome: 'allowed', details: { sessions: items.length } },
    );
    return items;
  });
}
