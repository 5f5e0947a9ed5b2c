/**
 * Use case: the Today board of a site's dosing sessions.
 *
 * @module
 */
import type { DosingBoardItem } from '@kairos/api';
import { assertSiteInScope } from '../access/site-scope.js';
import { audit } from '../audit.js';
import { listSchedule } from '../scheduling/list-schedule.js';
import type { Actor, RequestMeta } from '../context.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { sessionView } from './internal/session-view.js';

/**
 * The Today board: the site's scheduled dosing events between two instants that have a session,
 * each with its console state, latest vitals, open alerts, overdue items and what holds it.
 */
export async function todayBoard(
  db: Db,
  actor: Actor,
  query: { siteId: string; from: string; to: string },
  meta: RequestMeta,
): Promise<DosingBoardItem[]> {
  return transact(db, async (tx) => {
    assertSiteInScope(actor, query.siteId, meta, 'today.read');
    const events = (await listSchedule(tx, actor, { siteId: query.siteId, from: query.from, to: query.to })).filter(
      (e) => e.kind === 'dosing' && e.state === 'scheduled',
    );
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
        openAlerts: view.alerts.filter((a) => a.acknowledgedAt === null),
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
