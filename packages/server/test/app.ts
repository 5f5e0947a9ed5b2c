/** Builds the app for API tests on a given database, in test mode, with a manual clock. */
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createManualClock, type Clock } from '../src/clock.js';
import type { Logger } from '../src/logger.js';
import { loadDemo } from '../src/services/demo/load-demo.js';
import { createLiveBus, type LiveBus } from '../src/events/live-events.js';
import { restoreDemoData } from './demo-fixture.js';

export type ManualClock = ReturnType<typeof createManualClock>;
import { loadConfig, type Config } from '../src/config.js';
import { buildApp } from '../src/http/build-app.js';
import type { Database } from '../src/store/database.js';

export const TEST_START_MS = Date.UTC(2026, 11, 1, 14, 0, 0);

export function testConfig(extra: Record<string, string> = {}): Config {
  return loadConfig({ KAIROS_MODE: 'test', LOG_LEVEL: 'silent', ...extra });
}

export async function buildTestApp(
  database: Database,
  {
    config = testConfig(),
    logger = pino({ level: 'silent' }),
    clock = createManualClock(TEST_START_MS),
    localAdminToken,
    bus,
  }: { config?: Config; logger?: Logger; clock?: Clock; localAdminToken?: string; bus?: LiveBus } = {},
): Promise<FastifyInstance> {
  const liveBus = bus ?? (await createLiveBus());
  const app = await buildApp({
    config,
    database,
    clock,
    logger,
    startedAtMs: clock.nowMs(),
    bus: liveBus,
    ...(localAdminToken ? { localAdminToken } : {}),
  });
  if (bus === undefined) app.addHook('onClose', async () => liveBus.close());
  return app;
}

/** The app on a database with the demo clinic loaded, and its manual clock. */
export async function buildDemoApp(
  database: Database,
  options: { config?: Config } = {},
): Promise<{ app: FastifyInstance; clock: ManualClock }> {
  const clock = createManualClock(TEST_START_MS);
  // The demo as global setup loaded it at TEST_START_MS (demo-fixture.ts); loaded here otherwise.
  const dump = process.env.KAIROS_TEST_DEMO_DUMP;
  if (dump !== undefined && existsSync(dump)) await restoreDemoData(database.db, dump);
  else await loadDemo(database.db, clock.now());
  const app = await buildTestApp(database, { ...options, clock });
  await app.ready();
  return { app, clock };
}
