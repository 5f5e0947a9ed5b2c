/**
 * The demo's live monitor: while the server runs in demo mode, the session the demo started
 * infusing keeps receiving a normal-course reading every simulated minute, like a connected
 * monitor would post through the device API.
 *
 * @module
 */
import { sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { LiveBus } from '../../events/live-events.js';
import type { Logger } from '../../logger.js';
import { scenarioReading } from '../../simulator/scenarios.js';
import { recordReadings } from '../dosing-session/record-readings.js';
import { internalMeta } from '../context.js';
import type { Db } from '../../store/database.js';

/** Starts the feed; returns a function that stops it. */
export function startDemoLiveFeed(db: Db, clock: Clock, bus: LiveBus, logger: Logger, speed: number): () => void {
  const tick = async (): Promise<void> => {
    const sessions = await db
      .selectFrom('dosing_session')
      .select(['id', 'infusion_started_at'])
      .where('state', 'in', ['infusing', 'paused', 'observing'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('vital_reading')
            .select('client_id')
            .whereRef('vital_reading.session_id', '=', 'dosing_session.id')
            .where(sql<boolean>`client_id LIKE 'feed-%'`),
        ),
      )
      .execute();
    for (const s of sessions) {
      if (s.infusion_started_at === null) continue;
      const now = clock.nowMs();
      const minute = Math.floor((now - s.infusion_started_at.getTime()) / 60_000);
      await recordReadings(
        db,
        {},
        s.id,
        [{ clientId: `feed-${minute}`, measuredAt: new Date(now).toISOString(), ...scenarioReading('normal', minute) }],
        internalMeta('demo-monitor', new Date(now)),
      );
    }
    if (sessions.length > 0) bus.nudge();
  };
  const timer = setInterval(
    () => {
      tick().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'demo monitor feed failed'));
    },
    Math.max(1000, 60_000 / speed),
  );
  timer.unref();
  return () => clearInterval(timer);
}
