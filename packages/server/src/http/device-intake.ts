/**
 * The one intake of monitors' readings of an app: the per-token rate limit and the group commit
 * (services/dosing-session/readings-ingest.ts). Shared by every route a monitor posts through (the
 * JSON device route, FHIR Observation), so readings from both are limited, grouped, classified and
 * alarmed alike.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { scheduleAuditSeal } from '../services/audit.js';
import { createReadingRateLimiter } from '../services/dosing-session/reading-rate.js';
import { createReadingsIngest, type ReadingsIngest } from '../services/dosing-session/readings-ingest.js';
import { storeReadingsTogether } from '../services/dosing-session/record-readings.js';

export interface DeviceIntake {
  /** Readings a device token may post a minute (this app instance's count). */
  readingRate: ReturnType<typeof createReadingRateLimiter>;
  /** Monitors posting at once share one transaction and one commit (group commit); each answered after it. */
  ingest: ReadingsIngest;
  /** Has audit events staged by a commit (`stageAudit`) sealed into the chain shortly after it. */
  sealSoon: () => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly deviceIntake: DeviceIntake;
  }
}

/** Makes the app's intake (before its routes are registered). */
export function createDeviceIntake(app: FastifyInstance): DeviceIntake {
  const db = () => app.ctx.database.db;
  const hold = app.ctx.config.testHoldGroupCommitMs;
  /** Has the audit events staged by a commit sealed into the chain shortly after it. */
  const sealSoon = () =>
    scheduleAuditSeal(db(), (err) =>
      app.log.error({ err: err instanceof Error ? err.name : 'error' }, 'staged audit events could not be sealed'),
    );
  return {
    sealSoon,
    readingRate: createReadingRateLimiter(),
    ingest: createReadingsIngest(db, {
      concurrency: app.ctx.database.engine === 'pglite' ? 1 : 2,
      // Their audit events are staged without the chain's lock and sealed into the chain right after.
      afterCommit: sealSoon,
      // The crash test's pause between a group's INSERT and its COMMIT (demo and test modes only).
      ...(hold > 0
        ? {
            storeTogether: async (tx, requests) => {
              const outcomes = await storeReadingsTogether(tx, requests);
              await new Promise((r) => setTimeout(r, hold));
              return outcomes;
            },
          }
        : {}),
    }),
  };
}
